// Charts for training reports. Data comes from a json_script element named by the canvas's
// data-chart-source attribute (the CSP forbids inline script).
(function () {
  "use strict";

  function drawBar(canvas) {
    const source = document.getElementById(canvas.getAttribute("data-chart-source"));
    if (!source || typeof window.Chart === "undefined") {
      return;
    }
    const data = JSON.parse(source.textContent);
    return new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: [{ label: data.title, data: data.values, backgroundColor: "rgba(220, 53, 69, 0.7)" }],
      },
      options: {
        indexAxis: "y",
        animation: false,
        scales: { x: { min: 0, max: 100, title: { display: true, text: "% wrong" } } },
        plugins: { legend: { display: false }, title: { display: true, text: data.title } },
      },
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("canvas[data-chart-source]").forEach(drawBar);
  });
})();
