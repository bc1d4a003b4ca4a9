// casebook default theme: progressive enhancements only; every page works without it.
(function () {
  "use strict";
  // Results matrix: filter rows by institution name or type as you type.
  var input = document.querySelector("[data-matrix-filter]");
  if (input) {
    var rows = Array.prototype.slice.call(document.querySelectorAll(".matrix tbody tr"));
    var count = document.querySelector("[data-matrix-count]");
    var initial = count ? count.textContent : "";
    input.addEventListener("input", function () {
      var q = input.value.trim().toLowerCase();
      var shown = 0;
      rows.forEach(function (row) {
        var match = !q || (row.getAttribute("data-filter-text") || "").indexOf(q) !== -1;
        row.hidden = !match;
        if (match) shown++;
      });
      if (count) count.textContent = q ? shown + " of " + rows.length + " institutions" : initial;
    });
  }
})();
