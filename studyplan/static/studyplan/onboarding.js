// A new account starts on UTC; offer the browser's own zone instead (the user can still change it).
const zoneSelect = document.getElementById("id_timezone");
const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
if (zoneSelect && zoneSelect.value === "UTC" && browserZone
    && zoneSelect.querySelector(`option[value="${CSS.escape(browserZone)}"]`)) {
  zoneSelect.value = browserZone;
}
