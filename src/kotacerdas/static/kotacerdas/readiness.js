/* Readiness pages: draws the radar chart from the JSON next to it and redraws it
   whenever an htmx save replaces the score panel. */
(function () {
  "use strict";
  var chart = null;

  // The canvas has no id on purpose: htmx copies attributes between elements of the same
  // id when it settles a swap, and would re-apply the style Chart.js set (blocked by CSP).
  function draw() {
    var canvas = document.querySelector("canvas.radar-chart");
    var source = document.getElementById("radar-data");
    if (!canvas || !source || typeof Chart === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    if (chart) { chart.destroy(); }
    chart = new Chart(canvas, {
      type: "radar",
      data: {
        labels: data.labels,
        datasets: [
          { label: data.current_label, data: data.current, fill: true },
          { label: data.target_label, data: data.target, fill: false, borderDash: [6, 4] }
        ]
      },
      options: {
        animation: false,
        scales: { r: { min: data.min, max: data.max, ticks: { stepSize: 1 } } },
        plugins: { legend: { position: "bottom" } }
      }
    });
    canvas.dataset.current = data.current.join(",");
  }

  document.addEventListener("DOMContentLoaded", draw);
  document.addEventListener("htmx:afterSettle", draw);
}());
