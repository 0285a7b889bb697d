// Practice session page: a timer that fills the time field, follow-ups shown after the target,
// Mermaid drawings of the diagram (preview while writing, rendered after finishing), and the
// draft's last keystrokes sent when the page is left.
(function () {
  "use strict";

  function pad(value) {
    return String(value).padStart(2, "0");
  }

  function format(seconds) {
    const hours = Math.floor(seconds / 3600);
    const rest = `${pad(Math.floor((seconds % 3600) / 60))}:${pad(seconds % 60)}`;
    return hours ? `${hours}:${rest}` : rest;
  }

  function startTimer(panel) {
    const target = Number(panel.dataset.targetSeconds);
    const shown = document.getElementById("timer-elapsed");
    const status = document.getElementById("timer-status");
    const toggle = document.getElementById("timer-toggle");
    const field = document.getElementById("id_duration_seconds");
    const followUps = document.getElementById("follow-ups");
    let runningSince = Date.now();
    // The server's count since the session started: a reload continues, it does not restart.
    let banked = Number(panel.dataset.elapsedSeconds || 0) * 1000;
    let announced = false;
    // A time the server refused stays in the field, next to its error, until it is edited.
    let typed = Boolean(field && field.classList.contains("is-invalid"));
    if (field) field.addEventListener("input", () => { typed = true; });

    function elapsed() {
      const running = runningSince === null ? 0 : Date.now() - runningSince;
      return Math.floor((banked + running) / 1000);
    }

    function tick() {
      const seconds = elapsed();
      shown.textContent = format(seconds);
      if (field && !typed) field.value = String(seconds);
      if (seconds >= target && !announced) {
        announced = true;
        status.textContent = "Target time reached.";
        if (followUps) followUps.open = true;
      }
    }

    toggle.addEventListener("click", () => {
      if (runningSince === null) {
        runningSince = Date.now();
        toggle.textContent = "Pause";
      } else {
        banked += Date.now() - runningSince;
        runningSince = null;
        toggle.textContent = "Resume";
      }
      tick();
    });
    tick();
    window.setInterval(tick, 1000);
  }

  let counter = 0;
  async function draw(source, target) {
    if (typeof window.mermaid === "undefined") return false;
    window.mermaid.initialize({ startOnLoad: false, securityLevel: "strict", theme: "neutral" });
    try {
      counter += 1;
      const { svg } = await window.mermaid.render(`practice-mermaid-${counter}`, source);
      target.innerHTML = svg;
      return true;
    } catch (error) {
      target.textContent = "Mermaid could not read this diagram yet.";
      return false;
    }
  }

  const panel = document.getElementById("timer");
  if (panel) startTimer(panel);

  // Typing is saved by htmx after a pause; leaving before that pause hands the last
  // keystrokes to the browser to deliver after the tab closes.
  const form = document.getElementById("finish-form");
  if (form) {
    let edits = 0;
    let savedEdits = 0;
    let sentEdits = 0;
    const drafted = ["id_notes", "id_diagram"];
    form.addEventListener("input", (event) => {
      if (drafted.includes(event.target.id)) edits += 1;
    });
    form.addEventListener("submit", () => { savedEdits = edits; });
    form.addEventListener("htmx:beforeRequest", () => { sentEdits = edits; });
    form.addEventListener("htmx:afterRequest", (event) => {
      if (event.detail.successful && event.detail.xhr.responseText.includes("Draft saved at")) {
        savedEdits = Math.max(savedEdits, sentEdits);
      }
    });
    window.addEventListener("pagehide", () => {
      if (edits > savedEdits && navigator.sendBeacon) {
        navigator.sendBeacon(form.getAttribute("hx-post"), new FormData(form));
      }
    });
  }

  const previewButton = document.getElementById("diagram-preview-button");
  if (previewButton) {
    previewButton.addEventListener("click", () => {
      draw(document.getElementById("id_diagram").value, document.getElementById("diagram-preview"));
    });
  }
  document.querySelectorAll("[data-mermaid-source]").forEach((target) => {
    const source = document.getElementById(target.dataset.mermaidSource);
    if (source) draw(source.textContent, target);
  });
})();
