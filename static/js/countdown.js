// Live countdowns on the custody board: every element with data-deadline="<ISO 8601>" shows
// the time left, and turns red with "OVERDUE" once the deadline has passed. Elements added
// later (the board table refreshes itself through htmx) are picked up on the next tick.
(function () {
  "use strict";

  function pad(n) {
    return n < 10 ? "0" + n : String(n);
  }

  function format(ms) {
    var total = Math.floor(Math.abs(ms) / 1000);
    var days = Math.floor(total / 86400);
    var hours = Math.floor((total % 86400) / 3600);
    var minutes = Math.floor((total % 3600) / 60);
    var seconds = total % 60;
    var clock = pad(hours) + ":" + pad(minutes) + ":" + pad(seconds);
    return days > 0 ? days + " d " + clock : clock;
  }

  function update(element, now) {
    var deadline = Date.parse(element.getAttribute("data-deadline"));
    if (isNaN(deadline)) {
      return;
    }
    var left = deadline - now;
    var overdue = left <= 0;
    element.textContent = overdue ? "OVERDUE +" + format(left) : format(left);
    element.classList.toggle("countdown-overdue", overdue);
    element.setAttribute("data-overdue", overdue ? "true" : "false");
    var row = element.closest("tr");
    if (row && overdue) {
      row.classList.add("table-danger");
    }
  }

  function tick() {
    var now = Date.now();
    document.querySelectorAll("[data-deadline]").forEach(function (element) {
      update(element, now);
    });
  }

  tick();
  window.setInterval(tick, 1000);
})();
