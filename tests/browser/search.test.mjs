// The search page in a real browser (headless Chromium through
// playwright-core), on a copy of the demo portal with fifteen more articles
// (so that results come in pages), built by the release binary:
//   cargo build --release && node --test tests/browser/
// Results appear while typing, with the words marked, in pages of ten; the
// page has one search box on a phone and a desktop, passes axe with results
// shown, and without JavaScript still offers the form and other ways in.
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";

import { ROOT, axeSource, browser, confine, kheoBinary, serve } from "./lib.mjs";

const SEARCH = "/tim-kiem/";
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const DESKTOP = { viewport: { width: 1280, height: 900 } };
const EXTRA = 15;

let site;
let chromium;

let root;

before(async () => {
  root = mkdtempSync(join(tmpdir(), "kheo-search-"));
  cpSync(join(ROOT, "content"), join(root, "content"), { recursive: true });
  for (let i = 1; i <= EXTRA; i++) {
    const date = `2020-01-${String(i).padStart(2, "0")}`;
    writeFileSync(
      join(root, "content", "tin-tuc", `them-${i}.md`),
      `---\ntitle: Dân vận khéo ở thôn số ${i}\ndate: ${date}\n---\n\nBà con thôn số ${i} cùng Tổ dân vận góp công làm đường.\n`,
    );
    writeFileSync(
      join(root, "content", "tin-tuc", `them-${i}.en.md`),
      `---\ntitle: Skilful mobilization in village ${i}\ndate: ${date}\n---\n\nThe people of village ${i} and the mobilization team built a road.\n`,
    );
  }
  execFileSync(kheoBinary(), ["build", "--quiet", "--root", root, "--output", join(root, "public")], { stdio: "inherit" });
  site = await serve(join(root, "public"));
  chromium = await browser();
});

after(async () => {
  await chromium?.close();
  await site?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

async function open(options = {}) {
  const context = await chromium.newContext({ ...DESKTOP, ...options });
  const blocked = [];
  const problems = [];
  await confine(context, site.origin, blocked);
  const page = await context.newPage();
  page.on("pageerror", (e) => problems.push(`script error: ${e.message}`));
  page.on("response", (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()} for ${r.url()}`);
  });
  return {
    page,
    go: (path) => page.goto(site.origin + path, { waitUntil: "load" }),
    close: async () => {
      await context.close();
      assert.deepEqual(blocked, [], "the page asked for files on another host");
      assert.deepEqual(problems, [], "the page had errors");
    },
  };
}

const fold = (s) => s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase();

async function axeViolations(page) {
  await page.addScriptTag({ content: axeSource() });
  return page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ["violations"] });
    return r.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")})`);
  });
}

describe("search page", () => {
  for (const [name, options] of [
    ["a phone", PHONE],
    ["a desktop", DESKTOP],
  ]) {
    test(`one search box, and results while typing, on ${name}`, async () => {
      const t = await open(options);
      await t.go(SEARCH);
      const boxes = await t.page.locator('input[type="search"]').evaluateAll((all) => all.filter((i) => i.offsetParent !== null).length);
      assert.equal(boxes, 1, "one visible search box");
      // Typed key by key, never submitted.
      await t.page.locator("#search-q").pressSequentially("đường", { delay: 40 });
      const results = t.page.locator("#search-results .search-list > li");
      await results.first().waitFor({ timeout: 10000 });
      assert.match(await t.page.textContent("#search-status"), /^Tìm thấy \d+ bài viết cho “đường”/);
      assert.equal(new URL(t.page.url()).searchParams.get("q"), "đường", "the query is in the URL");
      // Each result: its title, section and date, an excerpt with the words marked.
      const first = results.first();
      assert.match(await first.locator(".search-meta").textContent(), /\d\d\/\d\d\/\d{4}/);
      const marks = await t.page.locator("#search-results mark").allTextContents();
      assert.ok(marks.length > 0, "words are marked");
      assert.ok(marks.every((m) => fold(m).startsWith("duong")), marks.join());
      assert.ok((await first.locator(".search-excerpt").textContent()).length > 40);
      // The result leads to a page that exists.
      const href = await first.locator("a").getAttribute("href");
      const response = await t.page.goto(site.origin + href);
      assert.equal(response.status(), 200);
      await t.close();
    });
  }

  test("accents rank first, accent-free queries find the same articles", async () => {
    const t = await open();
    const results = t.page.locator("#search-results .search-list > li");
    // Per result on the page shown: does it hold "đường" with its accents?
    const run = async (q) => {
      await t.go(`${SEARCH}?q=${encodeURIComponent(q)}`);
      await results.first().waitFor({ timeout: 10000 });
      const total = Number(/Tìm thấy (\d+)/.exec(await t.page.textContent("#search-status"))[1]);
      const exact = await results.evaluateAll((lis) =>
        lis.map((li) => [...li.querySelectorAll("mark")].some((m) => m.textContent.toLowerCase() === "đường")),
      );
      return { total, exact };
    };
    const folded = await run("duong");
    const exact = await run("đường");
    assert.equal(exact.total, folded.total, "the same articles, with or without accents");
    // The demo's "Hải Dương" articles are found by "duong", newest first
    // among the others; for "đường" those with "đường" come first.
    assert.ok(folded.exact.includes(false), JSON.stringify(folded));
    assert.deepEqual(exact.exact, exact.exact.map(() => true));
    await t.close();
  });

  test("pages of ten results, a pager that keeps the URL and moves focus", async () => {
    const t = await open();
    await t.go(`${SEARCH}?q=d%C3%A2n`);
    const results = t.page.locator("#search-results .search-list > li");
    await results.first().waitFor({ timeout: 10000 });
    assert.equal(await results.count(), 10);
    const status = await t.page.textContent("#search-status");
    const total = Number(/Tìm thấy (\d+)/.exec(status)[1]);
    assert.ok(total > 20, status);
    assert.match(status, new RegExp(`Trang 1 trên ${Math.ceil(total / 10)}`));
    const pager = t.page.locator('#search-results nav.pager[aria-label]');
    await pager.locator('a[aria-current="page"]').waitFor();
    await pager.locator('a:text-is("2")').click();
    await t.page.waitForFunction(() => document.querySelector("#search-results ol").getAttribute("start") === "11");
    assert.equal(await results.count(), Math.min(10, total - 10));
    assert.equal(new URL(t.page.url()).searchParams.get("p"), "2");
    assert.equal(await t.page.evaluate(() => document.activeElement.id), "search-status");
    // The page's URL opens the same page of results.
    await t.go(new URL(t.page.url()).pathname + new URL(t.page.url()).search);
    await t.page.waitForFunction(() => document.querySelector("#search-results ol")?.getAttribute("start") === "11");
    await t.close();
  });

  test("quoted phrases and no results", async () => {
    const t = await open();
    await t.go(SEARCH);
    await t.page.fill("#search-q", '"tổ dân vận"');
    await t.page.press("#search-q", "Enter");
    await t.page.locator("#search-results .search-list > li").first().waitFor({ timeout: 10000 });
    const titles = await t.page.locator("#search-results .search-title").allTextContents();
    assert.ok(titles.some((x) => /tổ dân vận/i.test(x)), titles.join(" | "));
    await t.page.fill("#search-q", "zzzxq");
    await t.page.waitForFunction(() => /Không tìm thấy/.test(document.getElementById("search-status").textContent));
    assert.equal(await t.page.locator("#search-results li").count(), 0);
    await t.close();
  });

  for (const [name, options] of [
    ["390", PHONE],
    ["1280", DESKTOP],
  ]) {
    test(`axe finds nothing serious with results and a pager shown, at ${name} px`, async () => {
      const t = await open(options);
      for (const path of [`${SEARCH}?q=d%C3%A2n`, "/en/search/?q=team"]) {
        await t.go(path);
        await t.page.locator("#search-results .search-list > li").first().waitFor({ timeout: 10000 });
        assert.deepEqual(await axeViolations(t.page), [], path);
      }
      await t.close();
    });
  }

  test("without JavaScript: the form, and other ways to find articles", async () => {
    const t = await open({ javaScriptEnabled: false });
    await t.go(`${SEARCH}?q=dan`);
    assert.equal(await t.page.locator("#search-q").isVisible(), true);
    assert.match(await t.page.locator("main").textContent(), /cần bật JavaScript/);
    assert.equal(await t.page.locator("main noscript a, main a[href='/chu-de/']").count() > 0, true);
    await t.close();
  });
});
