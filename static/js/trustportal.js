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
