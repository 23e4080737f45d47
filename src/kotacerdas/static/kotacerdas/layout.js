/* On a narrow screen the page's tabs scroll sideways in one row (app.css): bring the active
   tab into view so the reader sees where they are. */
(function () {
  "use strict";
  function showActiveTabs() {
    document.querySelectorAll("main .nav-tabs").forEach(function (tabs) {
      var active = tabs.querySelector(".nav-link.active");
      if (!active || tabs.scrollWidth <= tabs.clientWidth) { return; }
      var item = active.closest(".nav-item") || active;
      tabs.scrollLeft = item.offsetLeft - tabs.offsetLeft - (tabs.clientWidth - item.offsetWidth) / 2;
    });
  }
  document.addEventListener("DOMContentLoaded", showActiveTabs);
})();
