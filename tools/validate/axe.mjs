#!/usr/bin/env node
// Accessibility check of a served casebook site: axe-core in headless Chromium (Debian's
// /usr/bin/chromium driven by playwright-core; no browser is ever downloaded).
//
//   node axe.mjs --url http://127.0.0.1:PORT/base/ --site-dir DIR [--all] [--json FILE]
//                [--screenshots DIR] [--chromium PATH] [--schemes light,dark]
//
// Runs axe-core (all rules axe runs by default: WCAG 2.x A/AA and best practices) on one
// page of every page type (or every HTML page with --all), once with
// prefers-color-scheme: light and once with dark. Violations with impact serious or
// critical fail; moderate and minor ones are printed as warnings. Also fails on uncaught
// JavaScript errors and on same-origin requests that fail or answer >= 400 (scripts,
// styles, the search index…). Exit status: 0 when nothing fails, 1 otherwise, 2 when the
// browser could not be started.

import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
const AXE_VERSION = require('axe-core/package.json').version;
const PW_VERSION = require('playwright-core/package.json').version;
const FAILING = new Set(['serious', 'critical']);

function parseArgs(argv) {
  const a = { schemes: ['light', 'dark'], all: false };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const v = () => argv[++i];
    if (k === '--url') a.url = v();
    else if (k === '--site-dir') a.siteDir = v();
    else if (k === '--all') a.all = true;
    else if (k === '--json') a.json = v();
    else if (k === '--screenshots') a.screenshots = v();
    else if (k === '--chromium') a.chromium = v();
    else if (k === '--schemes') a.schemes = v().split(',');
    else { console.error(`axe.mjs: unknown argument ${k}`); process.exit(2); }
  }
  if (!a.url || !a.siteDir) { console.error('usage: axe.mjs --url SERVED_URL --site-dir DIR [--all]'); process.exit(2); }
  if (!a.url.endsWith('/')) a.url += '/';
  a.chromium ||= process.env.CHROMIUM || '/usr/bin/chromium';
  return a;
}

const exists = (dir, rel) => fs.existsSync(path.join(dir, rel));

// The biggest index.html one level under `folder` (not a pagination page): the term page
// with the most content, so the most markup of that page type is checked.
function largest(dir, folder) {
  const base = path.join(dir, folder);
  if (!fs.existsSync(base)) return null;
  let best = null;
  for (const name of fs.readdirSync(base).sort()) {
    if (name === 'page') continue;
    const f = path.join(base, name, 'index.html');
    if (!fs.existsSync(f)) continue;
    const size = fs.statSync(f).size;
    if (!best || size > best.size) best = { rel: `${folder}/${name}/index.html`, size };
  }
  return best && best.rel;
}

function pageTypes(dir) {
  const list = [
    ['home', 'index.html'],
    ['case study', largest(dir, 'cases')],
    ['case listing', 'cases/index.html'],
    ['case listing, page 2', 'cases/page/2/index.html'],
    ['term index: institutions', 'institutions/index.html'],
    ['term: institution', largest(dir, 'institutions')],
    ['term index: modules', 'modules/index.html'],
    ['term: module or part', largest(dir, 'modules')],
    ['term index: levels', 'levels/index.html'],
    ['term: level', largest(dir, 'levels')],
    ['term: year', largest(dir, 'years')],
    ['term: capability domain', largest(dir, 'domains')],
    ['term: institution type', largest(dir, 'types')],
    ['term: tag', largest(dir, 'tags')],
    ['matrix', 'matrix/index.html'],
    ['matrix, filtered', 'matrix/index.html', '?year=2021'],
    ['results', 'results/index.html'],
    ['results, filtered', 'results/index.html', '?type=state-owned&sort=7&dir=desc'],
    ['statistics', 'stats/index.html'],
    ['search', 'search/index.html'],
    ['search with results', 'search/index.html', '?q=security'],
    ['404', '404.html'],
    // What a static host sends for a missing URL: 404.html, at a deeper path than its own.
    ['404 for a missing URL', '404.html', '', 'no-such-page/for-the-404-check/'],
  ];
  return list.filter(([, rel]) => rel && exists(dir, rel)).map(([type, rel, query, at]) => ({ type, rel, query: query || '', at }));
}

function allPages(dir) {
  const out = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((x, y) => x.name.localeCompare(y.name))) {
      const f = path.join(d, e.name);
      if (e.isDirectory()) walk(f);
      else if (e.name.endsWith('.html')) out.push(path.relative(dir, f).split(path.sep).join('/'));
    }
  };
  walk(dir);
  const typed = pageTypes(dir);
  const extra = typed.filter((p) => p.query || p.at);
  return out.map((rel) => ({ type: typed.find((p) => p.rel === rel && !p.query)?.type || 'page', rel, query: '' })).concat(extra);
}

const urlOf = (base, rel) => base + rel.replace(/(^|\/)index\.html$/, '$1').split('/').map(encodeURIComponent).join('/');
const pageUrl = (base, p) => (p.at ? base + p.at : urlOf(base, p.rel) + p.query);

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const pages = args.all ? allPages(args.siteDir) : pageTypes(args.siteDir);
  if (!fs.existsSync(args.chromium)) {
    console.error(`axe: no browser at ${args.chromium}: install Debian's chromium package (apt-get install -y chromium) or set CHROMIUM`);
    process.exit(2);
  }
  const t0 = Date.now();
  let browser;
  try {
    browser = await chromium.launch({
      executablePath: args.chromium,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
        '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
    });
  } catch (e) {
    console.error(`axe: could not start ${args.chromium}: ${e.message}`);
    process.exit(2);
  }
  const origin = new URL(args.url).origin;
  const failures = []; // hard failures that are not axe violations
  const results = []; // { page, scheme, url, violations }
  if (args.screenshots) fs.mkdirSync(args.screenshots, { recursive: true });

  // The colour schemes run side by side (one browser context each): about half the time
  // on two cores.
  await Promise.all(args.schemes.map(async (scheme) => {
    const context = await browser.newContext({ colorScheme: scheme, viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
    for (const [index, p] of pages.entries()) {
      const url = pageUrl(args.url, p);
      const label = `${url.slice(origin.length)} (${p.type}, ${scheme})`;
      const page = await context.newPage();
      page.on('pageerror', (e) => failures.push(`${label}: uncaught JavaScript error: ${e.message}`));
      page.on('console', (m) => {
        // The browser logs the expected 404 of the missing-URL check as an error too.
        if (m.type() === 'error' && !(p.at && /status of 404/.test(m.text()))) failures.push(`${label}: console error: ${m.text()}`);
      });
      page.on('requestfailed', (r) => { if (r.url().startsWith(origin)) failures.push(`${label}: request failed: ${r.url().slice(origin.length)} (${r.failure()?.errorText})`); });
      page.on('response', (r) => {
        const isMain = r.request().isNavigationRequest() && r.request().frame() === page.mainFrame();
        if (isMain && p.at) {
          if (r.status() !== 404) failures.push(`${label}: a missing URL answered ${r.status()}, expected 404`);
        } else if (r.url().startsWith(origin) && r.status() >= 400) {
          failures.push(`${label}: ${r.status()} for ${r.url().slice(origin.length)}`);
        }
      });
      try {
        // Pages are static; the search page fetches its index and renders results, so it
        // is given until the network is idle.
        const scripted = /(^|\/)search\//.test(p.rel);
        const resp = await page.goto(url, { waitUntil: scripted ? 'networkidle' : 'load', timeout: 30000 });
        if (!resp) failures.push(`${label}: no response`);
        const dark = await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches);
        if (dark !== (scheme === 'dark')) failures.push(`${label}: colour scheme emulation did not apply`);
        await page.addScriptTag({ path: AXE });
        const r = await page.evaluate(async () => {
          // eslint-disable-next-line no-undef
          const out = await axe.run(document, { resultTypes: ['violations'] });
          return out.violations.map((v) => ({
            id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl, tags: v.tags,
            nodes: v.nodes.map((n) => ({ target: n.target.join(' '), html: n.html, summary: n.failureSummary, impact: n.impact })),
          }));
        });
        results.push({ index, page: p.type, scheme, url: url.slice(origin.length), violations: r });
        if (args.screenshots) {
          const name = `${p.rel.replace(/\/?index\.html$/, '').replace(/\//g, '_') || 'home'}${p.query ? '_q' : ''}${p.at ? '_missing' : ''}-${scheme}.png`;
          await page.screenshot({ path: path.join(args.screenshots, name), fullPage: true });
        }
      } catch (e) {
        failures.push(`${label}: ${e.message.split('\n')[0]}`);
      }
      await page.close();
    }
    await context.close();
  }));
  await browser.close();
  results.sort((x, y) => x.index - y.index || args.schemes.indexOf(x.scheme) - args.schemes.indexOf(y.scheme));

  // Group violations by rule, then by node, across pages and schemes.
  const byRule = new Map();
  for (const r of results) {
    for (const v of r.violations) {
      const impact = v.impact || 'minor';
      if (!byRule.has(v.id)) byRule.set(v.id, { ...v, impact, hits: [] });
      for (const n of v.nodes) byRule.get(v.id).hits.push({ url: r.url, scheme: r.scheme, page: r.page, ...n });
    }
  }
  const order = { critical: 0, serious: 1, moderate: 2, minor: 3 };
  const rules = [...byRule.values()].sort((a, b) => order[a.impact] - order[b.impact] || a.id.localeCompare(b.id));
  let failing = 0;
  let warning = 0;
  for (const rule of rules) {
    const fail = FAILING.has(rule.impact);
    if (fail) failing += rule.hits.length; else warning += rule.hits.length;
    console.log(`${fail ? 'error' : 'warning'}: [${rule.impact}] ${rule.id}: ${rule.help} (${rule.hits.length} node(s))`);
    console.log(`    ${rule.helpUrl}`);
    // Same element on several pages/schemes: print it once with where it occurs.
    const nodes = new Map();
    for (const h of rule.hits) {
      const key = `${h.target}\u0000${h.html}`;
      if (!nodes.has(key)) nodes.set(key, { ...h, urls: new Map() });
      const urls = nodes.get(key).urls;
      if (!urls.has(h.url)) urls.set(h.url, []);
      urls.get(h.url).push(h.scheme);
    }
    for (const n of nodes.values()) n.where = [...n.urls].map(([u, s]) => `${u} (${s.join(', ')})`);
    let shown = 0;
    for (const n of nodes.values()) {
      if (++shown > 12) { console.log(`    … and ${nodes.size - 12} more elements`); break; }
      const where = n.where.length > 4 ? `${n.where.slice(0, 4).join(', ')} and ${n.where.length - 4} more` : n.where.join(', ');
      console.log(`  - ${n.target}   on ${where}`);
      console.log(`      ${n.html.replace(/\s+/g, ' ').slice(0, 200)}`);
      const summary = (n.summary || '').split('\n').map((s) => s.trim()).filter(Boolean).slice(0, 3).join(' / ');
      if (summary) console.log(`      ${summary.slice(0, 300)}`);
    }
  }
  for (const f of [...new Set(failures)]) console.log(`error: ${f}`);
  console.log('');
  console.log('axe summary (serious/critical | moderate/minor nodes):');
  for (const [index, p] of pages.entries()) {
    const row = args.schemes.map((s) => {
      const r = results.find((x) => x.index === index && x.scheme === s);
      if (!r) return `${s}: not run`;
      const bad = r.violations.filter((v) => FAILING.has(v.impact)).reduce((n, v) => n + v.nodes.length, 0);
      const meh = r.violations.filter((v) => !FAILING.has(v.impact)).reduce((n, v) => n + v.nodes.length, 0);
      return `${s}: ${bad} | ${meh}`;
    });
    console.log(`  ${pageUrl(new URL(args.url).pathname, p).padEnd(58)} ${p.type.padEnd(26)} ${row.join('   ')}`);
  }
  const hard = new Set(failures).size;
  console.log(`axe: axe-core ${AXE_VERSION} (playwright-core ${PW_VERSION}, ${path.basename(args.chromium)}) on ${pages.length} pages × ${args.schemes.length} colour schemes: ` +
    `${failing} serious/critical violation node(s), ${warning} moderate/minor (warnings), ${hard} page error(s) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  if (args.json) fs.writeFileSync(args.json, JSON.stringify({ axe: AXE_VERSION, pages, results, failures: [...new Set(failures)] }, null, 2));
  process.exit(failing || hard ? 1 : 0);
}

main().catch((e) => { console.error(e); process.exit(2); });
