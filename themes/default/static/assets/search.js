// casebook search: queries the static index under search/ (built by src/search/ in Rust).
// Plain JavaScript, no dependencies, no network beyond this site's own files.
//
// The tokeniser below must match src/search/tokenize.rs step for step; the test suite runs
// it in Node against the Rust one. Ranking follows src/search/query.rs, which the tests
// use as the reference. All text from the index reaches the page through textContent.
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
  // Stemmer: Snowball English (Porter 2), the algorithm of the index's rust-stemmers,
  // checked word for word against it by tests/it/search.rs. Query words are stemmed here
  // so that any inflection finds its stem, even one the corpus never uses (`deliveries`).
  // Shipping the stemmer costs less than a stem map, measured: this section is 1.7 kB
  // compressed, while a map of the forms that differ from their stem is 3.3 kB for the
  // nine bundled cases alone (583 forms), grows with the corpus, and still cannot stem a
  // form the corpus never uses.

  var Stem = (function () {
    var EXCEPTIONS = new Map([
      ["skis", "ski"], ["skies", "sky"], ["dying", "die"], ["lying", "lie"], ["tying", "tie"],
      ["idly", "idl"], ["gently", "gentl"], ["ugly", "ugli"], ["early", "earli"], ["only", "onli"],
      ["singly", "singl"], ["sky", "sky"], ["news", "news"], ["howe", "howe"], ["atlas", "atlas"],
      ["cosmos", "cosmos"], ["bias", "bias"], ["andes", "andes"]
    ]);
    var EXCEPTIONS2 = new Set(["inning", "outing", "canning", "herring", "earring", "proceed",
      "exceed", "succeed"]);
    var STEP2 = [["ization", "ize"], ["ational", "ate"], ["fulness", "ful"], ["ousness", "ous"],
      ["iveness", "ive"], ["tional", "tion"], ["biliti", "ble"], ["lessli", "less"],
      ["entli", "ent"], ["ation", "ate"], ["alism", "al"], ["aliti", "al"], ["ousli", "ous"],
      ["iviti", "ive"], ["fulli", "ful"], ["enci", "ence"], ["anci", "ance"], ["abli", "able"],
      ["izer", "ize"], ["ator", "ate"], ["alli", "al"], ["bli", "ble"], ["ogi", "og"], ["li", ""]];
    var STEP3 = [["ational", "ate"], ["tional", "tion"], ["alize", "al"], ["icate", "ic"],
      ["iciti", "ic"], ["ative", ""], ["ical", "ic"], ["ness", ""], ["ful", ""]];
    var STEP4 = ["ement", "ance", "ence", "able", "ible", "ment", "ant", "ent", "ism", "ate",
      "iti", "ous", "ive", "ize", "ion", "al", "er", "ic"];

    function vowel(c) {
      return c === "a" || c === "e" || c === "i" || c === "o" || c === "u" || c === "y";
    }
    function ends(a, suffix) {
      var n = a.length - suffix.length;
      if (n < 0) return false;
      for (var i = 0; i < suffix.length; i++) if (a[n + i] !== suffix[i]) return false;
      return true;
    }
    function longest(a, list) {
      for (var i = 0; i < list.length; i++) {
        var s = typeof list[i] === "string" ? list[i] : list[i][0];
        if (ends(a, s)) return list[i];
      }
      return null;
    }
    function replace(a, n, by) {
      a.length -= n;
      for (var i = 0; i < by.length; i++) a.push(by[i]);
    }
    function hasVowel(a, from, to) {
      for (var i = from; i < to; i++) if (vowel(a[i])) return true;
      return false;
    }
    // A short syllable ends `a[0..n)`.
    function shortv(a, n) {
      if (n >= 3 && !vowel(a[n - 1]) && "wxY".indexOf(a[n - 1]) < 0 && vowel(a[n - 2]) &&
          !vowel(a[n - 3])) return true;
      return n === 2 && vowel(a[0]) && !vowel(a[1]);
    }
    // The end of the first vowel-consonant pair at or after `from`, else `n`.
    function region(a, from) {
      var i = from;
      while (i < a.length && !vowel(a[i])) i++;
      while (i < a.length && vowel(a[i])) i++;
      return i < a.length ? i + 1 : a.length;
    }

    function step1a(a) {
      if (ends(a, "sses")) replace(a, 4, "ss");
      else if (ends(a, "ied") || ends(a, "ies")) replace(a, 3, a.length > 4 ? "i" : "ie");
      else if (ends(a, "us") || ends(a, "ss")) return;
      else if (ends(a, "s") && hasVowel(a, 0, a.length - 2)) a.length -= 1;
    }

    function step1b(a, p1) {
      var m = longest(a, ["eedly", "ingly", "edly", "eed", "ing", "ed"]);
      if (!m) return;
      var start = a.length - m.length;
      if (m === "eed" || m === "eedly") {
        if (start >= p1) replace(a, m.length, "ee");
        return;
      }
      if (!hasVowel(a, 0, start)) return;
      a.length = start;
      if (ends(a, "at") || ends(a, "bl") || ends(a, "iz")) a.push("e");
      else if (longest(a, ["bb", "dd", "ff", "gg", "mm", "nn", "pp", "rr", "tt"])) a.length -= 1;
      else if (a.length === p1 && shortv(a, a.length)) a.push("e");
    }

    function step1c(a) {
      var n = a.length;
      if (n >= 3 && (a[n - 1] === "y" || a[n - 1] === "Y") && !vowel(a[n - 2])) a[n - 1] = "i";
    }

    function step2(a, p1) {
      var m = longest(a, STEP2);
      if (!m) return;
      var start = a.length - m[0].length;
      if (start < p1) return;
      if (m[0] === "ogi") {
        if (a[start - 1] === "l") replace(a, 3, "og");
      } else if (m[0] === "li") {
        if (start > 0 && "cdeghkmnrt".indexOf(a[start - 1]) >= 0) a.length = start;
      } else replace(a, m[0].length, m[1]);
    }

    function step3(a, p1, p2) {
      var m = longest(a, STEP3);
      if (!m) return;
      var start = a.length - m[0].length;
      if (start < p1) return;
      if (m[0] === "ative") {
        if (start >= p2) a.length = start;
      } else replace(a, m[0].length, m[1]);
    }

    function step4(a, p2) {
      var m = longest(a, STEP4);
      if (!m) return;
      var start = a.length - m.length;
      if (start < p2) return;
      if (m === "ion") {
        if (start > 0 && (a[start - 1] === "s" || a[start - 1] === "t")) a.length = start;
      } else a.length = start;
    }

    function step5(a, p1, p2) {
      var n = a.length;
      if (a[n - 1] === "e") {
        if (n - 1 >= p2 || (n - 1 >= p1 && !shortv(a, n - 1))) a.length = n - 1;
      } else if (a[n - 1] === "l") {
        if (n - 1 >= p2 && a[n - 2] === "l") a.length = n - 1;
      }
    }

    return function stem(word) {
      var a = Array.from(word);
      if (a.length < 3) return word;
      if (EXCEPTIONS.has(word)) return EXCEPTIONS.get(word);
      if (a[0] === "'") a.shift();
      var yFound = false;
      for (var i = 0; i < a.length; i++) {
        if (a[i] === "y" && (i === 0 || vowel(a[i - 1]))) {
          a[i] = "Y";
          yFound = true;
        }
      }
      var s = a.join("");
      var prefix = /^(gener|commun|arsen)/.exec(s);
      var p1 = prefix ? prefix[0].length : region(a, 0);
      var p2 = region(a, p1);
      step1a(a);
      if (!EXCEPTIONS2.has(a.join(""))) {
        step1b(a, p1);
        step1c(a);
        step2(a, p1);
        step3(a, p1, p2);
        step4(a, p2);
        step5(a, p1, p2);
      }
      s = a.join("");
      return yFound ? s.replace(/Y/g, "y") : s;
    };
  })();

  // ---------------------------------------------------------------------------------
  // Query vocabulary: a level (`L2`, `level 2`, `二级`, `Foundation`), an institution by
  // any of its names (`农行`, `ABC`, `Agricultural Bank`), a module or part, a year or an
  // institution type named in the query becomes a facet filter, shown as a chip; the rest
  // is searched as text. Text in double quotes is always text. A number alone is never a
  // level: levels need `L`, `level`, `lv` or `级`.

  var ZH_NUMBERS = ["", "一", "二", "三", "四", "五"];
  // The levels of YD/T 3763 (src/model.rs, Level), every one of them recognised even
  // when no case has it, so that `level 3` never falls back to the text "level" and "3".
  var LEVEL_NAMES = ["", "Initial", "Foundation", "Comprehensive", "Excellent", "Outstanding"];
  var LEVEL_ZH = ["", "初始级", "基础级", "全面级", "优秀级", "卓越级"];
  var NAME_CHAR = /[\p{Alphabetic}\p{N}+]/u;

  // The loose form of a text for matching names: normalised, every run of other
  // characters one space. `at[i]` is the index in `text` of loose character `i`.
  function loose(text) {
    var s = "";
    var at = [];
    var i = 0;
    for (var ch of String(text)) {
      for (var c of normalize(ch)) {
        if (NAME_CHAR.test(c)) {
          s += c;
          for (var u = 0; u < c.length; u++) at.push(i);
        } else if (s && s[s.length - 1] !== " ") {
          s += " ";
          at.push(i);
        }
      }
      i += ch.length;
    }
    if (s[s.length - 1] === " ") {
      s = s.slice(0, -1);
      at.pop();
    }
    at.push(i);
    return { s: s, at: at };
  }

  function cjkAt(s, i) {
    return i >= 0 && i < s.length && isCjk(s.codePointAt(i));
  }

  // Whether a name may start or end between loose characters i-1 and i.
  function boundary(s, i) {
    return i <= 0 || i >= s.length || s[i - 1] === " " || s[i] === " " || cjkAt(s, i - 1) || cjkAt(s, i);
  }

  // Every name of every facet value, as { key (loose), facet, ids } sorted longest
  // first, and indexed by first character.
  function buildVocabulary(facetList) {
    var byKey = new Map();
    var labels = new Map();
    function add(name, facet, id) {
      var key = loose(name).s;
      if (Array.from(key).length < 2) return;
      if (/^[\p{N}+ ]+$/u.test(key) && facet !== "year") return;
      var k = facet + "\u0000" + key;
      var e = byKey.get(k);
      if (!e) byKey.set(k, (e = { key: key, facet: facet, ids: [] }));
      if (e.ids.indexOf(id) < 0) e.ids.push(id);
    }
    for (var n = 1; n <= 5; n++) {
      [false, true].forEach(function (plus) {
        if (plus && n === 5) return;
        var v = { number: n, value: n + (plus ? "+" : ""), name: LEVEL_NAMES[n], zh: LEVEL_ZH[n] };
        var id = n + (plus ? "-plus" : "");
        labels.set("level\u0000" + id, "Level " + v.value + " · " + v.name);
        levelNames(v).forEach(function (name) {
          add(name, "level", id);
        });
      });
    }
    facetList.forEach(function (f) {
      if (f.key === "domain" || f.key === "level") return;
      f.values.forEach(function (v) {
        labels.set(f.key + "\u0000" + v.id, v.name);
        if (f.key === "year") {
          add(v.id, "year", v.id);
          add(v.id + "年", "year", v.id);
          return;
        }
        [v.name, v.zh].concat(v.aliases || []).forEach(function (n) {
          if (n) add(n, f.key, v.id);
        });
      });
    });
    var list = Array.from(byKey.values()).sort(function (a, b) {
      return b.key.length - a.key.length || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
    });
    var first = new Map();
    list.forEach(function (e) {
      var c = e.key[0];
      if (!first.has(c)) first.set(c, []);
      first.get(c).push(e);
    });
    return { list: list, first: first, labels: labels };
  }

  // The names of a level value: `L2`, `level 2`, `lv2`, `2级`, `二级`, `Foundation`,
  // `基础级`. A plus grade has these too (it is level 2) and its own (`L2+`, `2+级`).
  function levelNames(v) {
    var n = v.number;
    var names = [];
    function forms(suffix) {
      ["l", "level ", "level", "lv", "lv "].forEach(function (p) {
        names.push(p + n + suffix);
      });
      names.push(n + suffix + "级", "第" + n + suffix + "级", ZH_NUMBERS[n] + "级" + suffix);
    }
    if (/\+$/.test(v.value || "")) forms("+");
    forms("");
    if (v.name) names.push(v.name);
    if (v.zh) names.push(v.zh);
    return names;
  }

  // Ranges [from, to) of `text` inside double quotes.
  function quoted(text) {
    var out = [];
    var re = /["“”]([^"“”]*)["“”]/g;
    var m;
    while ((m = re.exec(text))) out.push([m.index, m.index + m[0].length]);
    return out;
  }

  // Splits a query into its filters (chips) and the text left to search:
  // { text, chips: [{ facet, ids, from, to, phrase }] }, `from`/`to` in `text`.
  function interpret(text, vocab) {
    var L = loose(text);
    var s = L.s;
    var quotes = quoted(text);
    var chips = [];
    var i = 0;
    while (i < s.length) {
      var cands = boundary(s, i) ? vocab.first.get(s[i]) : null;
      var hit = null;
      for (var k = 0; cands && k < cands.length; k++) {
        var e = cands[k];
        var end = i + e.key.length;
        if (s.startsWith(e.key, i) && boundary(s, end)) {
          var from = L.at[i];
          var to = end < s.length ? L.at[end] : text.length;
          while (to > from && /[\s,;]/u.test(text[to - 1])) to--;
          var inQuotes = quotes.some(function (q) {
            return from < q[1] && to > q[0];
          });
          if (!inQuotes) {
            hit = {
              facet: e.facet,
              ids: e.ids.slice(),
              labels: e.ids.map(function (id) {
                return vocab.labels.get(e.facet + "\u0000" + id) || id;
              }),
              from: from,
              to: to,
              phrase: text.slice(from, to)
            };
            i = end;
            break;
          }
        }
      }
      if (hit) chips.push(hit);
      else i++;
    }
    var rest = "";
    var pos = 0;
    chips.forEach(function (c) {
      rest += text.slice(pos, c.from) + " ";
      pos = c.to;
    });
    rest += text.slice(pos);
    if (!chips.length) rest = text;
    return { text: rest, chips: chips };
  }

  // ---------------------------------------------------------------------------------
  // Typo suggestions: the closest dictionary word or name, by edit distance (with
  // transpositions), at most 1 for words up to 4 characters and 2 beyond.

  function editDistance(a, b, max) {
    a = Array.from(a);
    b = Array.from(b);
    if (Math.abs(a.length - b.length) > max) return max + 1;
    var prev2 = null;
    var prev = [];
    for (var j = 0; j <= b.length; j++) prev.push(j);
    for (var i = 1; i <= a.length; i++) {
      var cur = [i];
      var low = i;
      for (var j2 = 1; j2 <= b.length; j2++) {
        var cost = a[i - 1] === b[j2 - 1] ? 0 : 1;
        var v = Math.min(prev[j2] + 1, cur[j2 - 1] + 1, prev[j2 - 1] + cost);
        if (prev2 && i > 1 && j2 > 1 && a[i - 1] === b[j2 - 2] && a[i - 2] === b[j2 - 1]) {
          v = Math.min(v, prev2[j2 - 2] + 1);
        }
        cur.push(v);
        if (v < low) low = v;
      }
      if (low > max) return max + 1;
      prev2 = prev;
      prev = cur;
    }
    return prev[b.length];
  }

  function maxTypos(word) {
    var n = Array.from(word).length;
    return n < 4 ? 0 : n <= 4 ? 1 : 2;
  }

  // The best correction of `word` among `candidates` ([{ word, display, weight }]).
  function closest(word, candidates) {
    var max = maxTypos(word);
    var best = null;
    candidates.forEach(function (c) {
      if (c.word === word || !max) return;
      var d = editDistance(word, c.word, max);
      if (d > max) return;
      if (!best || d < best.d || (d === best.d && c.weight > best.c.weight)) best = { d: d, c: c };
    });
    return best && best.c;
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

  // A string of varints → the numbers.
  function readVarints(s) {
    var out = [];
    var pos = 0;
    while (pos < s.length) {
      var v = 0;
      var shift = 0;
      var d;
      do {
        d = DIGIT[s.charCodeAt(pos++)];
        v += (d & 31) * Math.pow(2, shift);
        shift += 5;
      } while (d >= 32 && pos < s.length);
      out.push(v);
    }
    return out;
  }

  function readDocList(s) {
    var prev = -1;
    return readVarints(s).map(function (gap) {
      prev += gap + 1;
      return prev;
    });
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

  // ---------------------------------------------------------------------------------
  // The engine: loads index files through `load(path) -> Promise<JSON>` (fetch in the
  // page, the file system in the relevance tests, which run this very code in Node) and
  // answers queries. No DOM here.

  var PREFIX_SHARDS = 2;
  // A query with fewer results than this "finds little" and gets spelling suggestions.
  var FEW = 3;

  function createEngine(load) {
    var meta = null;
    var facets = [];
    var facetByKey = new Map();
    var vocab = null;
    var cache = new Map();
    var postingsCache = new Map();
    var resultDocs = null; // 1 for a result record without a case study, else 0
    var otherDocs = null; // 1 for a case study not in the pages' language, else 0

    function once(path) {
      if (!cache.has(path)) {
        var p = load(path);
        cache.set(path, p);
        p.catch(function () {
          cache.delete(path);
        });
      }
      return cache.get(path);
    }

    var metaPromise = null;
    function ready() {
      if (!metaPromise) {
        metaPromise = load("meta.json.gz").then(function (m) {
          meta = m;
          decodeFacets();
          vocab = buildVocabulary(facets);
          return m;
        });
        metaPromise.catch(function () {
          metaPromise = null;
        });
      }
      return metaPromise;
    }

    // Facets: `docVals(d)` gives a document's value indices once `loaded`.
    function decodeFacets() {
      var n = meta.docs;
      resultDocs = new Uint8Array(n);
      readDocList(meta.results || "").forEach(function (d) {
        if (d < n) resultDocs[d] = 1;
      });
      otherDocs = new Uint8Array(n);
      readDocList(meta.other || "").forEach(function (d) {
        if (d < n) otherDocs[d] = 1;
      });
      facets = meta.facets.map(function (f) {
        var index = new Map();
        f.values.forEach(function (v, i) {
          index.set(v.id, i);
        });
        return { key: f.key, label: f.label, section: f.section, values: f.values, data: f.data, width: f.width, index: index, loaded: false };
      });
      facets.forEach(function (f) {
        facetByKey.set(f.key, f);
        if (f.data === "ranges") {
          var vals = new Int32Array(n);
          f.values.forEach(function (v, i) {
            for (var d = v.from || 0; d < Math.min(v.to || 0, n); d++) vals[d] = i;
          });
          setColumn(f, vals);
        }
      });
    }

    // A value past the last is none (a result record without a level).
    function setColumn(f, vals) {
      f.first = vals;
      var none = f.values.length;
      if (f.key === "module") {
        f.docVals = function (d) {
          var v = vals[d];
          if (v >= none) return [];
          var p = f.values[v].part;
          return p == null || p === v ? [v] : [v, p];
        };
      } else {
        f.docVals = function (d) {
          return vals[d] >= none ? [] : [vals[d]];
        };
      }
      f.loaded = true;
    }

    // Loads what `docVals` of facet `f` needs.
    function loadFacet(f) {
      if (f.loaded) return Promise.resolve(f);
      if (f.data === "derived") {
        var inst = facetByKey.get("institution");
        return loadFacet(inst).then(function () {
          f.docVals = function (d) {
            var t = inst.values[inst.first[d]].type;
            return t == null ? [] : [t];
          };
          f.loaded = true;
          return f;
        });
      }
      return once("f/" + f.key + ".json.gz").then(function (data) {
        if (f.loaded) return f;
        var n = meta.docs;
        if (f.data === "column") {
          setColumn(f, readFixed(data, f.width, n));
        } else {
          var per = [];
          for (var d = 0; d < n; d++) per.push([]);
          data.forEach(function (list, i) {
            readDocList(list).forEach(function (doc) {
              if (doc < n) per[doc].push(i);
            });
          });
          f.docVals = function (d) {
            return per[d];
          };
          f.loaded = true;
        }
        return f;
      });
    }

    function loadAllFacets() {
      return ready().then(function () {
        return Promise.all(facets.map(loadFacet));
      });
    }

    function loadShard(i) {
      return once("t/" + i + ".json.gz").then(function (s) {
        s.index = i;
        return s;
      });
    }

    function record(doc) {
      return once("d/" + Math.floor(doc / meta.chunk) + ".json.gz").then(function (recs) {
        return recs[doc % meta.chunk];
      });
    }

    // The text of a document for its excerpt (x/<doc>.json.gz).
    function text(doc) {
      return once("x/" + doc + ".json.gz");
    }

    function postings(shard, k) {
      var e = shard.p[k];
      var key = e[3] != null ? "p" + e[3] : shard.index + ":" + k;
      if (!postingsCache.has(key)) postingsCache.set(key, readPostings(e[2]));
      return postingsCache.get(key);
    }

    // Loads the postings of the common stems the words match, which are files of their
    // own (`[stem, idf, "", n]` is `p/<n>.json.gz`), into their shard entries.
    function loadPostings(words, shards) {
      var loads = [];
      words.forEach(function (w) {
        stemsOf(w, shards).forEach(function (s) {
          var e = s.shard.p[s.ref];
          if (e[3] == null || e.loaded) return;
          loads.push(once("p/" + e[3] + ".json.gz").then(function (p) {
            e[2] = p;
            e.loaded = true;
          }));
        });
      });
      return Promise.all(loads);
    }

    // The dictionary keys a word is looked up under: itself and its stem.
    function keysOf(w) {
      var s = isCjk(w.word.codePointAt(0)) ? w.word : Stem(w.word);
      return s === w.word ? [w.word] : [w.word, s];
    }

    function shardsFor(w) {
      var list = [];
      keysOf(w).forEach(function (key) {
        var i = shardFor(meta.shards, key);
        if (list.indexOf(i) < 0) list.push(i);
      });
      if (w.prefix) {
        var first = shardFor(meta.shards, w.word);
        for (var i = first + 1; i < Math.min(first + PREFIX_SHARDS, meta.shards.length); i++) {
          if (meta.shards[i].indexOf(w.word) !== 0) break;
          if (list.indexOf(i) < 0) list.push(i);
        }
      }
      return list;
    }

    // The stems a word matches: [{ shard, ref, completion }].
    function stemsOf(w, shards) {
      var stems = [];
      var seen = new Set();
      function take(shard, j, completion) {
        var ref = shard.t[j];
        var stem = shard.p[ref][0];
        if (seen.has(stem)) return;
        seen.add(stem);
        stems.push({ shard: shard, ref: ref, completion: completion });
      }
      keysOf(w).forEach(function (key) {
        var shard = shards.get(shardFor(meta.shards, key));
        var j = lowerBound(shard.w, key);
        if (j < shard.w.length && shard.w[j] === key) take(shard, j, false);
      });
      if (w.prefix) {
        shardsFor(w).forEach(function (si) {
          var shard = shards.get(si);
          for (var j = lowerBound(shard.w, w.word); j < shard.w.length; j++) {
            if (shard.w[j].indexOf(w.word) !== 0) break;
            take(shard, j, true);
          }
        });
      }
      return stems;
    }

    // A pair of Chinese characters that spans two words of a query written without a
    // space ("安全度量": 安全, 全度, 度量) and occurs nowhere is not required when each of
    // its characters is in a pair of the query that is found.
    function dropBridges(words, shards) {
      var found = words.map(function (w) {
        return stemsOf(w, shards).length > 0;
      });
      function pair(w) {
        var c = Array.from(w);
        return c.length === 2 && isCjk(c[0].codePointAt(0)) && isCjk(c[1].codePointAt(0));
      }
      return words.filter(function (w, k) {
        if (found[k] || !pair(w.word)) return true;
        return !Array.from(w.word).every(function (c) {
          return words.some(function (o, j) {
            return j !== k && found[j] && pair(o.word) && o.word.indexOf(c) >= 0;
          });
        });
      });
    }

    // Facet filters: explicit ones (`filters`, facet key → ids) and those of the chips.
    function selectedSets(filters, chips) {
      var sets = [];
      facets.forEach(function (f) {
        var ids = (filters.get(f.key) || []).slice();
        var named = false;
        chips.forEach(function (c) {
          if (c.facet === f.key) {
            ids = ids.concat(c.ids);
            named = true;
          }
        });
        var set = new Set();
        ids.forEach(function (id) {
          if (f.index.has(id)) set.add(f.index.get(id));
        });
        // A value named in the query that no case has (`level 5`) matches nothing.
        if (set.size || named) sets.push({ facet: f, set: set });
      });
      return sets;
    }

    function passes(sets, doc, except) {
      for (var i = 0; i < sets.length; i++) {
        if (sets[i].facet === except) continue;
        var vals = sets[i].facet.docVals(doc);
        var hit = false;
        for (var j = 0; j < vals.length; j++) if (sets[i].set.has(vals[j])) hit = true;
        if (!hit) return false;
      }
      return true;
    }

    // Scores every document that has every word: [[doc, score]], plus per word how many
    // documents it matched and the stems it matched (for highlighting).
    function match(words, shards) {
      var n = meta.docs;
      var stems = new Set();
      var perWord = [];
      if (!words.length) {
        var all = [];
        for (var d0 = 0; d0 < n; d0++) all.push([d0, 0]);
        return { candidates: all, stems: stems, perWord: perWord };
      }
      var total = new Float64Array(n);
      var ok = new Uint8Array(n);
      words.forEach(function (w, k) {
        var best = new Float64Array(n);
        var seen = new Uint8Array(n);
        var touched = [];
        stemsOf(w, shards).forEach(function (s) {
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
          stems.add(s.shard.p[s.ref][0]);
        });
        perWord.push(touched.length);
        touched.forEach(function (doc) {
          if (ok[doc] === k) {
            ok[doc] = k + 1;
            total[doc] += best[doc];
          }
        });
      });
      var candidates = [];
      for (var d = 0; d < n; d++) if (ok[d] === words.length) candidates.push([d, total[d]]);
      return { candidates: candidates, stems: stems, perWord: perWord };
    }

    // Per facet key, the count of every value over `res` (for loaded facets only).
    function counts(res) {
      var out = new Map();
      facets.forEach(function (f) {
        if (!f.loaded || res.sets.some(function (s) { return !s.facet.loaded; })) return;
        var c = new Array(f.values.length).fill(0);
        res.candidates.forEach(function (h) {
          if (!passes(res.sets, h[0], f)) return;
          var vals = f.docVals(h[0]);
          for (var j = 0; j < vals.length; j++) c[vals[j]]++;
        });
        out.set(f.key, c);
      });
      return out;
    }

    // Precomputed counts (src/search/counts.rs): per facet, varint(values with a count),
    // then (value gap, count - 1) for each.
    function readCounts(s) {
      var nums = readVarints(s);
      var out = new Map();
      var pos = 0;
      facets.forEach(function (f) {
        var c = new Array(f.values.length).fill(0);
        var k = nums[pos++] || 0;
        var v = -1;
        for (var i = 0; i < k; i++) {
          v += nums[pos++] + 1;
          var n = nums[pos++] + 1;
          if (v < c.length) c[v] = n;
        }
        out.set(f.key, c);
      });
      return out;
    }

    // The counts of every facet value over `res`: precomputed when there is no filter
    // and no word (`meta.all`) or one word that matched one stem (`c/<shard>`), else
    // counted over the facet files (loaded here).
    function countsFor(res) {
      if (!res.sets.length && !res.words.length) return Promise.resolve(readCounts(meta.all || ""));
      if (!res.sets.length && res.words.length === 1 && res.firstStems.length === 1) {
        var s = res.firstStems[0];
        return once("c/" + s.shard.index + ".json.gz").then(function (c) {
          return readCounts(c[s.ref] || "");
        });
      }
      return Promise.all(facets.map(loadFacet)).then(function () {
        return counts(res);
      });
    }

    // Corrections when a query finds little (fewer than FEW results): for each word that
    // matched nothing, or few documents, the closest dictionary word or name (institution,
    // module, type) that is more common: [{ word, correction }].
    function suggest(words, perWord, shards, hitCount) {
      var out = [];
      if (hitCount >= FEW) return out;
      words.forEach(function (w, k) {
        if (perWord[k] >= FEW || isCjk(w.word.codePointAt(0))) return;
        var stems = new Set([Stem(w.word)]);
        stemsOf(w, shards).forEach(function (s) {
          stems.add(s.shard.p[s.ref][0]);
        });
        // A word that matched nothing may be any dictionary word misspelt; one that
        // matched a few documents is a real word, so only a name (institution, module,
        // type) is offered for it: "Zhengzou" → "Zhengzhou".
        var cands = [];
        if (perWord[k] === 0) {
          shardsFor(w).forEach(function (si) {
            var shard = shards.get(si);
            shard.w.forEach(function (word, j) {
              var p = shard.p[shard.t[j]];
              cands.push({ word: word, display: word, weight: -p[1] });
            });
          });
        }
        vocabularyWords().forEach(function (c) {
          if (!stems.has(c.word) && !stems.has(Stem(c.word))) cands.push(c);
        });
        var best = closest(w.word, cands);
        // For a word the text has, one typo at most.
        if (!best || (perWord[k] > 0 && editDistance(w.word, best.word, 1) > 1)) return;
        var own = Infinity;
        stemsOf(w, shards).forEach(function (s) {
          if (!s.completion) own = Math.min(own, s.shard.p[s.ref][1]);
        });
        out.push({ word: w.word, correction: best.display, check: perWord[k] > 0 ? { word: best.word, idf: own } : null });
      });
      return out;
    }

    // Keeps a name offered for a word that the text has (`check`) only when the name is
    // far more common (its idf at least 1.0 lower, about three times the documents), read
    // from its shard: a rare word that is a real word ("thread") is left alone.
    function confirm(suggestions) {
      return Promise.all(suggestions.map(function (s) {
        if (!s.check) return s;
        var key = Stem(s.check.word);
        return loadShard(shardFor(meta.shards, key)).then(function (shard) {
          var j = lowerBound(shard.w, key);
          if (j >= shard.w.length || shard.w[j] !== key) return null;
          return shard.p[shard.t[j]][1] + 1000 <= s.check.idf ? s : null;
        });
      })).then(function (list) {
        return list.filter(Boolean).map(function (s) {
          return { word: s.word, correction: s.correction };
        });
      });
    }

    var vocabWords = null;
    // The words of every facet name, with their spelling as written (`Zhengzhou`).
    function vocabularyWords() {
      if (vocabWords) return vocabWords;
      var seen = new Map();
      facets.forEach(function (f) {
        f.values.forEach(function (v) {
          [v.name].concat(v.aliases || []).forEach(function (name) {
            (String(name).match(/[\p{Alphabetic}\p{N}]+/gu) || []).forEach(function (raw) {
              var word = normalize(raw);
              if (!seen.has(word) && !isCjk(word.codePointAt(0))) seen.set(word, { word: word, display: raw, weight: 1e9 });
            });
          });
        });
      });
      vocabWords = Array.from(seen.values());
      return vocabWords;
    }

    // Runs a query: state = { q, filters: Map(key → [ids]), sort }. With `withCounts`,
    // loads every facet file so that counts are complete.
    function search(state, withCounts) {
      return ready().then(function () {
        var parsed = interpret(state.q, vocab);
        var words = queryWords(parsed.text);
        var need = new Set();
        words.forEach(function (w) {
          shardsFor(w).forEach(function (i) {
            need.add(i);
          });
        });
        var sets = selectedSets(state.filters, parsed.chips);
        var shards = new Map();
        return Promise.all([
          Promise.all(Array.from(need).map(loadShard)).then(function (loaded) {
            loaded.forEach(function (s) {
              shards.set(s.index, s);
            });
            words = dropBridges(words, shards);
            return loadPostings(words, shards);
          }),
          Promise.all(sets.map(function (s) { return loadFacet(s.facet); }))
        ]).then(function () {
          var m = match(words, shards);
          var hits = m.candidates.filter(function (h) {
            return passes(sets, h[0], null);
          });
          var sort = words.length ? state.sort : state.sort === "oldest" ? "oldest" : "newest";
          if (sort === "relevance") {
            // A case study in another language than the page's counts 4/5.
            hits.sort(function (a, b) {
              var ka = a[1] * (otherDocs[a[0]] ? 4 : 5);
              var kb = b[1] * (otherDocs[b[0]] ? 4 : 5);
              return kb - ka || a[0] - b[0];
            });
          } else if (sort === "oldest") {
            hits.sort(function (a, b) {
              return b[0] - a[0];
            });
          }
          var results = 0;
          hits.forEach(function (h) {
            results += resultDocs[h[0]];
          });
          var firstStems = words.length ? stemsOf(words[0], shards) : [];
          var res = { hits: hits, results: results, words: words, stems: m.stems, chips: parsed.chips, text: parsed.text, candidates: m.candidates, sets: sets, firstStems: firstStems };
          res.counts = counts(res);
          return confirm(suggest(words, m.perWord, shards, hits.length)).then(function (sugg) {
            res.suggestions = sugg;
            if (!withCounts) return res;
            return countsFor(res).then(function (c) {
              res.counts = c;
              return res;
            });
          });
        });
      });
    }

    return {
      ready: ready,
      search: search,
      counts: counts,
      countsFor: countsFor,
      record: record,
      text: text,
      loadAllFacets: loadAllFacets,
      facets: function () {
        return facets;
      },
      facet: function (key) {
        return facetByKey.get(key);
      },
      meta: function () {
        return meta;
      },
      // True for a document that is a result record without a case study.
      isResult: function (doc) {
        return !!(resultDocs && resultDocs[doc]);
      }
    };
  }

  var api = {
    normalize: normalize,
    tokenize: tokenize,
    queryWords: queryWords,
    stem: Stem,
    interpret: interpret,
    buildVocabulary: buildVocabulary,
    editDistance: editDistance,
    readPostings: readPostings,
    readDocList: readDocList,
    readFixed: readFixed,
    shardFor: shardFor,
    createEngine: createEngine
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
  var SIDE_LANG = /^zh/i.test(document.documentElement.lang || "") ? "en" : "zh-CN";

  // The page's texts, from the theme's string catalogue in the page's language
  // (search.html writes them as JSON; see themes/default/i18n/*.yaml, `search_ui`).
  var STR = {};
  try {
    var strEl = document.getElementById("search-strings");
    if (strEl) STR = JSON.parse(strEl.textContent);
  } catch (e) {
    STR = {};
  }

  // The template of `key`: a `one`/`other` pair is chosen by `n`. A missing key reads as
  // itself, as the templates' t() does.
  function template(key, n) {
    var v = STR[key];
    if (v == null) return key;
    if (Array.isArray(v)) v = n === 1 ? v[0] : v[1];
    return String(v);
  }

  // The text of `key` with its `{name}` placeholders filled from `args` (`args.n` also
  // picks the plural form); unknown placeholders stay as written.
  function tr(key, args) {
    args = args || {};
    return template(key, args.n).replace(/\{([A-Za-z0-9_]+)\}/g, function (m, name) {
      return args[name] != null ? String(args[name]) : m;
    });
  }

  // The same as children for el(): a placeholder whose value is a node becomes the node.
  function trNodes(key, args) {
    var out = [];
    template(key, args.n).split(/\{([A-Za-z0-9_]+)\}/).forEach(function (piece, i) {
      if (i % 2 === 0) {
        if (piece) out.push(piece);
      } else if (args[piece] == null) {
        out.push("{" + piece + "}");
      } else {
        out.push(typeof args[piece] === "object" ? args[piece] : String(args[piece]));
      }
    });
    return out;
  }

  // "Level 2 · Foundation", "二级 · 基础级": a level by its value ("2", "2+") and name.
  function levelLabel(value, name) {
    var v = String(value);
    var plus = /\+$/.test(v);
    var n = v.replace(/\+$/, "");
    var numbers = STR.level_numbers || [];
    return tr(plus ? "level_plus" : "level", { n: n, cn: numbers[Number(n) - 1] || n, name: name });
  }

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

  var engine = createEngine(fetchJson);
  var facets = []; // the engine's facets, once its meta file is loaded
  var state = { q: "", filters: new Map(), sort: "relevance" };
  var result = null; // the engine's answer: { hits, counts, stems, chips, suggestions, … }
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
    var meta = engine && engine.meta();
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

  // ---- Running a query -------------------------------------------------------------

  // Results first; then the facet files, for the counts of the filter panel.
  function run(mode) {
    var my = ++runId;
    if (mode) writeUrl(mode);
    return engine.ready()
      .then(function () {
        if (!facets.length) {
          facets = engine.facets();
          buildFacetControls();
        }
        return engine.search(state, false);
      })
      .then(function (res) {
        if (my !== runId) return null;
        result = res;
        shown = 0;
        // Without words there is no relevance: the list is by date.
        sortEl.options[0].disabled = !res.words.length;
        sortEl.value = !res.words.length && state.sort === "relevance" ? "newest" : state.sort;
        updateFacets();
        return renderMore(true).then(function () {
          if (filtersEl.open) return loadCounts();
        });
      })
      .catch(function (err) {
        if (my !== runId) return;
        showError(err);
      });
  }

  // The counts of the filter panel, once it is open (on narrow screens it starts closed,
  // and a reader who never opens it never pays for them): precomputed for no words or one
  // word, else counted over the facet files (engine.countsFor).
  function loadCounts() {
    var my = runId;
    var res = result;
    return engine.countsFor(res).then(function (c) {
      if (my !== runId || result !== res) return;
      result.counts = c;
      updateFacets();
    });
  }

  // ---- URL state -----------------------------------------------------------------

  function readUrl() {
    var p = new URLSearchParams(location.search);
    state.q = p.get("q") || "";
    state.sort = p.get("sort") || "relevance";
    if (["relevance", "newest", "oldest"].indexOf(state.sort) < 0) state.sort = "relevance";
    state.filters = new Map();
    ["institution", "module", "level", "year", "type", "domain"].forEach(function (k) {
      var v = p.getAll(k).filter(Boolean);
      if (v.length) state.filters.set(k, v);
    });
  }

  function urlFor(q) {
    if (q == null) q = state.q;
    var p = new URLSearchParams();
    if (q) p.set("q", q);
    state.filters.forEach(function (ids, k) {
      ids.forEach(function (v) {
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
    if (f.key === "level") return levelLabel(v.value, v.name);
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
        // The side name is in the other language (English on Chinese pages).
        if (v.zh) name.appendChild(el("span", { class: "zh", text: " " + v.zh, lang: SIDE_LANG }));
        var label = el("label", { for: id }, [cb, name, count, hidden]);
        var sub = f.key === "module" && v.part != null && v.part !== i;
        var li = el("li", { class: sub ? "facet-sub" : "" }, [label]);
        li.setAttribute("data-facet", f.key);
        li.setAttribute("data-value", v.id);
        list.appendChild(li);
        cb.addEventListener("change", function () {
          var cur = state.filters.get(f.key) || [];
          if (cb.checked) {
            if (cur.indexOf(v.id) < 0) cur = cur.concat([v.id]);
          } else {
            cur = cur.filter(function (x) {
              return x !== v.id;
            });
          }
          if (cur.length) state.filters.set(f.key, cur);
          else state.filters.delete(f.key);
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
      var counts = result.counts.get(f.key);
      var sel = selectedIds(f);
      selectedTotal += sel.length;
      var visible = 0;
      var rows = f.rows.slice();
      var long = f.values.length > 8 && f.key !== "module";
      if (long && counts) {
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
        // Until the facet's file has arrived its values show without counts.
        var c = counts ? counts[r.i] : null;
        var checked = sel.indexOf(f.values[r.i].id) >= 0;
        r.cb.checked = checked;
        r.count.textContent = c == null ? "" : String(c);
        if (c == null) r.li.removeAttribute("data-count");
        else r.li.setAttribute("data-count", String(c));
        r.hidden.textContent = c == null ? "" : tr("facet_count", { n: c });
        if (c == null) c = 1;
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
        f.toggle.textContent = f.expanded ? tr("show_fewer") : tr("show_all", { n: visible });
        f.toggle.setAttribute("aria-expanded", f.expanded ? "true" : "false");
      }
    });
    filterCount.hidden = selectedTotal === 0;
    filterCount.textContent = String(selectedTotal);
    renderActive();
  }

  function selectedIds(f) {
    return state.filters.get(f.key) || [];
  }

  // Chips: the filters read from the query (removing one removes its words from the
  // query), then those chosen in the panel.
  function renderActive() {
    clear(activeEl);
    var any = false;
    result.chips.forEach(function (c) {
      var f = engine.facet(c.facet);
      // Only the values the site has, unless it has none of them (`level 5`).
      var names = c.ids.filter(function (id) {
        return f.index.has(id);
      }).map(function (id) {
        return facetValueLabel(f, f.values[f.index.get(id)]);
      });
      if (!names.length) {
        names = c.ids.filter(function (id) {
          return !/-plus$/.test(id);
        }).map(function (id) {
          // A value the site has no case with (`level 5`): a level is named from the
          // catalogue, anything else as the query vocabulary names it.
          var label = c.labels[c.ids.indexOf(id)] || id;
          if (c.facet !== "level") return label;
          return levelLabel(id, (STR.level_names || [])[Number(id) - 1] || label);
        });
      }
      var b = el("button", { type: "button", class: "active-filter from-query", "data-chip": c.facet, title: tr("from_query", { phrase: c.phrase }) }, [
        el("span", { class: "visually-hidden", text: tr("remove_filter") }),
        tr("chip", { facet: f.label, value: names.join(tr("or")) }),
        el("span", { "aria-hidden": "true", text: " ×" })
      ]);
      b.addEventListener("click", function () {
        state.q = (state.q.slice(0, c.from) + " " + state.q.slice(c.to)).replace(/\s+/gu, " ").trim();
        syncControls();
        run("push");
      });
      activeEl.appendChild(b);
    });
    facets.forEach(function (f) {
      selectedIds(f).forEach(function (id) {
        var i = f.index.get(id);
        if (i == null) return;
        any = true;
        var b = el("button", { type: "button", class: "active-filter" }, [
          el("span", { class: "visually-hidden", text: tr("remove_filter") }),
          tr("chip", { facet: f.label, value: facetValueLabel(f, f.values[i]) }),
          el("span", { "aria-hidden": "true", text: " ×" })
        ]);
        b.addEventListener("click", function () {
          var rest = selectedIds(f).filter(function (x) {
            return x !== id;
          });
          if (rest.length) state.filters.set(f.key, rest);
          else state.filters.delete(f.key);
          run("push");
        });
        activeEl.appendChild(b);
      });
    });
    if (any) {
      var all = el("button", { type: "button", class: "clear-filters", text: tr("clear_all") });
      all.addEventListener("click", clearFilters);
      activeEl.appendChild(all);
    }
  }

  // "Did you mean …?": the query with every unmatched word corrected, one click away.
  function suggestion() {
    if (!result.suggestions.length) return null;
    var q = state.q;
    result.suggestions.forEach(function (s) {
      var at = normalize(q).indexOf(s.word);
      if (at >= 0 && normalize(q).length === q.length) q = q.slice(0, at) + s.correction + q.slice(at + s.word.length);
    });
    if (q === state.q) return null;
    var a = el("a", { href: urlFor(q), class: "did-you-mean", "data-suggestion": q, text: q });
    a.addEventListener("click", function (e) {
      e.preventDefault();
      state.q = q;
      syncControls();
      run("push");
    });
    return el("p", { class: "search-suggestion" }, trNodes("did_you_mean", { q: a }));
  }

  // "Did you mean …?" above the results when a query finds a few (with none, the empty
  // state shows it).
  var suggestEl = null;
  function renderSuggestion() {
    if (suggestEl) suggestEl.remove();
    suggestEl = result.hits.length ? suggestion() : null;
    if (suggestEl) listEl.parentNode.insertBefore(suggestEl, listEl);
  }

  function clearFilters() {
    state.filters = new Map();
    run("push");
  }

  // "3 case studies", "2 case studies and 1 result without a case study": result
  // records are never counted as case studies.
  function hitsPhrase(cases, results) {
    var parts = [];
    if (cases || !results) parts.push(tr("cases", { n: cases }));
    if (results) parts.push(tr("records", { n: results }));
    return parts.join(tr("and"));
  }

  function announce() {
    var n = result.hits.length;
    var what = hitsPhrase(n - result.results, result.results);
    var filtered = state.filters.size > 0 || result.chips.length > 0;
    var words = (result.chips.length ? result.text : state.q).replace(/\s+/gu, " ").trim();
    var end = tr(filtered ? "end_filters" : "end");
    var msg;
    if (!result.words.length) {
      msg = filtered ? tr("match_filters", { n: n, what: what }) : tr("all", { what: what });
    } else if (n === 0) {
      msg = tr("no_match", { words: words, end: end });
      var mean = result.suggestions.length ? suggestion() : null;
      if (mean) msg += tr("did_you_mean_status", { q: mean.querySelector("a").textContent });
    } else {
      msg = tr("matches", { n: n, what: what, words: words, end: end });
      var few = result.suggestions.length ? suggestion() : null;
      if (few) msg += tr("did_you_mean_status", { q: few.querySelector("a").textContent });
    }
    statusEl.textContent = msg;
  }

  function renderEmpty() {
    clear(emptyEl);
    var n = result.hits.length;
    emptyEl.hidden = n > 0;
    if (n > 0) return;
    var filtered = state.filters.size > 0 || result.chips.length > 0;
    emptyEl.appendChild(el("h2", { text: result.words.length ? tr("no_results") : tr("nothing_matches") }));
    var mean = suggestion();
    if (mean) emptyEl.appendChild(mean);
    var tips = el("ul");
    if (result.words.length) {
      tips.appendChild(el("li", { text: tr("tip_spelling") }));
      tips.appendChild(el("li", { text: tr("tip_chinese") }));
    }
    if (filtered) {
      var b = el("button", { type: "button", class: "linklike", text: tr("clear_all") });
      b.addEventListener("click", clearFilters);
      tips.appendChild(el("li", null, trNodes("tip_clear", { button: b })));
    }
    tips.appendChild(el("li", null, trNodes("tip_browse", { link: el("a", { href: BASE + "cases/", text: tr("browse_all") }) })));
    emptyEl.appendChild(tips);
  }

  function renderMore(fresh) {
    var hits = result.hits;
    var from = shown;
    var to = Math.min(hits.length, shown + PAGE);
    var slice = hits.slice(from, to);
    var my = runId;
    // A result's record and its text (for the excerpt) are fetched together; without
    // its text a result still shows, without excerpt.
    return Promise.all(slice.map(function (h) {
      return Promise.all([engine.record(h[0]), engine.text(h[0]).catch(function () {
        return "";
      })]);
    })).then(function (recs) {
      if (my !== runId) return;
      if (fresh) {
        clear(listEl);
        announce();
        renderEmpty();
        renderSuggestion();
      }
      recs.forEach(function (rt, k) {
        listEl.appendChild(renderHit(slice[k][0], rt[0], from + k, String(rt[1] || "")));
      });
      shown = to;
      moreEl.hidden = shown >= hits.length;
      moreEl.textContent = tr("more", { n: hits.length - shown });
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
    var months = STR.months || [];
    return tr("date", { day: Number(p[2]), month: months[Number(p[1]) - 1] || p[1], year: p[0] });
  }

  function termUrl(section, id) {
    return BASE + section + "/" + id + "/";
  }

  function renderHit(doc, rec, rank, text) {
    if (rec[7]) return renderResultHit(doc, rec, rank, text);
    var slug = rec[0];
    var title = rec[1];
    var project = rec[2];
    var date = rec[3];
    var inst = engine.facet("institution");
    var mod = engine.facet("module");
    var lvl = engine.facet("level");
    var instV = inst.values[rec[4]];
    var modI = rec[5];
    var modV = mod.values[modI];
    var lvlV = lvl.values[rec[6]];

    var levelBadge = el("a", {
      class: "level level-" + lvlV.number + (/\+$/.test(lvlV.value) ? " level-plus" : ""),
      href: termUrl(lvl.section, lvlV.id),
      title: tr(lvlV.zh ? "level_title_other" : "level_title", { value: lvlV.value, name: lvlV.name, other: lvlV.zh })
    }, [el("span", { class: "level-num", text: "L" + lvlV.value }), el("span", { class: "level-name", text: lvlV.name })]);
    var titleLink = el("a", { href: BASE + "cases/" + slug + "/" });
    highlightInto(titleLink, title, result.stems, false);
    var moduleLine = [el("a", { href: termUrl(mod.section, modV.id), text: modV.name })];
    if (modV.part != null && modV.part !== modI) {
      var partV = mod.values[modV.part];
      moduleLine.push(el("span", { class: "muted" }, trNodes("in_part", { part: el("a", { href: termUrl(mod.section, partV.id), text: partV.name }) })));
    }
    // The excerpt is centred on the passage with the most matched words.
    var excerpt = el("p", { class: "result-excerpt" });
    highlightInto(excerpt, text, result.stems, true);
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

  // The compact card of a result record without a case study: a label, the date (or
  // "by DATE"), the count, the institution, project, module and level, the record's note.
  // It links to the /results/ view of its institution and module.
  function renderResultHit(doc, rec, rank, text) {
    var extra = rec[7];
    var date = rec[3];
    var inst = engine.facet("institution");
    var mod = engine.facet("module");
    var lvl = engine.facet("level");
    var instV = inst.values[rec[4]];
    var modV = mod.values[rec[5]];
    var lvlV = lvl.values[rec[6]];
    var titleLink = el("a", { href: BASE + extra.url });
    highlightInto(titleLink, rec[1], result.stems, false);
    var when = el("time", { datetime: date, text: extra.known_by ? tr("by", { date: formatDate(date) }) : formatDate(date) });
    var top = [el("span", { class: "result-kind", text: tr("result_kind") }), when];
    if (extra.count > 1) top.push(el("span", { class: "result-count", text: tr("result_count", { n: extra.count }) }));
    var meta = [el("a", { href: termUrl(inst.section, instV.id), text: instV.name })];
    if (rec[2]) meta.push(" · " + rec[2]);
    meta.push(" · ", el("a", { href: termUrl(mod.section, modV.id), text: modV.name }), " · ");
    if (lvlV) meta.push(el("a", { href: termUrl(lvl.section, lvlV.id), text: tr("level_short", { level: lvlV.value }) }));
    else meta.push(el("span", { class: "muted", text: tr("level_not_reported") }));
    var excerpt = el("p", { class: "result-excerpt" });
    highlightInto(excerpt, text, result.stems, true);
    var article = el("article", { class: "card result result-record" }, [
      el("div", { class: "card-top" }, top),
      el("h3", { class: "card-title" }, [titleLink]),
      el("p", { class: "card-meta" }, meta),
      excerpt
    ]);
    return el("li", { class: "result-item", "data-doc": String(doc), "data-slug": rec[0], "data-kind": "result", "data-rank": String(rank + 1) }, [article]);
  }

  // Marks the words of `text` whose stems are in `stems`. With `excerpt`, shows about
  // 230 characters around the passage with the most distinct matched words.
  function highlightInto(node, text, stems, excerpt) {
    var ranges = matchRanges(text, stems);
    var start = 0;
    var end = text.length;
    if (excerpt) {
      var LEN = 230;
      var best = bestPassage(text, ranges, LEN - 60);
      if (best && best[1] > LEN - 40) {
        // Start at the sentence of the passage when it is close, else at a word.
        start = Math.max(0, best[0] - 70);
        var dot = Math.max(text.lastIndexOf(". ", best[0]), text.lastIndexOf("。", best[0]));
        if (dot >= 0 && dot + 2 >= best[0] - 120) start = text[dot] === "。" ? dot + 1 : dot + 2;
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

  // The range [start, end) of the match that opens the window of `width` characters with
  // the most distinct matched words (the earliest such window).
  function bestPassage(text, ranges, width) {
    var best = null;
    var bestCount = 0;
    for (var i = 0; i < ranges.length; i++) {
      var seen = new Set();
      for (var j = i; j < ranges.length && ranges[j][1] <= ranges[i][0] + width; j++) {
        seen.add(normalize(text.slice(ranges[j][0], ranges[j][1])));
      }
      if (seen.size > bestCount) {
        bestCount = seen.size;
        best = ranges[i];
      }
    }
    return best;
  }

  // [start, end) UTF-16 ranges of `text` to mark: words whose stem is in `stems`, and
  // Chinese characters of a matched bigram.
  function matchRanges(text, stems) {
    var out = [];
    if (!stems || !stems.size) return out;
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
          if (toks.length === 1 && (stems.has(toks[0]) || stems.has(Stem(toks[0])))) out.push([s, s + str.length]);
          return;
        }
        var marked = new Uint8Array(p.chars.length);
        if (p.chars.length === 1 && stems.has(normalize(p.chars[0].ch))) marked[0] = 1;
        for (var i = 1; i < p.chars.length; i++) {
          if (stems.has(normalize(p.chars[i - 1].ch + p.chars[i].ch))) marked[i - 1] = marked[i] = 1;
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
    emptyEl.appendChild(el("h2", { text: tr("unavailable") }));
    emptyEl.appendChild(el("p", {
      text: fileUrl
        ? tr("unavailable_file")
        : tr("unavailable_error", { error: err && err.message ? err.message : String(err) })
    }));
    emptyEl.appendChild(el("p", null, trNodes("still", { link: el("a", { href: BASE + "cases/", text: tr("browse_every") }) })));
    statusEl.textContent = tr("unavailable_status");
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
  filtersEl.addEventListener("toggle", function () {
    if (filtersEl.open && result) loadCounts().catch(showError);
  });
  function fitFilters() {
    if (window.matchMedia) filtersEl.open = !window.matchMedia("(max-width: 860px)").matches;
  }
  fitFilters();

  readUrl();
  syncControls();
  app.hidden = false;
  statusEl.textContent = tr("loading");
  run(null);
  if (state.q) input.focus();
})();
