// Import pages: show the progress bar while the browser uploads the file and the server checks
// or imports it (a form with data-progress="#id" reveals that element when it is submitted).
(function () {
  "use strict";

  document.addEventListener("submit", function (event) {
    const form = event.target;
    const target = form.getAttribute("data-progress");
    if (!target || event.defaultPrevented) {
      return;
    }
    const box = document.querySelector(target);
    if (box) {
      box.classList.remove("d-none");
    }
    form.querySelectorAll("button[type=submit]").forEach(function (button) {
      button.disabled = true;
    });
  });

  // Coming back with the browser's Back button: the page must not look busy.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-progress]").forEach(function (form) {
      const box = document.querySelector(form.getAttribute("data-progress"));
      if (box) {
        box.classList.add("d-none");
      }
      form.querySelectorAll("button[type=submit]").forEach(function (button) {
        button.disabled = false;
      });
    });
  });
})();
