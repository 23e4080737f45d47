// Impact/effort chart of the quick-win page; the ranking table says the same without JS.
(function () {
  "use strict";
  var data = document.getElementById("impact-effort-data");
  var canvas = document.getElementById("impact-effort");
  if (!data || !canvas || typeof Chart === "undefined") {
    return;
  }
  var points = JSON.parse(data.textContent);
  new Chart(canvas, {
    type: "scatter",
    data: {
      datasets: [
        {
          data: points.map(function (p) { return { x: p.x, y: p.y, label: p.label }; }),
          pointRadius: points.map(function (p) { return p.chosen ? 7 : 4; }),
        },
      ],
    },
    options: {
      plugins: {
        legend: { display: false },
        tooltip: { callbacks: { label: function (ctx) { return ctx.raw.label; } } },
      },
      scales: { x: { min: 0, max: 6 }, y: { min: 0, max: 6 } },
    },
  });
})();
