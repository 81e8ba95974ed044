#!/usr/bin/env node
// What a reader's browser downloads to search a built site: kheo's search
// page against Pagefind on the same pages, query by query, in headless
// Chromium with a cold cache, bytes on the wire as a gzip-enabled web
// server sends them.
//
//   cargo run --release -- build --root SITE --output PUBLIC
//   pip install pagefind-bin==1.5.2
//   node benches/search_compare.mjs --site PUBLIC --pagefind "$(python3 -c 'import pagefind_bin,os;print(os.path.dirname(pagefind_bin.__file__))')/pagefind"
//
// Options:
//   --site DIR        the built kheo site (required)
//   --pagefind BIN    the Pagefind binary: indexes DIR's article pages into
//                     DIR/pagefind first, unless that folder exists already
//   --only kheo       measure kheo alone (no Pagefind)
//   --gzip-level N    the server's gzip level (default 6, zlib's and Apache's
//                     default; nginx defaults to 1)
//   --json FILE       also write every measurement as JSON
//
// The server (below) gzips HTML, CSS, JavaScript, JSON and SVG when the
// browser accepts it, like nginx with `gzip_types` for JSON or Apache with
// mod_deflate; Pagefind's own files are gzip already and go as they are.
// Each query gets a new browser context (an empty cache). Counted: every
// response the search causes, headers and body as sent — for kheo search.js,
// the root file, index chunks and result details; for Pagefind everything
// under /pagefind/. The HTML, CSS and kheo.js of the page are not counted
// for either (Pagefind's host page is a blank page). Both show 10 results:
// kheo's search page draws them, and Pagefind is asked for the data of its
// first 10 results, as its UI does.
//
// A query "finds its article" when one of the 10 results shown has a
// title that holds every word of the query, accents aside.
import { createServer } from "node:http";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { extname, join, normalize, resolve, sep } from "node:path";
import { gzipSync } from "node:zlib";
import { browser } from "../tests/browser/lib.mjs";

// The fixed queries: Vietnamese with and without accents, English, rare
// words, quoted phrases. `title: true` asks that one of the results shown
// has every word of the query in its title.
export const QUERIES = [
  { lang: "vi", q: "dân vận khéo", title: true },
  { lang: "vi", q: "đường giao thông nông thôn" },
  { lang: "vi", q: "hòa giải" },
  { lang: "vi", q: '"tổ dân vận"' },
  { lang: "vi", q: "hiến đất làm đường" },
  { lang: "vi", q: "Điện Biên", title: true },
  { lang: "vi", q: '"không dùng tiền mặt"', title: true },
  { lang: "vi", q: "Hũ gạo tình thương", title: true },
  { lang: "vi", q: "dan van kheo", title: true },
  { lang: "vi", q: "duong que dien bien", title: true },
  { lang: "vi", q: "hoa giai o co so", title: true },
  { lang: "vi", q: "ban lang khong ma tuy", title: true },
  { lang: "vi", q: "hu gao tinh thuong", title: true },
  { lang: "vi", q: "giam ngheo ben vung" },
  { lang: "en", q: "mass mobilization" },
  { lang: "en", q: "cashless Hue", title: true },
  { lang: "en", q: '"village roads"' },
  { lang: "en", q: "land donation" },
  { lang: "en", q: "drug-free villages", title: true },
  { lang: "en", q: "Rice jar of kindness", title: true },
];

function args() {
  const a = process.argv.slice(2);
  const out = { gzipLevel: 6 };
  for (let i = 0; i < a.length; i++) {
    const next = () => a[++i];
    if (a[i] === "--site") out.site = resolve(next());
    else if (a[i] === "--pagefind") out.pagefind = next();
    else if (a[i] === "--only") out.only = next();
    else if (a[i] === "--gzip-level") out.gzipLevel = Number(next());
    else if (a[i] === "--json") out.json = next();
    else throw new Error(`unknown option ${a[i]}`);
  }
  if (!out.site) throw new Error("--site DIR is required");
  return out;
}

const TEXT = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
};

function fileFor(dir, urlPath) {
  let rel;
  try {
    rel = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  const full = normalize(join(dir, rel));
  if (full !== dir && !full.startsWith(dir + sep)) return null;
  for (const candidate of [full, join(full, "index.html")]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      /* next */
    }
  }
  return null;
}

// A static server that gzips text, and counts what it sends.
async function serve(dir, level) {
  const log = [];
  const cache = new Map();
  const server = createServer((req, res) => {
    const path = new URL(req.url, "http://x").pathname;
    const blank = path.match(/^\/__bench\/(\w+)\.html$/);
    let body;
    let type;
    if (blank) {
      body = Buffer.from(`<!DOCTYPE html><html lang="${blank[1]}"><head><meta charset="utf-8"><title>bench</title></head><body></body></html>`);
      type = TEXT[".html"];
    } else {
      const file = fileFor(dir, path);
      if (!file) {
        res.writeHead(404, { "content-type": "text/plain" });
        res.end("not found");
        return;
      }
      body = readFileSync(file);
      type = TEXT[extname(file).toLowerCase()] || (file.endsWith(".wasm") ? "application/wasm" : "application/octet-stream");
    }
    const headers = { "content-type": type, "cache-control": "no-cache" };
    if (type !== "application/octet-stream" && type !== "application/wasm" && /\bgzip\b/.test(req.headers["accept-encoding"] || "")) {
      const key = `${path}:${level}`;
      if (!cache.has(key)) cache.set(key, gzipSync(body, { level }));
      body = cache.get(key);
      headers["content-encoding"] = "gzip";
      headers.vary = "Accept-Encoding";
    }
    headers["content-length"] = body.length;
    res.writeHead(200, headers);
    const head = `HTTP/1.1 200 OK\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join("")}\r\n`;
    log.push({ path, body: body.length, headers: Buffer.byteLength(head) });
    res.end(body);
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  return { origin: `http://127.0.0.1:${server.address().port}`, log, close: () => new Promise((ok) => server.close(ok)) };
}

function fold(s) {
  return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase();
}

const wordsOf = (s) => fold(s).split(/[^\p{Alphabetic}\p{N}]+/u).filter((w) => w.length > 1);

function hasTitle(titles, q) {
  const want = wordsOf(q);
  return titles.some((t) => {
    const have = new Set(wordsOf(t));
    return want.every((w) => have.has(w));
  });
}

async function kheoQuery(b, server, query) {
  const context = await b.newContext();
  const page = await context.newPage();
  const path = query.lang === "vi" ? "/tim-kiem/" : `/${query.lang}/search/`;
  const start = server.log.length;
  await page.goto(`${server.origin}${path}?q=${encodeURIComponent(query.q)}`);
  await page.waitForFunction(() => {
    const s = document.getElementById("search-status");
    return s && s.textContent && !s.classList.contains("search-status");
  }, null, { timeout: 60000 });
  await page.waitForLoadState("networkidle");
  const titles = await page.$$eval("#search-results .search-list .search-title", (hs) => hs.map((h) => h.textContent));
  const status = await page.textContent("#search-status");
  await context.close();
  const counted = server.log.slice(start).filter((r) => r.path.startsWith("/search") || r.path.endsWith("/search.js"));
  return { status: status.trim(), titles, requests: counted };
}

async function pagefindQuery(b, server, query) {
  const context = await b.newContext();
  const page = await context.newPage();
  await page.goto(`${server.origin}/__bench/${query.lang}.html`);
  const start = server.log.length;
  const result = await page.evaluate(async (q) => {
    const pf = await import("/pagefind/pagefind.js");
    const r = await pf.search(q);
    const data = await Promise.all(r.results.slice(0, 10).map((x) => x.data()));
    return { total: r.results.length, titles: data.map((d) => (d.meta && d.meta.title) || "") };
  }, query.q);
  await page.waitForLoadState("networkidle");
  await context.close();
  const counted = server.log.slice(start).filter((r) => r.path.startsWith("/pagefind/"));
  return { status: `${result.total} results`, titles: result.titles, requests: counted };
}

const kb = (n) => (n / 1000).toFixed(1);
const bytes = (r) => r.requests.reduce((s, x) => s + x.body + x.headers, 0);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

async function main() {
  const opt = args();
  if (!existsSync(join(opt.site, "search-index.vi.json"))) throw new Error(`${opt.site} is not a kheo site`);
  const withPagefind = opt.only !== "kheo";
  if (withPagefind && !existsSync(join(opt.site, "pagefind", "pagefind.js"))) {
    if (!opt.pagefind) throw new Error(`no ${opt.site}/pagefind: pass --pagefind BIN to index the site, or --only kheo`);
    // Article pages only, their article element only: the text kheo indexes.
    const t0 = Date.now();
    execFileSync(opt.pagefind, ["--site", opt.site, "--root-selector", "article.article", "--glob", "**/*.html", "--quiet"], { stdio: "inherit" });
    console.error(`pagefind: indexed in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  const server = await serve(opt.site, opt.gzipLevel);
  const b = await browser();
  const rows = [];
  try {
    for (const query of QUERIES) {
      const k = await kheoQuery(b, server, query);
      const p = withPagefind ? await pagefindQuery(b, server, query) : null;
      rows.push({ query, kheo: k, pagefind: p });
      console.error(`${query.q}: kheo ${kb(bytes(k))} KB${p ? `, pagefind ${kb(bytes(p))} KB` : ""}`);
    }
  } finally {
    await b.close();
    await server.close();
  }

  const found = (r, engine) => (r.query.title ? (hasTitle(r[engine].titles, r.query.q) ? "yes" : "**no**") : "");
  const head = withPagefind
    ? "| query | lang | kheo KB (requests) | Pagefind KB (requests) | kheo / Pagefind | kheo finds its article | Pagefind finds it |\n|---|---|---:|---:|---:|---|---|"
    : "| query | lang | kheo KB (requests) | results | finds its article |\n|---|---|---:|---|---|";
  const lines = [head];
  for (const r of rows) {
    const q = r.query.q.replace(/\|/g, "\\|");
    if (withPagefind) {
      lines.push(`| \`${q}\` | ${r.query.lang} | ${kb(bytes(r.kheo))} (${r.kheo.requests.length}) | ${kb(bytes(r.pagefind))} (${r.pagefind.requests.length}) | ${(bytes(r.kheo) / bytes(r.pagefind)).toFixed(2)} | ${found(r, "kheo")} | ${found(r, "pagefind")} |`);
    } else {
      lines.push(`| \`${q}\` | ${r.query.lang} | ${kb(bytes(r.kheo))} (${r.kheo.requests.length}) | ${r.kheo.status.replace(/\|/g, "\\|")} | ${found(r, "kheo")} |`);
    }
  }
  const ks = rows.map((r) => bytes(r.kheo));
  if (withPagefind) {
    const ps = rows.map((r) => bytes(r.pagefind));
    const ratios = rows.map((r) => bytes(r.kheo) / bytes(r.pagefind));
    lines.push(`| **median** | | ${kb(median(ks))} | ${kb(median(ps))} | ${median(ratios).toFixed(2)} | | |`);
    lines.push(`| **worst** | | ${kb(Math.max(...ks))} | ${kb(Math.max(...ps))} | ${Math.max(...ratios).toFixed(2)} | | |`);
  } else {
    lines.push(`| **median** | | ${kb(median(ks))} | | |`);
    lines.push(`| **worst** | | ${kb(Math.max(...ks))} | | |`);
  }
  console.log(lines.join("\n"));
  if (opt.json) writeFileSync(opt.json, JSON.stringify(rows, null, 1));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
