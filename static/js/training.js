// Training pages: the attempt countdown (the server enforces the limit; this only shows it
// and submits the saved answers when time runs out) and the certificate's print button.
(function () {
  "use strict";

  function pad(n) {
    return String(n).padStart(2, "0");
  }

  function startTimer(timer) {
    const deadline = Date.parse(timer.getAttribute("data-deadline"));
    const form = document.getElementById("attempt-form");
    if (Number.isNaN(deadline) || !form) {
      return;
    }
    let submitted = false;
    function tick() {
      const left = Math.max(0, Math.floor((deadline - Date.now()) / 1000));
      timer.textContent = "Time left " + Math.floor(left / 60) + ":" + pad(left % 60);
      if (left === 0 && !submitted) {
        submitted = true;
        const flag = document.createElement("input");
        flag.type = "hidden";
        flag.name = "submit";
        flag.value = "1";
        form.appendChild(flag);
        form.submit(); // no confirmation: the time is up
      }
    }
    tick();
    window.setInterval(tick, 1000);
  }

  document.addEventListener("DOMContentLoaded", function () {
    const timer = document.getElementById("attempt-timer");
    if (timer) {
      startTimer(timer);
    }
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () {
        window.print();
      });
    });
  });
})();
