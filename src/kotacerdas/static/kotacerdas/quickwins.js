// Impact/effort chart of the quick-win page; the table beside it says the same without JS.
// Chart.js draws every text (axis titles, point labels, tooltips) on the canvas: names never
// become markup.
(function () {
  "use strict";
  var data = document.getElementById("impact-effort-data");
  var canvas = document.getElementById("impact-effort");
  if (!data || !canvas || typeof Chart === "undefined") {
    return;
  }
  var chart = JSON.parse(data.textContent);
  var points = chart.points;

  // Writes each point's programme code beside it; points on the same spot share one label.
  var pointLabels = {
    id: "pointLabels",
    afterDatasetsDraw: function (c) {
      var ctx = c.ctx;
      var meta = c.getDatasetMeta(0);
      var byPlace = {};
      meta.data.forEach(function (element, i) {
        var key = Math.round(element.x) + "," + Math.round(element.y);
        (byPlace[key] = byPlace[key] || { element: element, codes: [] }).codes.push(points[i].label);
      });
      ctx.save();
      ctx.font = "12px system-ui, sans-serif";
      ctx.fillStyle = "#212529";
      ctx.textBaseline = "middle";
      Object.keys(byPlace).forEach(function (key) {
        var place = byPlace[key];
        var text = place.codes.length > 3
          ? place.codes.slice(0, 3).join(", ") + " +" + (place.codes.length - 3)
          : place.codes.join(", ");
        var x = place.element.x + 9;
        if (x + ctx.measureText(text).width > c.chartArea.right) {
          ctx.textAlign = "right";
          x = place.element.x - 9;
        } else {
          ctx.textAlign = "left";
        }
        ctx.fillText(text, x, place.element.y);
      });
      ctx.restore();
    },
  };

  new Chart(canvas, {
    type: "scatter",
    data: {
      datasets: [
        {
          data: points.map(function (p) { return { x: p.x, y: p.y }; }),
          pointRadius: points.map(function (p) { return p.chosen ? 7 : 4; }),
          pointStyle: points.map(function (p) { return p.chosen ? "rectRot" : "circle"; }),
        },
      ],
    },
    plugins: [pointLabels],
    options: {
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            label: function (ctx) {
              var p = points[ctx.dataIndex];
              return p.label + " " + p.name + " (" + p.y + " / " + p.x + ")";
            },
          },
        },
      },
      scales: {
        x: { min: 0, max: 6, ticks: { stepSize: 1 }, title: { display: true, text: chart.axes.x } },
        y: { min: 0, max: 6, ticks: { stepSize: 1 }, title: { display: true, text: chart.axes.y } },
      },
    },
  });
})();
