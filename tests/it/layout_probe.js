// Layout probe for tests/it/layout.rs: injected at the top of every served page, it waits
// for the page to load, measures the layout in the real browser and writes its findings as
// JSON into the root element's `data-layout` attribute, which the test reads back from the
// dumped DOM. It changes nothing else on the page.
(function () {
  "use strict";
  var ISO = /\d{4}-\d{2}-\d{2}/;

  function visible(el) {
    if (!el.getClientRects().length) return false;
    // Inside a closed <details> or another content-visibility: hidden subtree.
    if (el.checkVisibility && !el.checkVisibility({ visibilityProperty: true })) return false;
    var s = getComputedStyle(el);
    return s.visibility !== "hidden" && s.display !== "none";
  }

  function describe(el) {
    var d = el.tagName.toLowerCase();
    if (el.id) d += "#" + el.id;
    var c = el.getAttribute("class");
    if (c) d += "." + c.trim().split(/\s+/).join(".");
    return d;
  }

  function label(el) {
    return (el.textContent || "").replace(/\s+/g, " ").trim().slice(0, 60);
  }

  // True when a box scrolls its own overflow sideways, so what sticks out of it does not
  // widen the page.
  function clips(el) {
    var o = getComputedStyle(el).overflowX;
    return o === "auto" || o === "scroll" || o === "hidden" || o === "clip";
  }

  // The page's horizontal overflow and the outermost elements that cause it.
  function overflow() {
    var width = document.scrollingElement.scrollWidth;
    var found = [];
    if (width > innerWidth) {
      var walk = function (el) {
        for (var i = 0; i < el.children.length; i++) {
          var c = el.children[i];
          if (!visible(c)) continue;
          var r = c.getBoundingClientRect();
          if (r.right > innerWidth + 0.5) found.push(describe(c) + " right=" + Math.round(r.right));
          else if (!clips(c)) walk(c);
        }
      };
      walk(document.body);
    }
    return { scroll_width: width, inner_width: innerWidth, culprits: found.slice(0, 8) };
  }

  // The smallest rendered size of any visible chart text: font size times the scale of the
  // SVG it is drawn in.
  function chartText() {
    var min = null, which = "";
    var texts = document.querySelectorAll("svg text");
    for (var i = 0; i < texts.length; i++) {
      var t = texts[i];
      var r = t.getBoundingClientRect();
      if (!r.width || !visible(t)) continue;
      var ctm = t.getScreenCTM();
      var scale = ctm ? Math.sqrt(ctm.a * ctm.a + ctm.b * ctm.b) : 1;
      var size = parseFloat(getComputedStyle(t).fontSize) * scale;
      if (min === null || size < min) { min = size; which = label(t); }
    }
    return { min_px: min, text: which };
  }

  function align(cell) {
    var a = getComputedStyle(cell).textAlign;
    var rtl = getComputedStyle(cell).direction === "rtl";
    if (a === "start") return rtl ? "right" : "left";
    if (a === "end") return rtl ? "left" : "right";
    if (a === "-webkit-center") return "center";
    return a;
  }

  // A table section's cells laid out on the grid of columns, rowspans and colspans applied.
  function grid(rows) {
    var g = [];
    for (var r = 0; r < rows.length; r++) {
      g[r] = g[r] || [];
      var col = 0;
      for (var i = 0; i < rows[r].cells.length; i++) {
        var cell = rows[r].cells[i];
        while (g[r][col]) col++;
        for (var dr = 0; dr < cell.rowSpan; dr++) {
          g[r + dr] = g[r + dr] || [];
          for (var dc = 0; dc < cell.colSpan; dc++) g[r + dr][col + dc] = cell;
        }
        col += cell.colSpan;
      }
    }
    return g;
  }

  // Header cells whose text alignment differs from the cells of their column.
  function headerAlignment() {
    var bad = [];
    var tables = document.querySelectorAll("table");
    for (var i = 0; i < tables.length; i++) {
      var table = tables[i];
      if (!table.tHead || !table.tBodies.length || !visible(table)) continue;
      var head = grid(table.tHead.rows);
      var bottom = head[head.length - 1] || [];
      var body = grid(table.tBodies[0].rows);
      for (var c = 0; c < bottom.length; c++) {
        var th = bottom[c];
        if (!th || th.colSpan > 1 || !visible(th)) continue;
        for (var r = 0; r < body.length; r++) {
          var td = body[r] && body[r][c];
          if (!td || td.colSpan > 1 || !visible(td)) continue;
          if (align(th) !== align(td)) {
            bad.push(describe(table) + " column " + (c + 1) + " \"" + label(th) + "\": header " + align(th) + ", cells " + align(td));
          }
          break;
        }
      }
    }
    return bad;
  }

  // Text nodes holding an ISO date whose date is laid out on more than one line.
  function wrappedDates() {
    var bad = [];
    var walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    var node;
    while ((node = walker.nextNode())) {
      var m = ISO.exec(node.data);
      if (!m || !node.parentElement || !visible(node.parentElement)) continue;
      if (node.parentElement.closest("script, style, noscript, svg")) continue;
      var range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      var tops = {};
      var rects = range.getClientRects();
      for (var i = 0; i < rects.length; i++) if (rects[i].width) tops[Math.round(rects[i].top)] = 1;
      if (Object.keys(tops).length > 1) bad.push(describe(node.parentElement) + " \"" + m[0] + "\"");
    }
    return bad;
  }

  // Labels cut short: chart and legend text ending in an ellipsis, and boxes that clip
  // their text with text-overflow: ellipsis.
  function truncated() {
    var bad = [];
    // The text a label shows: its text nodes, not its <title> tooltip.
    var shown = function (el) {
      var s = "";
      for (var n = el.firstChild; n; n = n.nextSibling) {
        if (n.nodeType === 3) s += n.data;
        else if (n.nodeType === 1 && n.tagName.toLowerCase() !== "title") s += shown(n);
      }
      return s;
    };
    var texts = document.querySelectorAll("svg text, figure li, .chart-legend li, [class*=legend] li");
    for (var i = 0; i < texts.length; i++) {
      var t = texts[i];
      var s = shown(t);
      if (/(…|\.\.\.)\s*$/.test(s) && visible(t)) bad.push(describe(t) + " \"" + s.trim().slice(0, 60) + "\"");
    }
    var all = document.querySelectorAll("body *");
    for (var j = 0; j < all.length; j++) {
      var el = all[j];
      if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).textOverflow === "ellipsis" && visible(el)) {
        bad.push(describe(el) + " (ellipsis) \"" + label(el) + "\"");
      }
    }
    return bad;
  }

  // The site header: how many rows its items take and how close its controls come to the
  // window's top edge.
  function header() {
    var inner = document.querySelector(".site-header .header-inner") || document.querySelector(".site-header");
    if (!inner) return null;
    var items = inner.querySelectorAll(".brand, .site-nav li, .site-search, .lang-switch li, .nav-menu > summary");
    var tops = [], minTop = null;
    for (var i = 0; i < items.length; i++) {
      if (!visible(items[i])) continue;
      var r = items[i].getBoundingClientRect();
      var mid = Math.round((r.top + r.bottom) / 2);
      if (!tops.some(function (t) { return Math.abs(t - mid) < 12; })) tops.push(mid);
      if (minTop === null || r.top < minTop) minTop = r.top;
    }
    var search = inner.querySelector(".site-search");
    var nav = inner.querySelectorAll(".site-nav li");
    return {
      rows: tops.length,
      min_top: minTop,
      headers: document.querySelectorAll("header.site-header").length,
      search: !!search && visible(search),
      nav_items: nav.length
    };
  }

  // The results matrix: does the table scroll inside its own frame, with its first column
  // and its header rows sticky?
  function matrix() {
    var table = document.querySelector("table[data-matrix]");
    if (!table) return null;
    var frame = table.closest(".table-frame");
    var row = table.querySelector("tbody th");
    var head = table.querySelector("thead th:not(.corner)");
    var sticky = function (el) {
      for (; el && el !== table.parentElement; el = el.parentElement) {
        if (getComputedStyle(el).position === "sticky") return true;
      }
      return false;
    };
    return {
      frame_scrolls: !!frame && /auto|scroll/.test(getComputedStyle(frame).overflowX),
      table_wider_than_frame: !!frame && frame.scrollWidth > frame.clientWidth,
      sticky_column: !!row && getComputedStyle(row).position === "sticky",
      sticky_header: !!head && sticky(head)
    };
  }

  // The room between the page's content and the footer.
  function footerGap() {
    var main = document.querySelector("main"), footer = document.querySelector(".site-footer");
    if (!main || !footer) return null;
    var bottom = null;
    for (var i = 0; i < main.children.length; i++) {
      var c = main.children[i];
      if (!visible(c)) continue;
      var b = c.getBoundingClientRect().bottom;
      if (bottom === null || b > bottom) bottom = b;
    }
    return bottom === null ? null : footer.getBoundingClientRect().top - bottom;
  }

  function run() {
    var report = {
      url: location.pathname,
      overflow: overflow(),
      chart_text: chartText(),
      header_alignment: headerAlignment(),
      wrapped_dates: wrappedDates(),
      truncated: truncated(),
      header: header(),
      matrix: matrix(),
      footer_gap: footerGap()
    };
    document.documentElement.setAttribute("data-layout", JSON.stringify(report));
  }

  window.addEventListener("load", function () { setTimeout(run, 300); });
})();
