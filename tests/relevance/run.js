// Runs the judged queries of queries.yaml through the search page's own engine
// (assets/search.js) over the index files of a built site, in Node, and judges them:
//
//     node run.js SEARCH_JS OUT_DIR < queries.json
//
// The input is queries.yaml as JSON (the Rust side parses the YAML). Prints a JSON report:
// `{ judgments: [{ q, kind, holds, why, slugs }], held, total, mrr, recall5 }`, where MRR
// is the mean reciprocal rank of the first expected result and recall@5 the share of
// expected results (at most 5 per query) in the first five, over the queries with `top`.
"use strict";
const fs = require("fs");
const path = require("path");
const zlib = require("zlib");

const [script, out] = process.argv.slice(2);
const search = require(path.resolve(script));
// The index of the pages in `lang` (the default language's at the root, others under
// their prefix: `zh/search/`).
const loader = (lang) => (p) =>
  fs.promises.readFile(path.join(out, lang ? lang : "", "search", p)).then((b) => JSON.parse(zlib.gunzipSync(b).toString("utf8")));

function judge(q, res, slugs) {
  const why = [];
  if (q.top) {
    const first = slugs.slice(0, q.top.length);
    const missing = q.top.filter((s) => !first.includes(s));
    if (missing.length) why.push(`expected first: ${q.top.join(", ")}; got: ${first.join(", ")}`);
  }
  if (q.count != null && slugs.length !== q.count) why.push(`expected ${q.count} results, got ${slugs.length}`);
  if (q.none && slugs.length) why.push(`expected no result, got ${slugs.length}`);
  if (q.chips) {
    const got = {};
    for (const c of res.chips) (got[c.facet] = got[c.facet] || []).push(...c.ids);
    const norm = (o) => JSON.stringify(Object.keys(o).sort().map((k) => [k, o[k].map(String).sort()]));
    if (norm(got) !== norm(q.chips)) why.push(`expected chips ${norm(q.chips)}, got ${norm(got)}`);
  }
  if (q.suggest) {
    const ok = res.suggestions.some((s) => s.correction.toLowerCase() === String(q.suggest).toLowerCase());
    if (!ok) why.push(`expected the suggestion ${q.suggest}, got ${JSON.stringify(res.suggestions)}`);
  }
  return why;
}

async function main() {
  const queries = JSON.parse(fs.readFileSync(0, "utf8"));
  const engines = new Map();
  const engineFor = async (lang) => {
    if (!engines.has(lang || "")) {
      const e = search.createEngine(loader(lang));
      await e.ready();
      engines.set(lang || "", e);
    }
    return engines.get(lang || "");
  };
  const judgments = [];
  let rr = 0;
  let recall = 0;
  let ranked = 0;
  for (const q of queries) {
    const filters = new Map(Object.entries(q.filters || {}));
    const engine = await engineFor(q.lang);
    const res = await engine.search({ q: String(q.q), filters, sort: "relevance" }, true);
    const slugs = [];
    for (const h of res.hits) slugs.push((await engine.record(h[0]))[0]);
    const why = judge(q, res, slugs);
    if (q.top) {
      ranked++;
      const rank = slugs.findIndex((s) => q.top.includes(s));
      rr += rank < 0 ? 0 : 1 / (rank + 1);
      const want = q.top.slice(0, 5);
      recall += slugs.slice(0, 5).filter((s) => q.top.includes(s)).length / want.length;
    }
    judgments.push({ q: (q.lang ? q.lang + ": " : "") + String(q.q), kind: q.kind || "", holds: why.length === 0, why, slugs: slugs.slice(0, 10) });
  }
  const held = judgments.filter((j) => j.holds).length;
  const report = { judgments, held, total: judgments.length, mrr: ranked ? rr / ranked : 0, recall5: ranked ? recall / ranked : 0 };
  process.stdout.write(JSON.stringify(report));
}
main().catch((e) => {
  console.error(e && e.stack ? e.stack : String(e));
  process.exit(1);
});
