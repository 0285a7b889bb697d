// A "Copy" button next to a read-only value (the new API token). Without JavaScript, or
// without clipboard access, the button stays hidden and the value can be selected by hand.
(function () {
  "use strict";

  document.querySelectorAll("[data-copy-target]").forEach((button) => {
    const field = document.getElementById(button.dataset.copyTarget);
    const status = document.querySelector("[data-copy-status]");
    if (!field || !navigator.clipboard) return;
    button.classList.remove("d-none");
    button.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(field.value);
        button.textContent = "Copied";
        if (status) status.textContent = "The token is on your clipboard.";
      } catch (error) {
        field.select();
        if (status) status.textContent = "Copying was blocked: the token is selected, press Ctrl+C.";
      }
    });
  });
})();
