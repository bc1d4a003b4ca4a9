// Runs queries through the search page's own engine (assets/search.js) over the index files
// of a built site, in Node, and prints what the page would show, for comparison with the
// reference engine (tests/it/search_oracle.rs):
//
//     node compare.js SEARCH_JS SEARCH_DIR < queries.json
//
// Input: `[{ q, filters: { facet: [ids] } }]`. Output: per query `{ docs: [document…],
// counts: { facet: [count per value] }, chips, read: [files loaded] }`, the counts being those of
// the filter panel (precomputed or counted over the facet files, as the page does).
"use strict";
const fs = require("fs");
const path = require("path");
const zlib = require("zlib");

const [script, dir] = process.argv.slice(2);
const search = require(path.resolve(script));

async function main() {
  const queries = JSON.parse(fs.readFileSync(0, "utf8"));
  const out = [];
  for (const q of queries) {
    // A fresh engine per query: `read` is what a first query downloads.
    const read = [];
    const load = (p) => {
      read.push(p);
      return fs.promises.readFile(path.join(dir, p)).then((b) => JSON.parse(zlib.gunzipSync(b).toString("utf8")));
    };
    const engine = search.createEngine(load);
    await engine.ready();
    const res = await engine.search({ q: String(q.q), filters: new Map(Object.entries(q.filters || {})), sort: "relevance" }, true);
    const counts = {};
    res.counts.forEach((c, k) => (counts[k] = c));
    out.push({ docs: res.hits.map((h) => h[0]), counts, chips: res.chips.length, read: read.sort() });
  }
  process.stdout.write(JSON.stringify(out));
}
main().catch((e) => {
  console.error(e && e.stack ? e.stack : String(e));
  process.exit(1);
});
