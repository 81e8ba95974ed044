// How long an editor waits for `kheo serve` to show a saved edit: from the
// moment the article file is written to the moment the open page, reloaded
// by itself, has loaded with the new sentence. Measured in headless
// Chromium on the bench corpus.
//
//   cargo build --release
//   node benches/serve_latency.mjs [--articles 1000] [--runs 21] [--work /dev/shm/kheo-serve] [--wait 60]
//
// `--wait` is how many seconds the first build and each edit may take
// before the run is given up (a 10,000-article site on a loaded machine
// needs minutes for its first build).
//
// An edit of an article's text alone is shown first (its page rendered
// against the last model), then the rest of the site is rebuilt (search
// index, feeds); each edit waits for that rebuild to end before the next,
// as an editor's saves are seconds apart, and the rebuild's time is printed
// apart ("the rest of the site").
// Needs playwright-core and Chromium as the browser tests do
// (tests/browser/README.md). Prints each run and the median / 90th percentile,
// and the server's resident and peak memory (Linux).
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";

import { ROOT, browser, kheoServe } from "../tests/browser/lib.mjs";

function option(name, fallback) {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : fallback;
}
const ARTICLES = Number(option("--articles", "1000"));
const RUNS = Number(option("--runs", "21"));
const WORK = resolve(option("--work", "/dev/shm/kheo-serve"));
const WAIT_MS = Number(option("--wait", "60")) * 1000;

/** The bench corpus (the shared generator, or the repository's own fallback). */
function corpus() {
  const site = join(WORK, `site-${ARTICLES}`);
  rmSync(site, { recursive: true, force: true });
  const shared = join(ROOT, "../shared/bench/gen_corpus.py");
  if (existsSync(shared)) {
    execFileSync("python3", [shared, "--articles", String(ARTICLES), "--out", site, "--format", "kheo"], {
      stdio: "ignore",
    });
  } else {
    execFileSync("python3", [join(ROOT, "benches/smoke_corpus.py"), "--articles", String(ARTICLES), "--out", site]);
  }
  return site;
}

/** The first Vietnamese article of the first section, in file name order. */
function someArticle(site) {
  const content = join(site, "content");
  for (const section of readdirSync(content).sort()) {
    const dir = join(content, section);
    let files;
    try {
      files = readdirSync(dir).sort();
    } catch {
      continue;
    }
    const file = files.find((f) => f.endsWith(".md") && !f.endsWith(".en.md") && !f.startsWith("_"));
    if (file) return join(dir, file);
  }
  throw new Error(`no article in ${content}`);
}

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

const site = corpus();
const source = someArticle(site);
const stem = source.split("/").pop().replace(/\.md$/, "");
const server = await kheoServe(site, [], { startMs: Math.max(WAIT_MS, 60_000) });
const chromium = await browser();
try {
  const sitemap = await (await fetch(`${server.origin}/sitemap.xml`)).text();
  const url = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]).find((u) => u.endsWith(`/${stem}/`) && !u.startsWith(`${server.origin}/en/`));
  if (!url) throw new Error(`no page for ${stem} in the sitemap`);
  const page = await (await chromium.newContext()).newPage();
  await page.goto(url, { waitUntil: "load" });
  await page.waitForTimeout(500);

  const original = readFileSync(source, "utf8");
  const times = [];
  const starts = [];
  let navigatedAt = 0;
  page.on("request", (r) => {
    if (r.isNavigationRequest()) navigatedAt = performance.now();
  });
  const rebuilt = () => server.lines.filter((l) => /rebuilt in \d+ ms/.test(l)).length;
  for (let run = 0; run <= RUNS; run++) {
    const token = `Lần sửa thứ ${run + 1} của biên tập viên.`;
    const rebuildsBefore = rebuilt();
    const loaded = page.waitForEvent("load", { timeout: WAIT_MS });
    const start = performance.now();
    writeFileSync(source, `${original}\n${token}\n`);
    await loaded;
    const ms = performance.now() - start;
    const shown = await page.evaluate((t) => document.body.innerText.includes(t), token);
    if (!shown) throw new Error(`run ${run}: the reloaded page lacks the edit`);
    // The first edit warms the preview's caches; it is shown, not counted.
    const reloadAt = navigatedAt - start;
    if (run > 0) {
      times.push(ms);
      starts.push(reloadAt);
    }
    console.log(
      `run ${run}${run === 0 ? " (warm-up)" : ""}: ${ms.toFixed(1)} ms (reload asked for at ${reloadAt.toFixed(1)} ms)`,
    );
    // The rest of the site: the next edit starts once it is rebuilt.
    const until = performance.now() + WAIT_MS;
    while (rebuilt() <= rebuildsBefore && performance.now() < until) {
      await new Promise((ok) => setTimeout(ok, 20));
    }
    await page.waitForTimeout(250);
  }
  writeFileSync(source, original);
  times.sort((a, b) => a - b);
  starts.sort((a, b) => a - b);
  const firsts = server.lines
    .map((l) => /edited text shown in (\d+) ms/.exec(l))
    .filter(Boolean)
    .slice(1, RUNS + 1)
    .map((m) => Number(m[1]))
    .sort((a, b) => a - b);
  const rebuilds = server.lines
    .map((l) => /rebuilt in (\d+) ms: (\d+) of (\d+) files/.exec(l))
    .filter(Boolean)
    .slice(1, RUNS + 1);
  const rebuildMs = rebuilds.map((m) => Number(m[1])).sort((a, b) => a - b);
  console.log(`\n${ARTICLES} articles, ${RUNS} edits of ${source.slice(site.length + 1)}`);
  console.log(
    `file write -> reloaded page loaded: median ${quantile(times, 0.5).toFixed(1)} ms, ` +
      `p90 ${quantile(times, 0.9).toFixed(1)} ms, max ${times.at(-1).toFixed(1)} ms`,
  );
  console.log(
    `file write -> page asks for its new version: median ${quantile(starts, 0.5).toFixed(1)} ms ` +
      `(the rest is the browser loading the page)`,
  );
  if (firsts.length) {
    console.log(
      `of which the edited page rendered and published (server's own figure): median ${quantile(firsts, 0.5)} ms, ` +
        `${firsts.length} of ${RUNS} edits shown first`,
    );
  }
  // The server's memory after the edits (Linux): resident now and at its peak.
  try {
    const status = readFileSync(`/proc/${server.pid}/status`, "utf8");
    const kib = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN);
    console.log(
      `kheo serve's memory: resident ${(kib("VmRSS") / 1024).toFixed(0)} MiB, peak ${(kib("VmHWM") / 1024).toFixed(0)} MiB`,
    );
  } catch {
    // Not Linux: no figure.
  }
  if (rebuildMs.length) {
    const m = rebuilds[0];
    console.log(
      `the rest of the site, rebuilt after (server's own figure): median ${quantile(rebuildMs, 0.5)} ms, ` +
        `${m[2]} of ${m[3]} files rendered again`,
    );
  }
} catch (e) {
  console.error(server.lines.join("\n"));
  throw e;
} finally {
  await chromium.close();
  await server.close();
}
