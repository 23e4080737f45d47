// Draws the roadmap Gantt from the JSON the page carries; the table beside it works without JS.
(function () {
  "use strict";
  var data = document.getElementById("roadmap-tasks");
  var target = document.getElementById("gantt");
  if (!data || !target || typeof Gantt === "undefined") {
    return;
  }
  // frappe-gantt writes a task's name into the page as HTML (bar labels and popups):
  // escape every name first, so a programme called "<img …>" shows as text.
  function escapeHtml(text) {
    return String(text)
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;")
      .replace(/'/g, "&#39;");
  }
  var tasks = JSON.parse(data.textContent).map(function (task) {
    task.name = escapeHtml(task.name);
    if (task.description) {
      task.description = escapeHtml(task.description);
    }
    return task;
  });
  if (!tasks.length) {
    return;
  }
  // Quarters only show in the month view; whole-year programmes read best by year.
  var quarterly = tasks.some(function (task) {
    return task.custom_class !== "gantt-milestone" &&
      (!/-01-01$/.test(task.start) || !/-12-31$/.test(task.end));
  });
  new Gantt(target, tasks, {
    view_mode: quarterly ? "Month" : "Year",
    readonly: true,
    // The period is fixed: no endless padding on scroll (it can keep the page busy forever).
    infinite_padding: false,
    scroll_to: "start",
    popup_on: "hover",
    language: document.documentElement.lang || "id",
  });
})();
