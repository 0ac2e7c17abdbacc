// Charts of the agency dashboard. Each canvas names, in data-chart-source, the json_script
// element holding its data ({title, type, stacked, labels, datasets}); the CSP forbids
// inline script, so nothing else carries data.
(function () {
  "use strict";

  const COLOURS = ["rgba(13, 110, 253, 0.7)", "rgba(220, 53, 69, 0.7)", "rgba(25, 135, 84, 0.7)"];

  function draw(canvas) {
    const source = document.getElementById(canvas.getAttribute("data-chart-source"));
    if (!source || typeof window.Chart === "undefined") {
      return;
    }
    const data = JSON.parse(source.textContent);
    return new window.Chart(canvas, {
      type: data.type,
      data: {
        labels: data.labels,
        datasets: data.datasets.map(function (set, i) {
          return { label: set.label, data: set.data, backgroundColor: COLOURS[i % COLOURS.length] };
        }),
      },
      options: {
        animation: false,
        scales: { x: { stacked: data.stacked }, y: { stacked: data.stacked, beginAtZero: true, ticks: { precision: 0 } } },
        plugins: { legend: { display: data.datasets.length > 1 }, title: { display: true, text: data.title } },
      },
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("canvas[data-dashboard-chart]").forEach(draw);
  });
})();
