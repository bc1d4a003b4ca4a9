/* casebook: sorting, filtering and CSV download for /results/ and the results matrix.
   Progressive enhancement: both pages are complete without it. The view (filters and
   sort) lives in the URL query, so a view can be linked and the back button restores it. */
(function () {
  "use strict";

  function each(list, fn) { Array.prototype.forEach.call(list, fn); }

  /* The view in the URL: the given keys (empty when absent). */
  function readQuery(keys) {
    var q = new URLSearchParams(window.location.search);
    var state = {};
    keys.forEach(function (k) { state[k] = q.get(k) || ""; });
    return state;
  }

  /* Writes the view into the URL (a new history entry, so Back returns to the last view). */
  function writeQuery(keys, state) {
    var q = new URLSearchParams();
    keys.forEach(function (k) { if (state[k]) q.set(k, state[k]); });
    var s = q.toString();
    var url = window.location.pathname + (s ? "?" + s : "") + window.location.hash;
    if (url !== window.location.pathname + window.location.search + window.location.hash) {
      window.history.pushState(null, "", url);
    }
  }

  /* Shows the select's value, adding an option for a value from the URL it does not have
     (a linked view of an institution without results), so the filter stays visible. */
  function setSelect(select, value) {
    if (value && !Array.prototype.some.call(select.options, function (o) { return o.value === value; })) {
      var o = document.createElement("option");
      o.value = value;
      o.textContent = tr("table_ui.no_results_option", { value: value });
      select.appendChild(o);
    }
    select.value = value;
  }

  /* The page's texts, from the theme's string catalogue in the page's language (the page
     writes them as JSON, id "table-strings"). A missing key reads as itself. */
  var STR = {};
  try {
    var strEl = document.getElementById("table-strings");
    if (strEl) STR = JSON.parse(strEl.textContent);
  } catch (e) {
    STR = {};
  }

  /* The text of `key` with `{name}` filled from `args`; `args.n` picks `one` or `other`. */
  function tr(key, args) {
    args = args || {};
    var v = STR[key];
    if (v == null) return key;
    if (Array.isArray(v)) v = args.n === 1 ? v[0] : v[1];
    return String(v).replace(/\{([A-Za-z0-9_]+)\}/g, function (m, name) {
      return args[name] != null ? String(args[name]) : m;
    });
  }

  function plural(n, key) { return tr(key, { n: n }); }

  function hidden(text) {
    var span = document.createElement("span");
    span.className = "visually-hidden";
    span.textContent = text;
    return span;
  }

  /* ------------------------------------------------------------------ /results/ */
  function resultsPage(table) {
    var form = document.querySelector("[data-results-filters]");
    var tbody = table.tBodies[0];
    var rows = Array.prototype.slice.call(tbody.rows);
    rows.forEach(function (row, i) { row._order = i; });
    var filterKeys = [];
    var selects = {};
    each(form.querySelectorAll("[data-filter]"), function (s) {
      filterKeys.push(s.name);
      selects[s.name] = s;
    });
    var keys = filterKeys.concat(["sort", "dir"]);
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var status = form.querySelector("[data-status]");
    var none = document.querySelector("[data-none]");
    var state = readQuery(keys);

    headers.forEach(function (th, col) {
      if (!th.hasAttribute("data-sort")) return;
      // A span with the button role, not a <button>: Chromium does not repeat a table
      // header that holds form controls on each printed page.
      var button = document.createElement("span");
      button.setAttribute("role", "button");
      button.tabIndex = 0;
      button.className = "sort-button";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      th.setAttribute("aria-sort", "none");
      button.addEventListener("keydown", function (e) {
        if (e.key === "Enter" || e.key === " ") {
          e.preventDefault();
          button.click();
        }
      });
      button.addEventListener("click", function () {
        var key = String(col);
        if (state.sort === key) {
          state.dir = state.dir === "desc" ? "" : "desc";
        } else {
          state.sort = key;
          state.dir = "";
        }
        writeQuery(keys, state);
        apply();
      });
    });

    function sortValue(row, col) {
      var cell = row.cells[col];
      var v = cell.getAttribute("data-v");
      return v === null ? cell.textContent.trim().toLowerCase() : v;
    }

    /* The rows shown, in the order shown. */
    function visibleRows() {
      return Array.prototype.filter.call(tbody.rows, function (r) { return !r.hidden; });
    }

    function apply() {
      filterKeys.forEach(function (k) { setSelect(selects[k], state[k]); });
      var shown = 0, total = 0;
      rows.forEach(function (row) {
        var match = filterKeys.every(function (k) {
          return !state[k] || row.getAttribute("data-" + k) === state[k];
        });
        row.hidden = !match;
        if (match) { shown++; total += Number(row.getAttribute("data-count")); }
      });
      var col = state.sort === "" ? -1 : Number(state.sort);
      var th = headers[col];
      var desc = state.dir === "desc";
      var numeric = th && th.getAttribute("data-sort") === "num";
      var ordered = rows.slice();
      if (th && th.hasAttribute("data-sort")) {
        ordered.sort(function (a, b) {
          var x = sortValue(a, col), y = sortValue(b, col), c;
          if (numeric) { c = Number(x) - Number(y); } else { c = x < y ? -1 : x > y ? 1 : 0; }
          return (desc ? -c : c) || a._order - b._order;
        });
      } else {
        col = -1;
        ordered.sort(function (a, b) { return a._order - b._order; });
      }
      ordered.forEach(function (r) { tbody.appendChild(r); });
      headers.forEach(function (h, i) {
        if (!h.hasAttribute("data-sort")) return;
        h.setAttribute("aria-sort", i === col ? (desc ? "descending" : "ascending") : "none");
      });
      var filtered = filterKeys.some(function (k) { return state[k]; });
      status.textContent = filtered
        ? tr("table_ui.showing_some", { records: plural(shown, "results_page.records"), total: rows.length, results: plural(total, "count.results") })
        : tr("table_ui.showing_all", { records: plural(rows.length, "results_page.records"), results: plural(total, "count.results") });
      if (none) none.hidden = shown > 0;
      form.querySelector("[data-download]").textContent = tr("table_ui.download", { records: plural(shown, "results_page.records") });
    }

    /* The CSV of exactly the rows shown, in the order shown: the same lines as results.csv. */
    function csv() {
      var lines = [table.getAttribute("data-csv-header")];
      visibleRows().forEach(function (r) { lines.push(r.getAttribute("data-csv")); });
      return "\ufeff" + lines.join("\r\n") + "\r\n";
    }

    function download() {
      var blob = new Blob([csv()], { type: "text/csv;charset=utf-8" });
      var url = URL.createObjectURL(blob);
      var a = document.createElement("a");
      var parts = filterKeys.filter(function (k) { return state[k]; }).map(function (k) { return state[k]; });
      a.href = url;
      a.download = "results" + (parts.length ? "-" + parts.join("-") : "") + ".csv";
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
    }

    filterKeys.forEach(function (k) {
      selects[k].addEventListener("change", function () {
        state[k] = selects[k].value;
        writeQuery(keys, state);
        apply();
      });
    });
    each(document.querySelectorAll("[data-clear]"), function (b) {
      b.addEventListener("click", function () {
        filterKeys.forEach(function (k) { state[k] = ""; });
        writeQuery(keys, state);
        apply();
      });
    });
    form.querySelector("[data-download]").addEventListener("click", download);
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    window.addEventListener("popstate", function () { state = readQuery(keys); apply(); });
    form.hidden = false;
    apply();
  }

  /* ------------------------------------------------------------------ the matrix */
  function matrixPage(table) {
    var form = document.querySelector("[data-matrix-tools]");
    var tbody = table.tBodies[0];
    var rows = Array.prototype.slice.call(tbody.rows);
    rows.forEach(function (row, i) { row._order = i; });
    var sortSelect = form.querySelector("[data-sort]");
    var selects = {};
    var filterKeys = [];
    each(form.querySelectorAll("[data-filter]"), function (s) {
      filterKeys.push(s.name);
      selects[s.name] = s;
    });
    var keys = ["sort"].concat(filterKeys);
    var status = form.querySelector("[data-status]");
    var state = readQuery(keys);
    // Each cell's records: [{year, level, rank, count}], and its first rendering.
    var cells = [];
    rows.forEach(function (row) {
      each(row.querySelectorAll("td.cell[data-r]"), function (td) {
        td._records = td.getAttribute("data-r").split(" ").map(function (r) {
          var f = r.split("|");
          return { year: f[0], level: f[1], rank: Number(f[2]), count: Number(f[3]) };
        });
        td._html = td.innerHTML;
        td._class = td.className;
        td._href = td.querySelector("a").getAttribute("href");
        cells.push(td);
      });
    });

    function levelText(rank) {
      if (rank === 0) return null;
      return String(Math.ceil(rank / 2)) + (rank % 2 === 0 ? "+" : "");
    }

    /* Renders a cell for the records that pass the level and year filters, like the page does. */
    function renderCell(td) {
      var recs = td._records.filter(function (r) {
        return (!state.level || r.level === state.level) && (!state.year || r.year === state.year);
      });
      if (!state.level && !state.year) {
        td.className = td._class;
        td.innerHTML = td._html;
        return sumCount(recs);
      }
      if (recs.length === 0) {
        td.className = "cell none";
        td.innerHTML = "";
        td.appendChild(hidden(tr("table_ui.no_match_cell")));
        return 0;
      }
      var rank = Math.max.apply(null, recs.map(function (r) { return r.rank; }));
      var count = sumCount(recs);
      var level = levelText(rank);
      var href = new URL(td._href, window.location.href);
      if (state.level) href.searchParams.set("level", state.level);
      if (state.year) href.searchParams.set("year", state.year);
      var a = document.createElement("a");
      a.href = href.pathname + href.search;
      a.title = tr("table_ui.cell_title", { n: count, level: level ? tr("stats.level", { level: level }) : tr("stats.level_not_reported") });
      a.appendChild(hidden(tr("matrix.cell_level")));
      if (level) {
        a.appendChild(document.createTextNode(level));
      } else {
        var tick = document.createElement("span");
        tick.setAttribute("aria-hidden", "true");
        tick.textContent = "✓";
        a.appendChild(tick);
        a.appendChild(hidden(tr("filter.level_not_reported")));
      }
      a.appendChild(document.createTextNode(" "));
      var n = document.createElement("span");
      n.className = "n";
      var times = document.createElement("span");
      times.setAttribute("aria-hidden", "true");
      times.textContent = "×";
      n.appendChild(times);
      n.appendChild(document.createTextNode(String(count)));
      n.appendChild(hidden(tr("matrix.cell_results", { n: count })));
      a.appendChild(n);
      td.className = "cell lv-s" + rank;
      td.innerHTML = "";
      td.appendChild(a);
      return count;
    }

    function sumCount(recs) {
      return recs.reduce(function (s, r) { return s + r.count; }, 0);
    }

    function apply() {
      setSelect(sortSelect, state.sort);
      filterKeys.forEach(function (k) { setSelect(selects[k], state[k]); });
      var shownRows = 0, shownTotal = 0;
      var narrowing = state.level || state.year || state.part;
      rows.forEach(function (row) {
        var total = 0;
        each(row.querySelectorAll("td.cell"), function (td) {
          var inPart = !state.part || td.getAttribute("data-part") === state.part;
          td.hidden = !inPart;
          if (td._records) {
            var n = renderCell(td);
            if (inPart) total += n;
          }
        });
        row.querySelector("td.total").textContent = narrowing ? total : row.getAttribute("data-total");
        var show = (!state.type || row.getAttribute("data-type") === state.type) && (!narrowing || total > 0);
        row.hidden = !show;
        if (show) { shownRows++; shownTotal += narrowing ? total : Number(row.getAttribute("data-total")); }
      });
      each(table.tHead.querySelectorAll("th[data-part]"), function (th) {
        th.hidden = !!state.part && th.getAttribute("data-part") !== state.part;
      });
      var by = {
        name: function (r) { return r.getAttribute("data-name").toLowerCase(); },
        first: function (r) { return r.getAttribute("data-first"); },
        total: function (r) { return -Number(r.querySelector("td.total").textContent); }
      }[state.sort];
      var ordered = rows.slice().sort(function (a, b) {
        if (by) {
          var x = by(a), y = by(b);
          if (x < y) return -1;
          if (x > y) return 1;
        }
        return a._order - b._order;
      });
      ordered.forEach(function (r) { tbody.appendChild(r); });
      var filtered = filterKeys.some(function (k) { return state[k]; });
      status.textContent = tr("table_ui.matrix_status", { filtered: filtered ? tr("table_ui.filtered") : "", institutions: plural(shownRows, "table_ui.institutions"), results: plural(shownTotal, "count.results") });
    }

    sortSelect.addEventListener("change", function () {
      state.sort = sortSelect.value;
      writeQuery(keys, state);
      apply();
    });
    filterKeys.forEach(function (k) {
      selects[k].addEventListener("change", function () {
        state[k] = selects[k].value;
        writeQuery(keys, state);
        apply();
      });
    });
    form.querySelector("[data-clear]").addEventListener("click", function () {
      keys.forEach(function (k) { state[k] = ""; });
      writeQuery(keys, state);
      apply();
    });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    window.addEventListener("popstate", function () { state = readQuery(keys); apply(); });
    form.hidden = false;
    apply();
  }

  var results = document.querySelector("table[data-results]");
  if (results) resultsPage(results);
  var matrix = document.querySelector("table[data-matrix]");
  if (matrix) matrixPage(matrix);
})();
