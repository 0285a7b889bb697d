// Story editor and rehearsal helpers; every page still works without them.
(() => {
  const countWords = (text) => (text.match(/[A-Za-z0-9\u00C0-\u024F]+(?:['’][A-Za-z]+)?/g) || []).length;

  // Live word count under each section.
  document.querySelectorAll("textarea[data-word-count]").forEach((area) => {
    const counter = document.createElement("div");
    counter.className = "form-text word-count";
    counter.setAttribute("aria-live", "off");
    const update = () => {
      const words = countWords(area.value);
      counter.textContent = `${words} word${words === 1 ? "" : "s"} · about ${Math.round(words * 60 / 150)} s spoken`;
    };
    area.insertAdjacentElement("afterend", counter);
    area.addEventListener("input", update);
    update();
  });

  // Show only the chosen framework's sections.
  const frameworkSelect = document.querySelector("[data-framework-select]");
  const showFramework = () => {
    document.querySelectorAll(".framework-sections").forEach((block) => {
      block.hidden = block.dataset.framework !== frameworkSelect.value;
    });
  };
  if (frameworkSelect) {
    frameworkSelect.addEventListener("change", showFramework);
    showFramework();
  }

  // A new metric row from the formset's empty form.
  const addMetric = document.querySelector("[data-add-metric]");
  if (addMetric) {
    addMetric.addEventListener("click", () => {
      const total = document.querySelector("#id_metrics-TOTAL_FORMS");
      const index = Number(total.value);
      const html = document.querySelector("#metric-row-template").innerHTML.replaceAll("__prefix__", index);
      document.querySelector("#metric-rows").insertAdjacentHTML("beforeend", html);
      total.value = index + 1;
      document.querySelector(`#id_metrics-${index}-label`).focus();
    });
  }

  // Typing autosave has not stored yet: warn before leaving, send it anyway, report failures.
  const storyForm = document.querySelector("#story-form");
  if (storyForm) {
    let edits = 0;
    let savedEdits = 0;
    let sentEdits = 0;
    storyForm.addEventListener("input", () => { edits += 1; });
    // Autosave pauses while the conflict panel asks the writer to choose. This lives here, not
    // in an hx-trigger filter, because htmx evaluates such filters as strings, which the CSP forbids.
    storyForm.addEventListener("htmx:confirm", (event) => {
      if (document.querySelector("#conflict-panel section")) event.preventDefault();
    });
    storyForm.addEventListener("submit", () => { savedEdits = edits; });
    storyForm.addEventListener("htmx:beforeRequest", () => { sentEdits = edits; });
    storyForm.addEventListener("htmx:afterRequest", (event) => {
      const status = document.querySelector("#autosave-status");
      if (!event.detail.successful) {
        status.textContent = "Not saved: connection problem. Keep this tab open; the next keystroke retries.";
        status.className = "small text-danger";
      } else if (event.detail.xhr.responseText.includes("Saved at")) {
        savedEdits = Math.max(savedEdits, sentEdits);
      }
    });
    window.addEventListener("beforeunload", (event) => {
      if (edits > savedEdits) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
    // Leaving anyway: hand the last keystrokes to the browser to deliver after the tab closes.
    window.addEventListener("pagehide", () => {
      if (edits > savedEdits && navigator.sendBeacon) {
        navigator.sendBeacon(storyForm.getAttribute("hx-post"), new FormData(storyForm));
      }
    });
  }

  // Rehearsal timer against the 2-3 minute target.
  const timer = document.querySelector("[data-rehearsal-timer]");
  if (timer) {
    const display = timer.querySelector("[data-timer-display]");
    const toggle = timer.querySelector("[data-timer-toggle]");
    const reset = timer.querySelector("[data-timer-reset]");
    const target = document.querySelector("[data-timer-target]");
    let started = null;
    let elapsed = 0;
    let tick = null;
    const seconds = () => Math.floor((elapsed + (started ? Date.now() - started : 0)) / 1000);
    const render = () => {
      const total = seconds();
      display.textContent = `${Math.floor(total / 60)}:${String(total % 60).padStart(2, "0")}`;
      display.className = "display-6 font-monospace " +
        (total < 120 ? "text-body" : total <= 180 ? "text-success" : "text-danger");
      if (target && total > 0) target.value = total;
    };
    toggle.addEventListener("click", () => {
      if (started) {
        elapsed += Date.now() - started;
        started = null;
        clearInterval(tick);
        toggle.textContent = "Resume";
      } else {
        started = Date.now();
        tick = setInterval(render, 250);
        toggle.textContent = "Pause";
      }
      render();
    });
    reset.addEventListener("click", () => {
      started = null;
      elapsed = 0;
      clearInterval(tick);
      toggle.textContent = "Start";
      render();
    });
  }
})();
