// casebook search: queries the static index under search/ (built by src/search/ in Rust).
// Plain JavaScript, no dependencies, no network beyond this site's own files.
//
// The tokeniser below must match src/search/tokenize.rs step for step; the test suite runs
// it in Node against the Rust one. Ranking follows src/search/query.rs, which the tests
// use as the reference. All text from the index reaches the page through textContent.
//
// Words, stems and facet values come from the index and the URL, so they are never looked
// up as properties of plain objects (`constructor`, `toString` and `__proto__` would find
// Object.prototype's): sets and maps are `Set`/`Map`, other tables `Object.create(null)`.
(function () {
  "use strict";

  // ---------------------------------------------------------------------------------
  // Tokeniser (src/search/tokenize.rs): NFKC, lowercase, then word runs and CJK bigrams.

  var MAX_WORD = 40;
  var WORD_CHAR = /[\p{Alphabetic}\p{N}]/u;

  function isCjk(cp) {
    return (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x4e00 && cp <= 0x9fff) ||
      (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x20000 && cp <= 0x2fa1f);
  }

  function normalize(text) {
    return String(text).normalize("NFKC").toLowerCase();
  }

  // Steps 2 and 3 over normalised text.
  function split(norm) {
    var out = [];
    var word = "";
    var wordLen = 0;
    var cjk = [];
    function flushWord() {
      if (wordLen > 0 && wordLen <= MAX_WORD) out.push(word);
      word = "";
      wordLen = 0;
    }
    function flushCjk() {
      if (cjk.length === 1) out.push(cjk[0]);
      for (var i = 1; i < cjk.length; i++) out.push(cjk[i - 1] + cjk[i]);
      cjk = [];
    }
    for (var ch of norm) {
      var cp = ch.codePointAt(0);
      if (isCjk(cp)) {
        flushWord();
        cjk.push(ch);
      } else if (WORD_CHAR.test(ch)) {
        flushCjk();
        word += ch;
        wordLen++;
      } else {
        flushWord();
        flushCjk();
      }
    }
    flushWord();
    flushCjk();
    return out;
  }

  function tokenize(text) {
    return split(normalize(text));
  }

  // The words of a query (src/search/query.rs, query_words): distinct surface forms; the
  // last one also matches its completions unless the query ends with a space.
  function queryWords(text) {
    var words = [];
    tokenize(text).forEach(function (t) {
      if (words.indexOf(t) < 0) words.push(t);
    });
    var openEnd = !/\s$/u.test(text);
    return words.map(function (w, i) {
      var chars = Array.from(w);
      var singleCjk = chars.length === 1 && isCjk(w.codePointAt(0));
      return { word: w, prefix: singleCjk || (i === words.length - 1 && openEnd && chars.length >= 2) };
    });
  }

  // ---------------------------------------------------------------------------------
  // Encodings (src/search/encode.rs).

  var DIGIT = new Int8Array(128).fill(-1);
  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".split("").forEach(function (c, i) {
    DIGIT[c.charCodeAt(0)] = i;
  });

  // Postings: (gap, impact) pairs → { docs: Int32Array, imp: Uint8Array }.
  function readPostings(s) {
    var docs = [];
    var imp = [];
    var pos = 0;
    var prev = -1;
    while (pos < s.length) {
      var v = 0;
      var shift = 0;
      var d;
      do {
        d = DIGIT[s.charCodeAt(pos++)];
        v += (d & 31) * Math.pow(2, shift);
        shift += 5;
      } while (d >= 32 && pos < s.length);
      prev += v + 1;
      docs.push(prev);
      imp.push(DIGIT[s.charCodeAt(pos++)]);
    }
    return { docs: Int32Array.from(docs), imp: Uint8Array.from(imp) };
  }

  function readDocList(s) {
    var out = [];
    var pos = 0;
    var prev = -1;
    while (pos < s.length) {
      var v = 0;
      var shift = 0;
      var d;
      do {
        d = DIGIT[s.charCodeAt(pos++)];
        v += (d & 31) * Math.pow(2, shift);
        shift += 5;
      } while (d >= 32 && pos < s.length);
      prev += v + 1;
      out.push(prev);
    }
    return out;
  }

  function readFixed(s, width, n) {
    var out = new Int32Array(n);
    for (var i = 0; i < n; i++) {
      var v = 0;
      for (var k = 0; k < width; k++) v = v * 64 + DIGIT[s.charCodeAt(i * width + k)];
      out[i] = v;
    }
    return out;
  }

  // Score of one stem in one document (src/search/index.rs, score).
  function score(idf, impact, completion) {
    var s = idf * impact;
    return completion ? Math.floor(s / 2) : s;
  }

  // UTF-16 order is JavaScript's own string order; the index is sorted the same way.
  function shardFor(firsts, word) {
    var lo = 0;
    var hi = firsts.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (firsts[mid] <= word) lo = mid + 1;
      else hi = mid;
    }
    return Math.max(0, lo - 1);
  }

  function lowerBound(list, word) {
    var lo = 0;
    var hi = list.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (list[mid] < word) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  var api = {
    normalize: normalize,
    tokenize: tokenize,
    queryWords: queryWords,
    readPostings: readPostings,
    readDocList: readDocList,
    readFixed: readFixed,
    shardFor: shardFor
  };
  if (typeof module === "object" && module.exports) module.exports = api;
  if (typeof document === "undefined") return;

  // ---------------------------------------------------------------------------------
  // The search page.

  var root = document.getElementById("search");
  if (!root) return;
  var BASE = root.getAttribute("data-base") || "/";
  var INDEX = root.getAttribute("data-index") || BASE + "search/";
  var PAGE = 10;
  var PREFIX_SHARDS = 2;
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];

  function $(sel) {
    return root.querySelector(sel);
  }
  var app = $("[data-search-app]");
  var form = $("[data-search-form]");
  var input = $("[data-search-input]");
  var statusEl = $("[data-search-status]");
  var facetsEl = $("[data-search-facets]");
  var filtersEl = $("[data-search-filters]");
  var filterCount = $("[data-search-filter-count]");
  var activeEl = $("[data-search-active]");
  var sortEl = $("[data-search-sort]");
  var listEl = $("[data-search-results]");
  var emptyEl = $("[data-search-empty]");
  var moreEl = $("[data-search-more]");

  var meta = null; // the decoded meta file
  var facets = []; // [{ key, label, section, values, docVals: fn(d) -> [value index] }]
  var facetByKey = Object.create(null);
  var shardCache = Object.create(null);
  var chunkCache = Object.create(null);
  var postingsCache = Object.create(null);
  var state = { q: "", filters: Object.create(null), sort: "relevance" };
  var result = null; // { hits: [[doc, score]], counts, terms: Set of surface forms }
  var shown = 0;
  var runId = 0;

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        if (k === "text") e.textContent = attrs[k];
        else if (k === "class") e.className = attrs[k];
        else e.setAttribute(k, attrs[k]);
      });
    }
    (children || []).forEach(function (c) {
      if (c != null) e.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return e;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  // ---- Loading -------------------------------------------------------------------

  function fetchJson(path) {
    var url = INDEX + path + (meta ? "?v=" + encodeURIComponent(meta.build) : "");
    return fetch(url, meta ? {} : { cache: "no-cache" })
      .then(function (r) {
        if (!r.ok) throw new Error("could not load " + url + " (HTTP " + r.status + ")");
        return r.arrayBuffer();
      })
      .then(function (buf) {
        var b = new Uint8Array(buf);
        if (b.length > 1 && b[0] === 0x1f && b[1] === 0x8b) {
          if (typeof DecompressionStream === "undefined") {
            throw new Error("this browser cannot read the compressed search index");
          }
          var stream = new Blob([b]).stream().pipeThrough(new DecompressionStream("gzip"));
          return new Response(stream).text();
        }
        return new TextDecoder().decode(b);
      })
      .then(JSON.parse);
  }

  var metaPromise = null;
  function loadMeta() {
    if (!metaPromise) {
      metaPromise = fetchJson("meta.json.gz").then(function (m) {
        meta = m;
        decodeFacets();
        buildFacetControls();
        return m;
      });
      metaPromise.catch(function () {
        metaPromise = null;
      });
    }
    return metaPromise;
  }

  function loadShard(i) {
    if (!shardCache[i]) {
      shardCache[i] = fetchJson("t/" + i + ".json.gz").then(function (s) {
        s.index = i;
        return s;
      });
      shardCache[i].catch(function () {
        delete shardCache[i];
      });
    }
    return shardCache[i];
  }

  function loadChunk(i) {
    if (!chunkCache[i]) {
      chunkCache[i] = fetchJson("d/" + i + ".json.gz");
      chunkCache[i].catch(function () {
        delete chunkCache[i];
      });
    }
    return chunkCache[i];
  }

  function record(doc) {
    return loadChunk(Math.floor(doc / meta.chunk)).then(function (recs) {
      return recs[doc % meta.chunk];
    });
  }

  function postings(shard, k) {
    var key = shard.index + ":" + k;
    if (!postingsCache[key]) postingsCache[key] = readPostings(shard.p[k][2]);
    return postingsCache[key];
  }

  // ---- Facets --------------------------------------------------------------------

  function decodeFacets() {
    var n = meta.docs;
    facets = meta.facets.map(function (f) {
      return { key: f.key, label: f.label, section: f.section, values: f.values, raw: f };
    });
    facets.forEach(function (f) {
      facetByKey[f.key] = f;
    });
    var inst = facetByKey.institution;
    facets.forEach(function (f) {
      var raw = f.raw;
      if (raw.width) {
        var vals = readFixed(raw.docs, raw.width, n);
        if (f.key === "module") {
          f.docVals = function (d) {
            var v = vals[d];
            var p = f.values[v].part;
            return p == null || p === v ? [v] : [v, p];
          };
        } else {
          f.docVals = function (d) {
            return [vals[d]];
          };
        }
        f.first = vals;
      } else if (f.key === "type" && inst) {
        f.docVals = function (d) {
          var t = inst.values[inst.first[d]].type;
          return t == null ? [] : [t];
        };
      } else {
        var per = [];
        for (var d = 0; d < n; d++) per.push([]);
        f.values.forEach(function (v, i) {
          if (v.docs) readDocList(v.docs).forEach(function (doc) {
            if (doc < n) per[doc].push(i);
          });
        });
        f.docVals = function (d) {
          return per[d];
        };
      }
      f.index = new Map();
      f.values.forEach(function (v, i) {
        f.index.set(v.id, i);
      });
    });
  }

  // ---- Running a query -------------------------------------------------------------

  function shardsFor(w) {
    var first = shardFor(meta.shards, w.word);
    var list = [first];
    if (w.prefix) {
      for (var i = first + 1; i < Math.min(first + PREFIX_SHARDS, meta.shards.length); i++) {
        if (meta.shards[i].indexOf(w.word) !== 0) break;
        list.push(i);
      }
    }
    return list;
  }

  function selectedSets() {
    var sets = [];
    facets.forEach(function (f) {
      var ids = state.filters[f.key] || [];
      var set = new Set();
      ids.forEach(function (id) {
        if (f.index.has(id)) set.add(f.index.get(id));
      });
      if (set.size) sets.push({ facet: f, set: set });
    });
    return sets;
  }

  function compute(words, shards) {
    var n = meta.docs;
    var terms = new Set();
    var candidates = [];
    if (!words.length) {
      for (var d0 = 0; d0 < n; d0++) candidates.push([d0, 0]);
    } else {
      var total = new Float64Array(n);
      var ok = new Uint8Array(n);
      words.forEach(function (w, k) {
        var best = new Float64Array(n);
        var seen = new Uint8Array(n);
        var touched = [];
        var stems = [];
        var stemSeen = new Set();
        // The exact word sorts first among its completions, so its stem is taken as exact.
        shardsFor(w).forEach(function (si) {
          var shard = shards[si];
          for (var j = lowerBound(shard.w, w.word); j < shard.w.length; j++) {
            var surface = shard.w[j];
            var exact = surface === w.word;
            if (!exact && !(w.prefix && surface.indexOf(w.word) === 0)) break;
            var ref = shard.t[j];
            var stem = shard.p[ref][0];
            if (!stemSeen.has(stem)) {
              stemSeen.add(stem);
              stems.push({ shard: shard, ref: ref, completion: !exact });
            }
          }
        });
        stems.forEach(function (s) {
          var idf = s.shard.p[s.ref][1];
          var p = postings(s.shard, s.ref);
          for (var i = 0; i < p.docs.length; i++) {
            var doc = p.docs[i];
            var sc = score(idf, p.imp[i], s.completion);
            if (!seen[doc]) {
              seen[doc] = 1;
              touched.push(doc);
            }
            if (sc > best[doc]) best[doc] = sc;
          }
          // Every surface form of this stem in the shard is highlighted.
          var shard = s.shard;
          for (var j = 0; j < shard.t.length; j++) if (shard.t[j] === s.ref) terms.add(shard.w[j]);
        });
        touched.forEach(function (doc) {
          if (ok[doc] === k) {
            ok[doc] = k + 1;
            total[doc] += best[doc];
          }
        });
      });
      for (var d = 0; d < n; d++) if (ok[d] === words.length) candidates.push([d, total[d]]);
    }

    var sets = selectedSets();
    function passes(doc, except) {
      for (var i = 0; i < sets.length; i++) {
        if (sets[i].facet === except) continue;
        var vals = sets[i].facet.docVals(doc);
        var hit = false;
        for (var j = 0; j < vals.length; j++) if (sets[i].set.has(vals[j])) hit = true;
        if (!hit) return false;
      }
      return true;
    }
    var counts = Object.create(null);
    facets.forEach(function (f) {
      var c = new Array(f.values.length).fill(0);
      candidates.forEach(function (h) {
        if (!passes(h[0], f)) return;
        var vals = f.docVals(h[0]);
        for (var j = 0; j < vals.length; j++) c[vals[j]]++;
      });
      counts[f.key] = c;
    });
    var hits = candidates.filter(function (h) {
      return passes(h[0], null);
    });
    var sort = words.length ? state.sort : state.sort === "oldest" ? "oldest" : "newest";
    if (sort === "relevance") {
      hits.sort(function (a, b) {
        return b[1] - a[1] || a[0] - b[0];
      });
    } else if (sort === "oldest") {
      hits.sort(function (a, b) {
        return b[0] - a[0];
      });
    }
    return { hits: hits, counts: counts, terms: terms, words: words };
  }

  function run(mode) {
    var my = ++runId;
    if (mode) writeUrl(mode);
    return loadMeta()
      .then(function () {
        var words = queryWords(state.q);
        var need = Object.create(null);
        words.forEach(function (w) {
          shardsFor(w).forEach(function (i) {
            need[i] = true;
          });
        });
        var ids = Object.keys(need).map(Number);
        return Promise.all(ids.map(loadShard)).then(function (loaded) {
          var shards = Object.create(null);
          loaded.forEach(function (s) {
            shards[s.index] = s;
          });
          return compute(words, shards);
        });
      })
      .then(function (res) {
        if (my !== runId) return null;
        result = res;
        shown = 0;
        // Without words there is no relevance: the list is by date.
        sortEl.options[0].disabled = !res.words.length;
        sortEl.value = !res.words.length && state.sort === "relevance" ? "newest" : state.sort;
        updateFacets();
        return renderMore(true);
      })
      .catch(function (err) {
        if (my !== runId) return;
        showError(err);
      });
  }

  // ---- URL state -----------------------------------------------------------------

  function readUrl() {
    var p = new URLSearchParams(location.search);
    state.q = p.get("q") || "";
    state.sort = p.get("sort") || "relevance";
    if (["relevance", "newest", "oldest"].indexOf(state.sort) < 0) state.sort = "relevance";
    state.filters = Object.create(null);
    ["institution", "module", "level", "year", "type", "domain"].forEach(function (k) {
      var v = p.getAll(k).filter(Boolean);
      if (v.length) state.filters[k] = v;
    });
  }

  function urlFor() {
    var p = new URLSearchParams();
    if (state.q) p.set("q", state.q);
    Object.keys(state.filters).forEach(function (k) {
      state.filters[k].forEach(function (v) {
        p.append(k, v);
      });
    });
    if (state.sort !== "relevance") p.set("sort", state.sort);
    var s = p.toString();
    return location.pathname + (s ? "?" + s : "");
  }

  function writeUrl(mode) {
    var url = urlFor();
    if (url === location.pathname + location.search) return;
    if (mode === "push") history.pushState(null, "", url);
    else history.replaceState(null, "", url);
  }

  function syncControls() {
    if (input.value !== state.q) input.value = state.q;
    sortEl.value = state.sort;
  }

  // ---- Rendering -----------------------------------------------------------------

  function facetValueLabel(f, v) {
    if (f.key === "level") return "Level " + v.value + " · " + v.name;
    return v.name;
  }

  function buildFacetControls() {
    clear(facetsEl);
    facets.forEach(function (f) {
      var box = el("fieldset", { class: "facet facet-" + f.key, "data-facet": f.key });
      box.appendChild(el("legend", { text: f.label }));
      var list = el("ul", { class: "facet-values" });
      var order = f.values.map(function (v, i) {
        return i;
      });
      if (f.key === "module") {
        // Parts, each followed by its modules.
        order = [];
        f.values.forEach(function (v, i) {
          if (v.part == null || v.part === i) {
            order.push(i);
            f.values.forEach(function (m, j) {
              if (j !== i && m.part === i) order.push(j);
            });
          }
        });
      }
      f.rows = [];
      order.forEach(function (i) {
        var v = f.values[i];
        var id = "facet-" + f.key + "-" + i;
        var cb = el("input", { type: "checkbox", id: id, name: f.key, value: v.id });
        var count = el("span", { class: "count", "aria-hidden": "true" });
        var hidden = el("span", { class: "visually-hidden" });
        var name = el("span", { class: "facet-name", text: facetValueLabel(f, v) });
        if (v.zh) name.appendChild(el("span", { class: "zh", text: " " + v.zh, lang: "zh-CN" }));
        var label = el("label", { for: id }, [cb, name, count, hidden]);
        var sub = f.key === "module" && v.part != null && v.part !== i;
        var li = el("li", { class: sub ? "facet-sub" : "" }, [label]);
        li.setAttribute("data-facet", f.key);
        li.setAttribute("data-value", v.id);
        list.appendChild(li);
        cb.addEventListener("change", function () {
          var cur = state.filters[f.key] || [];
          if (cb.checked) {
            if (cur.indexOf(v.id) < 0) cur = cur.concat([v.id]);
          } else {
            cur = cur.filter(function (x) {
              return x !== v.id;
            });
          }
          if (cur.length) state.filters[f.key] = cur;
          else delete state.filters[f.key];
          run("push");
        });
        f.rows.push({ i: i, li: li, cb: cb, count: count, hidden: hidden });
      });
      box.appendChild(list);
      if (f.values.length > 8 && f.key !== "module") {
        var toggle = el("button", { type: "button", class: "facet-toggle", "aria-expanded": "false" });
        toggle.addEventListener("click", function () {
          f.expanded = !f.expanded;
          updateFacets();
        });
        f.toggle = toggle;
        box.appendChild(toggle);
      }
      f.box = box;
      facetsEl.appendChild(box);
    });
  }

  function updateFacets() {
    var selectedTotal = 0;
    facets.forEach(function (f) {
      var counts = result.counts[f.key];
      var sel = state.filters[f.key] || [];
      selectedTotal += sel.length;
      var visible = 0;
      var rows = f.rows.slice();
      var long = f.values.length > 8 && f.key !== "module";
      if (long) {
        // Long lists: most frequent first, selected values always shown.
        rows.sort(function (a, b) {
          return counts[b.i] - counts[a.i] || a.i - b.i;
        });
        rows.forEach(function (r) {
          r.li.parentNode.appendChild(r.li);
        });
      }
      var shownRows = 0;
      var hiddenByLimit = 0;
      rows.forEach(function (r) {
        var c = counts[r.i];
        var checked = sel.indexOf(f.values[r.i].id) >= 0;
        r.cb.checked = checked;
        r.count.textContent = String(c);
        r.li.setAttribute("data-count", String(c));
        r.hidden.textContent = " (" + c + (c === 1 ? " case study)" : " case studies)");
        var show = c > 0 || checked;
        if (show && long && !f.expanded && shownRows >= 8 && !checked) {
          show = false;
          hiddenByLimit++;
        }
        r.li.hidden = !show;
        if (show) shownRows++;
        if (c > 0 || checked) visible++;
      });
      f.box.hidden = visible === 0;
      if (f.toggle) {
        f.toggle.hidden = !f.expanded && hiddenByLimit === 0;
        f.toggle.textContent = f.expanded ? "Show fewer" : "Show all " + visible;
        f.toggle.setAttribute("aria-expanded", f.expanded ? "true" : "false");
      }
    });
    filterCount.hidden = selectedTotal === 0;
    filterCount.textContent = String(selectedTotal);
    renderActive();
  }

  function renderActive() {
    clear(activeEl);
    var any = false;
    facets.forEach(function (f) {
      (state.filters[f.key] || []).forEach(function (id) {
        var i = f.index.get(id);
        if (i === undefined) return;
        any = true;
        var b = el("button", { type: "button", class: "active-filter" }, [
          el("span", { class: "visually-hidden", text: "Remove filter " }),
          f.label + ": " + facetValueLabel(f, f.values[i]),
          el("span", { "aria-hidden": "true", text: " ×" })
        ]);
        b.addEventListener("click", function () {
          state.filters[f.key] = state.filters[f.key].filter(function (x) {
            return x !== id;
          });
          if (!state.filters[f.key].length) delete state.filters[f.key];
          run("push");
        });
        activeEl.appendChild(b);
      });
    });
    if (any) {
      var all = el("button", { type: "button", class: "clear-filters", text: "Clear all filters" });
      all.addEventListener("click", clearFilters);
      activeEl.appendChild(all);
    }
  }

  function clearFilters() {
    state.filters = Object.create(null);
    run("push");
  }

  function plural(n, one, many) {
    return n + " " + (n === 1 ? one : many);
  }

  function announce() {
    var n = result.hits.length;
    var filtered = Object.keys(state.filters).length > 0;
    var msg;
    if (!result.words.length) {
      msg = filtered
        ? plural(n, "case study matches", "case studies match") + " the filters"
        : "All " + plural(n, "case study", "case studies") + ", newest first. Type to search, or narrow with the filters.";
    } else if (n === 0) {
      msg = "No case study matches “" + state.q.trim() + "”" + (filtered ? " with these filters." : ".");
    } else {
      msg = plural(n, "case study matches", "case studies match") + " “" + state.q.trim() + "”" + (filtered ? " with these filters." : ".");
    }
    statusEl.textContent = msg;
  }

  function renderEmpty() {
    clear(emptyEl);
    var n = result.hits.length;
    emptyEl.hidden = n > 0;
    if (n > 0) return;
    var filtered = Object.keys(state.filters).length > 0;
    emptyEl.appendChild(el("h2", { text: result.words.length ? "No results" : "Nothing matches these filters" }));
    var tips = el("ul");
    if (result.words.length) {
      tips.appendChild(el("li", { text: "Check the spelling, or try fewer or different words (every word must appear)." }));
      tips.appendChild(el("li", { text: "Chinese works too: try a module or institution name such as 安全交付." }));
    }
    if (filtered) {
      var b = el("button", { type: "button", class: "linklike", text: "Clear all filters" });
      b.addEventListener("click", clearFilters);
      tips.appendChild(el("li", null, [b, " to search every case study."]));
    }
    tips.appendChild(el("li", null, ["Or ", el("a", { href: BASE + "cases/", text: "browse all case studies" }), "."]));
    emptyEl.appendChild(tips);
  }

  function renderMore(fresh) {
    var hits = result.hits;
    var from = shown;
    var to = Math.min(hits.length, shown + PAGE);
    var slice = hits.slice(from, to);
    var my = runId;
    return Promise.all(slice.map(function (h) {
      return record(h[0]);
    })).then(function (recs) {
      if (my !== runId) return;
      if (fresh) {
        clear(listEl);
        announce();
        renderEmpty();
      }
      recs.forEach(function (rec, k) {
        listEl.appendChild(renderHit(slice[k][0], rec, from + k));
      });
      shown = to;
      moreEl.hidden = shown >= hits.length;
      moreEl.textContent = "Show more results (" + (hits.length - shown) + " more)";
      app.hidden = false;
      root.setAttribute("data-state", hits.length ? "results" : "empty");
      if (!fresh && recs.length) {
        var first = listEl.children[from];
        var link = first && first.querySelector("h3 a");
        if (link) link.focus();
      }
    });
  }

  function formatDate(iso) {
    var p = iso.split("-");
    return Number(p[2]) + " " + MONTHS[Number(p[1]) - 1] + " " + p[0];
  }

  function termUrl(section, id) {
    return BASE + section + "/" + id + "/";
  }

  function renderHit(doc, rec, rank) {
    var slug = rec[0];
    var title = rec[1];
    var project = rec[2];
    var date = rec[3];
    var text = rec[4];
    var inst = facetByKey.institution;
    var mod = facetByKey.module;
    var lvl = facetByKey.level;
    var instV = inst.values[inst.first[doc]];
    var modI = mod.first[doc];
    var modV = mod.values[modI];
    var lvlV = lvl.values[lvl.first[doc]];

    var levelBadge = el("a", {
      class: "level level-" + lvlV.number + (/\+$/.test(lvlV.value) ? " level-plus" : ""),
      href: termUrl(lvl.section, lvlV.id),
      title: "Level " + lvlV.value + ": " + lvlV.name + (lvlV.zh ? " (" + lvlV.zh + ")" : "")
    }, [el("span", { class: "level-num", text: "L" + lvlV.value }), el("span", { class: "level-name", text: lvlV.name })]);
    var titleLink = el("a", { href: BASE + "cases/" + slug + "/" });
    highlightInto(titleLink, title, result.terms, false);
    var moduleLine = [el("a", { href: termUrl(mod.section, modV.id), text: modV.name })];
    if (modV.part != null && modV.part !== modI) {
      var partV = mod.values[modV.part];
      moduleLine.push(el("span", { class: "muted" }, [" in ", el("a", { href: termUrl(mod.section, partV.id), text: partV.name })]));
    }
    var excerpt = el("p", { class: "result-excerpt" });
    highlightInto(excerpt, text, result.terms, true);
    var article = el("article", { class: "card result" }, [
      el("div", { class: "card-top" }, [levelBadge, el("time", { datetime: date, text: formatDate(date) })]),
      el("h3", { class: "card-title" }, [titleLink]),
      el("p", { class: "card-meta" }, [el("a", { href: termUrl(inst.section, instV.id), text: instV.name }), " · " + project]),
      el("p", { class: "card-module" }, moduleLine),
      excerpt
    ]);
    var li = el("li", { class: "result-item", "data-doc": String(doc), "data-slug": slug, "data-rank": String(rank + 1) }, [article]);
    return li;
  }

  // Marks the words of `text` whose surface forms are in `terms`. With `excerpt`, shows
  // about 230 characters around the first match instead of the whole text.
  function highlightInto(node, text, terms, excerpt) {
    var ranges = matchRanges(text, terms);
    var start = 0;
    var end = text.length;
    if (excerpt) {
      var LEN = 230;
      var first = ranges.length ? ranges[0] : null;
      if (first && first[1] > LEN - 40) {
        // Start at the sentence of the first match when it is close, else a word.
        start = Math.max(0, first[0] - 70);
        var dot = text.lastIndexOf(". ", first[0]);
        if (dot >= 0 && dot + 2 >= first[0] - 120) start = dot + 2;
        else {
          var sp = text.lastIndexOf(" ", start);
          if (sp >= 0 && sp > start - 20) start = sp + 1;
        }
      }
      end = Math.min(text.length, start + LEN);
      if (end < text.length) {
        var sp2 = text.lastIndexOf(" ", end);
        if (sp2 > start + LEN / 2) end = sp2;
      }
    }
    if (start > 0) node.appendChild(document.createTextNode("… "));
    var pos = start;
    ranges.forEach(function (r) {
      var a = Math.max(r[0], start);
      var b = Math.min(r[1], end);
      if (b <= a || a < pos) return;
      if (a > pos) node.appendChild(document.createTextNode(text.slice(pos, a)));
      node.appendChild(el("mark", { text: text.slice(a, b) }));
      pos = b;
    });
    if (pos < end) node.appendChild(document.createTextNode(text.slice(pos, end)));
    if (end < text.length) node.appendChild(document.createTextNode(" …"));
  }

  // [start, end) UTF-16 ranges of `text` to mark.
  function matchRanges(text, terms) {
    var out = [];
    if (!terms || !terms.size) return out;
    var re = /[\p{Alphabetic}\p{N}]+/gu;
    var m;
    while ((m = re.exec(text))) {
      var run = m[0];
      var base = m.index;
      // Split the run into CJK and other parts, by original characters.
      var parts = [];
      var cur = null;
      var off = 0;
      for (var ch of run) {
        var cjk = isCjk(normalize(ch).codePointAt(0) || 0);
        if (!cur || cur.cjk !== cjk) {
          cur = { cjk: cjk, start: off, chars: [] };
          parts.push(cur);
        }
        cur.chars.push({ ch: ch, at: off });
        off += ch.length;
      }
      parts.forEach(function (p) {
        var s = base + p.start;
        if (!p.cjk) {
          var str = p.chars.map(function (c) { return c.ch; }).join("");
          var toks = tokenize(str);
          if (toks.length === 1 && terms.has(toks[0])) out.push([s, s + str.length]);
          return;
        }
        var marked = new Uint8Array(p.chars.length);
        if (p.chars.length === 1 && terms.has(normalize(p.chars[0].ch))) marked[0] = 1;
        for (var i = 1; i < p.chars.length; i++) {
          if (terms.has(normalize(p.chars[i - 1].ch + p.chars[i].ch))) marked[i - 1] = marked[i] = 1;
        }
        var i0 = -1;
        for (var k = 0; k <= p.chars.length; k++) {
          if (k < p.chars.length && marked[k]) {
            if (i0 < 0) i0 = k;
          } else if (i0 >= 0) {
            var last = p.chars[k - 1];
            out.push([base + p.chars[i0].at, base + last.at + last.ch.length]);
            i0 = -1;
          }
        }
      });
    }
    return out;
  }

  function showError(err) {
    app.hidden = false;
    clear(listEl);
    moreEl.hidden = true;
    emptyEl.hidden = false;
    clear(emptyEl);
    var fileUrl = location.protocol === "file:";
    emptyEl.appendChild(el("h2", { text: "Search is not available" }));
    emptyEl.appendChild(el("p", {
      text: fileUrl
        ? "The search index cannot be read from a file opened directly: serve the site over HTTP (for example with `casebook serve`)."
        : "The search index could not be loaded: " + (err && err.message ? err.message : String(err)) + "."
    }));
    emptyEl.appendChild(el("p", null, ["You can still ", el("a", { href: BASE + "cases/", text: "browse every case study" }), "."]));
    statusEl.textContent = "Search is not available.";
    root.setAttribute("data-state", "error");
  }

  // ---- Events --------------------------------------------------------------------

  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      state.q = input.value;
      run("replace");
    }, 100);
  });
  input.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && input.value) {
      e.preventDefault();
      input.value = "";
      state.q = "";
      run("push");
    }
  });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    clearTimeout(timer);
    state.q = input.value;
    run("push");
    if (window.matchMedia && window.matchMedia("(max-width: 860px)").matches) input.blur();
  });
  sortEl.addEventListener("change", function () {
    state.sort = sortEl.value;
    run("push");
  });
  moreEl.addEventListener("click", function () {
    renderMore(false);
  });
  window.addEventListener("popstate", function () {
    readUrl();
    syncControls();
    run(null);
  });
  document.addEventListener("keydown", function (e) {
    var t = e.target;
    var typing = t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable);
    if (e.key === "/" && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault();
      input.focus();
      input.select();
    }
  });
  function fitFilters() {
    if (window.matchMedia) filtersEl.open = !window.matchMedia("(max-width: 860px)").matches;
  }
  fitFilters();

  readUrl();
  syncControls();
  app.hidden = false;
  statusEl.textContent = "Loading the search index…";
  run(null);
  if (state.q) input.focus();
})();
