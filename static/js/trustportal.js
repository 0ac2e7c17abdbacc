// TrustPortal's own scripts (no inline script: the CSP forbids it).
document.addEventListener("submit", function (event) {
  const form = event.target;
  const question = form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});

// A courtesy against double clicks: once a form is sent, its submit buttons wait. The server
// guards against double submits on its own (trustportal/common/idempotency.py).
document.addEventListener("submit", function (event) {
  if (event.defaultPrevented) {
    return;
  }
  const form = event.target;
  if (form.hasAttribute("hx-post") || form.hasAttribute("data-no-disable")) {
    return;
  }
  window.setTimeout(function () {
    form.querySelectorAll("button[type=submit], input[type=submit], button:not([type])").forEach(function (button) {
      button.disabled = true;
      button.setAttribute("aria-disabled", "true");
    });
  }, 0);
});

// A table wider than the screen scrolls in its box: keyboard users must be able to reach
// and scroll it too (axe: scrollable-region-focusable).
function focusableScrollBoxes() {
  document.querySelectorAll(".table-responsive").forEach(function (box) {
    const scrolls = box.scrollWidth > box.clientWidth || box.scrollHeight > box.clientHeight;
    if (scrolls && !box.hasAttribute("tabindex")) {
      box.setAttribute("tabindex", "0");
    }
  });
}
["DOMContentLoaded", "htmx:afterSettle"].forEach(function (name) {
  document.addEventListener(name, focusableScrollBoxes);
});
["load", "resize"].forEach(function (name) {
  window.addEventListener(name, focusableScrollBoxes);
});
