// Draws the roadmap Gantt from the JSON the page carries; the tables beside it work without JS.
(function () {
  "use strict";
  var data = document.getElementById("roadmap-tasks");
  var target = document.getElementById("gantt");
  if (!data || !target || typeof Gantt === "undefined") {
    return;
  }
  var translate = typeof gettext === "function" ? gettext : function (text) { return text; };
  // frappe-gantt writes a bar's label into the page as HTML: escape it, so a code typed
  // like "<img …>" shows as text. Popups are filled below with textContent only.
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
    delete task.description;
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

  // The chart spans the plan's period: from the first year's first column to the last
  // year's last column (wider only when a programme runs outside it — a flagged conflict).
  var periodSource = document.getElementById("roadmap-period");
  var period = periodSource ? JSON.parse(periodSource.textContent) : {};
  var setupDates = Gantt.prototype.setup_gantt_dates;
  Gantt.prototype.setup_gantt_dates = function (refresh) {
    setupDates.call(this, refresh);
    if (!period.first || !period.last) { return; }
    var byMonth = this.config.unit === "month";
    var first = new Date(period.first, 0, 1);
    var last = new Date(period.last, byMonth ? 11 : 0, 1);
    var starts = this.tasks.map(function (t) { return t._start; });
    var ends = this.tasks.map(function (t) { return new Date(t._end.getTime() - 1); });
    var earliest = new Date(Math.min.apply(null, starts));
    var latest = new Date(Math.max.apply(null, ends));
    var unitStart = function (d) { return new Date(d.getFullYear(), byMonth ? d.getMonth() : 0, 1); };
    this.gantt_start = earliest < first ? unitStart(earliest) : first;
    this.gantt_end = latest > last ? unitStart(latest) : last;
  };

  // Popups name the task in full, as text.
  function popup(ctx) {
    ctx.get_title().textContent = ctx.task.title || "";
    ctx.get_subtitle().textContent = ctx.task.subtitle || "";
    ctx.get_details().textContent = ctx.task.details || "";
  }

  // The year view's upper header shows the decade ("2020") above the years: show the plan's
  // period once instead (frappe-gantt looks that text up again when it scrolls).
  var periodLabel = period.first ? period.first + "–" + period.last : "";
  var byYear = Object.assign({}, Gantt.VIEW_MODE.YEAR, {
    upper_text: function (date, previous) { return previous ? "" : periodLabel; },
  });
  var gantt = new Gantt(target, tasks, {
    view_mode: quarterly ? "Month" : byYear,
    readonly: true,
    // The period is fixed: no endless padding on scroll (it can keep the page busy forever).
    infinite_padding: false,
    scroll_to: "start",
    popup_on: "hover",
    popup: popup,
    language: document.documentElement.lang || "id",
  });
  // frappe-gantt centres a label in its bar: in the month view a long bar's label sits far
  // off screen. Put each label that fits at the start of its bar instead (frappe-gantt places
  // labels in an animation frame after drawing: run after it).
  function labelsAtStart() {
    target.querySelectorAll(".bar-wrapper").forEach(function (wrapper) {
      var bar = wrapper.querySelector(".bar");
      var label = wrapper.querySelector(".bar-label");
      if (!bar || !label || label.classList.contains("big")) { return; }
      label.setAttribute("x", Number(bar.getAttribute("x")) + 8);
      label.classList.add("bar-label-start");
    });
  }
  requestAnimationFrame(function () { requestAnimationFrame(labelsAtStart); });
  if (gantt.$today_button) {
    gantt.$today_button.textContent = translate("Today");
  }
})();
