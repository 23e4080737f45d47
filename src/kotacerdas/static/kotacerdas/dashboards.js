/* Monitoring dashboards: draws each chart from the JSON next to it (json_script), and wires
   the print button. Labels reach Chart.js as data and are drawn on the canvas as text; no
   value is ever inserted as HTML. Every chart has a table beside it, so the page reads
   without this script. */
(function () {
  "use strict";
  // One point style per data quality, as the legend under the chart says.
  var SHAPES = { measured: "circle", estimated: "triangle", modelled: "rect", unknown: "crossRot" };

  function shapes(data) {
    return (data.quality_codes || []).map(function (code) { return SHAPES[code] || "circle"; });
  }

  function draw(canvas) {
    var source = document.getElementById(canvas.dataset.source);
    if (!source || typeof Chart === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    if (!data) { return; }
    var line = canvas.dataset.kind === "line";
    var datasets = data.series.map(function (series, index) {
      var set = { label: series.label, data: series.data, spanGaps: true };
      if (line && index === 1 && data.quality) {
        set.pointStyle = shapes(data);
        set.pointRadius = 5;
      }
      if (line && index === 0) { set.borderDash = [6, 4]; }
      return set;
    });
    var options = { animation: false, plugins: { legend: { position: "bottom" } } };
    if (data.max) { options.scales = { y: { min: 0, max: data.max } }; }
    if (line && data.quality) {
      options.plugins.tooltip = {
        callbacks: {
          afterLabel: function (item) {
            return item.datasetIndex === 1 ? data.quality[item.dataIndex] : "";
          }
        }
      };
    }
    new Chart(canvas, { type: line ? "line" : "bar", data: { labels: data.labels, datasets: datasets }, options: options });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("canvas.dashboard-chart").forEach(draw);
    document.querySelectorAll(".dashboard-print").forEach(function (button) {
      button.classList.remove("d-none");
      button.addEventListener("click", function () { window.print(); });
    });
  });
}());
