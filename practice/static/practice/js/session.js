// Practice session page: a timer that fills the time field, follow-ups shown after the target,
// and Mermaid drawings of the diagram (preview while writing, rendered after finishing).
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
    let banked = 0;
    let announced = false;
    let typed = false;
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
