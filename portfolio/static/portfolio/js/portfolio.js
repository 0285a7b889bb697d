// Portfolio pages: drag-and-drop ordering, adding formset rows, drawing Mermaid diagrams.
// Each is an enhancement: the up/down buttons, the extra empty row and the text diagram
// already work without JavaScript.
(function () {
  "use strict";

  function csrfToken() {
    const input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function enableDragOrdering(list) {
    let dragged = null;
    list.addEventListener("dragstart", (event) => {
      dragged = event.target.closest("[data-id]");
      if (dragged) {
        dragged.classList.add("opacity-50");
        event.dataTransfer.effectAllowed = "move";
      }
    });
    list.addEventListener("dragover", (event) => {
      const target = event.target.closest("[data-id]");
      if (!dragged || !target || target === dragged) return;
      event.preventDefault();
      const box = target.getBoundingClientRect();
      const after = event.clientY > box.top + box.height / 2;
      target.parentNode.insertBefore(dragged, after ? target.nextSibling : target);
    });
    list.addEventListener("dragend", () => {
      if (!dragged) return;
      dragged.classList.remove("opacity-50");
      dragged = null;
      const order = Array.from(list.querySelectorAll("[data-id]"), (item) => item.dataset.id);
      const body = new URLSearchParams({ order: order.join(",") });
      fetch(list.dataset.reorderUrl, {
        method: "POST",
        headers: { "X-CSRFToken": csrfToken() },
        body: body,
        credentials: "same-origin",
      }).then((response) => {
        // Reload so the numbering and the disabled up/down buttons match the new order.
        if (response.ok) window.location.reload();
      });
    });
  }

  function enableFormsetAdd(button) {
    const prefix = button.dataset.formsetAdd;
    const rows = document.querySelector(`[data-formset-rows="${prefix}"]`);
    const template = document.querySelector(`template[data-formset-template="${prefix}"]`);
    const total = document.getElementById(`id_${prefix}-TOTAL_FORMS`);
    if (!rows || !template || !total) return;
    button.classList.remove("d-none");
    button.addEventListener("click", () => {
      const index = Number(total.value);
      const html = template.innerHTML.replace(/__prefix__/g, String(index));
      rows.insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
      const first = rows.lastElementChild.querySelector("input:not([type=hidden]), select, textarea");
      if (first) first.focus();
    });
  }

  async function drawMermaidDiagrams() {
    const targets = document.querySelectorAll("[data-mermaid-source]");
    if (!targets.length || typeof window.mermaid === "undefined") return;
    // Until the server's drawing is ready the browser draws it, with the same options.
    window.mermaid.initialize({
      startOnLoad: false,
      securityLevel: "strict",
      theme: "neutral",
      htmlLabels: false,
      flowchart: { htmlLabels: false },
    });
    let counter = 0;
    for (const target of targets) {
      const source = document.getElementById(target.dataset.mermaidSource);
      if (!source) continue;
      try {
        counter += 1;
        const { svg } = await window.mermaid.render(`portfolio-mermaid-${counter}`, source.textContent);
        target.innerHTML = svg;
        target.classList.add("my-3");
      } catch (error) {
        // A diagram Mermaid cannot parse is not drawn: its source is shown instead.
        const details = source.closest("details");
        if (details) details.open = true;
        target.remove();
      }
    }
  }

  document.querySelectorAll("[data-reorder-url]").forEach(enableDragOrdering);
  document.querySelectorAll("[data-formset-add]").forEach(enableFormsetAdd);
  drawMermaidDiagrams();
})();
