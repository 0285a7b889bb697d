// Small progressive enhancements shared by every page; each works without JS too.
document.addEventListener("submit", (event) => {
  const form = event.target.closest("form[data-confirm]");
  if (form && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
  }
}, true);

document.addEventListener("focusin", (event) => {
  if (event.target.matches("[data-select-on-focus]")) {
    event.target.select();
  }
});

// A form htmx opens in place (hx-get into an element marked data-focus-on-load) takes the
// keyboard focus: the link that opened it is gone, and focus would fall back to the page.
document.addEventListener("htmx:afterSwap", (event) => {
  const target = event.detail.target;
  if (target && target.matches("[data-focus-on-load]")) {
    const field = target.querySelector("select, input:not([type=hidden]), textarea, button");
    if (field) {
      field.focus();
    }
  }
});
