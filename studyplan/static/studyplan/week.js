// Loaded after app.js. When its data-confirm question was answered "no", app.js prevents the
// submit; htmx ignores that and would still send the form, so the event stops here too.
document.addEventListener("submit", (event) => {
  if (event.defaultPrevented && event.target.closest("form[data-confirm][hx-post]")) {
    event.stopPropagation();
  }
}, true);
