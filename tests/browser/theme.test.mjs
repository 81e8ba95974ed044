// The built-in theme in a real browser (headless Chromium through
// playwright-core), on the demo portal built into public/:
//   cargo run --release -- build && node --test tests/browser/
// See tests/browser/README.md for what it needs and how CI installs it.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

import { SHOTS, axeSource, browser, confine, serve } from "./lib.mjs";

// Pages of the demo portal the tests visit (Vietnamese URLs; English ones
// are found through each page's language switch).
const ARTICLE = "/mo-hinh/lai-xa-lam-duong-noi-dong/";
const TEAM = "/to-dan-van/lai-xa/";
const STATISTICS = "/so-lieu/";
const REGION = "/dia-ban/hai-duong/";
const SEARCH = "/tim-kiem/";
// One page of every kind the theme has a template for.
const EVERY_KIND = [
  "/",
  ARTICLE,
  "/tin-tuc/hai-nam-to-dan-van-hai-duong/", // an article with a table
  "/gioi-thieu/",
  "/tin-tuc/",
  "/chu-de/",
  "/chu-de/dan-van-kheo/",
  "/luu-tru/",
  "/luu-tru/2017/",
  `${SEARCH}?q=dan+van`,
  "/khong-co-trang-nay/",
  "/to-dan-van/",
  TEAM,
  "/dia-ban/",
  REGION,
  STATISTICS,
  "/dia-ban/hai-duong/", // a region that ended on 1 July 2025
  "/van-ban/",
  "/van-ban/202-2025-qh15/", // a document with its citing articles
];

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const DESKTOP = { viewport: { width: 1280, height: 900 } };

let site;
let chromium;
/** Requests to other hosts and script errors, per test; each test checks its own. */
let problems;

before(async () => {
  site = await serve();
  chromium = await browser();
});

after(async () => {
  await chromium?.close();
  await site?.close();
});

/** A fresh context (own storage) confined to the test server, and a page in it. */
async function open(options = {}) {
  const context = await chromium.newContext({ ...DESKTOP, ...options });
  problems = [];
  const blocked = [];
  await confine(context, site.origin, blocked);
  const page = await context.newPage();
  page.on("pageerror", (e) => problems.push(`script error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console error: ${m.text()}`);
  });
  page.on("response", (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()} for ${r.url()}`);
  });
  return {
    page,
    go: async (path) => {
      const response = await page.goto(site.origin + path, { waitUntil: "load" });
      assert.equal(response.status(), 200, `GET ${path}`);
    },
    close: async () => {
      await context.close();
      assert.deepEqual(blocked, [], "the page asked for files on another host");
      assert.deepEqual(problems, [], "the page had errors");
    },
  };
}

const path = (page) => new URL(page.url()).pathname;
const rootFontSize = (page) => page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));

describe("first paint", () => {
  for (const [name, options] of [
    ["a phone", PHONE],
    ["a desktop", DESKTOP],
  ]) {
    test(`nothing moves when the page's script reveals its controls, on ${name}`, async () => {
      const t = await open(options);
      await t.page.addInitScript(() => {
        window.__shifts = [];
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) window.__shifts.push(e.value);
        }).observe({ type: "layout-shift", buffered: true });
      });
      await t.go(ARTICLE);
      await t.page.waitForTimeout(300);
      assert.equal(await t.page.locator(".text-size").isVisible(), true, "the script revealed the control");
      const score = await t.page.evaluate(() => window.__shifts.reduce((sum, v) => sum + v, 0));
      assert.equal(score, 0, `layout shift score ${score}`);
      await t.close();
    });
  }
});

describe("language switch", () => {
  test("leads from an article to its translation and back", async () => {
    const t = await open();
    await t.go(ARTICLE);
    const enHref = await t.page.getAttribute('link[rel="alternate"][hreflang="en"]', "href");
    assert.ok(enHref, "the article declares its English translation");
    const switchEn = t.page.locator('.languages a[hreflang="en"]');
    await Promise.all([t.page.waitForURL((u) => u.pathname !== ARTICLE), switchEn.click()]);
    assert.equal(site.origin + path(t.page), enHref.replace(/^https?:\/\/[^/]+/, site.origin));
    assert.equal(await t.page.getAttribute("html", "lang"), "en");
    assert.match(path(t.page), /^\/en\//);
    assert.equal(await t.page.locator('.languages a[aria-current="true"]').getAttribute("hreflang"), "en");
    const enTitle = await t.page.textContent("h1");
    await Promise.all([t.page.waitForURL((u) => u.pathname === ARTICLE), t.page.click('.languages a[hreflang="vi"]')]);
    assert.equal(await t.page.getAttribute("html", "lang"), "vi");
    assert.notEqual(await t.page.textContent("h1"), enTitle, "the two languages show different titles");
    await t.close();
  });

  test("leads from the statistics page to the English statistics page", async () => {
    const t = await open();
    await t.go(STATISTICS);
    await Promise.all([t.page.waitForURL((u) => u.pathname !== STATISTICS), t.page.click('.languages a[hreflang="en"]')]);
    assert.equal(path(t.page), "/en/statistics/");
    await t.close();
  });
});

describe("text size control", () => {
  test("changes the text size and remembers it on the next page", async () => {
    const t = await open();
    await t.go("/");
    const control = t.page.locator(".text-size");
    await control.waitFor({ state: "visible" });
    assert.match(await control.textContent(), /Xem với cỡ chữ/);
    const normal = await rootFontSize(t.page);
    await t.page.click('.text-size button[data-size="1"]');
    const larger = await rootFontSize(t.page);
    assert.ok(larger > normal, `A+ makes text larger (${normal}px -> ${larger}px)`);
    await t.page.click('.text-size button[data-size="1"]');
    const largest = await rootFontSize(t.page);
    assert.ok(largest > larger, `A+ again makes it larger still (${larger}px -> ${largest}px)`);
    // The body text follows the root size.
    await Promise.all([t.page.waitForURL((u) => u.pathname === ARTICLE), t.page.click(`a[href="${ARTICLE}"] >> nth=0`)]);
    assert.equal(await rootFontSize(t.page), largest, "the size is kept after navigating");
    const prose = await t.page.evaluate(() => parseFloat(getComputedStyle(document.querySelector(".prose")).fontSize));
    assert.ok(prose > normal * 1.06, `the article text is enlarged too (${prose}px)`);
    await t.page.click('.text-size button[data-size="0"]');
    assert.equal(await rootFontSize(t.page), normal, "A restores the default size");
    await t.page.click('.text-size button[data-size="-1"]');
    const smaller = await rootFontSize(t.page);
    assert.ok(smaller < normal, `A− makes text smaller (${smaller}px)`);
    await t.page.reload();
    assert.equal(await rootFontSize(t.page), smaller, "the size is kept after a reload");
    await t.close();
  });

  test("is absent without JavaScript, and the page keeps its default size", async () => {
    const t = await open({ javaScriptEnabled: false });
    await t.go("/");
    assert.equal(await t.page.isVisible(".text-size"), false);
    assert.equal(await t.page.isVisible(".today"), false, "no date line without the script");
    assert.equal(await rootFontSize(t.page), 16);
    await t.close();
  });
});

describe("menu", () => {
  for (const javaScriptEnabled of [true, false]) {
    test(`opens and closes on a 390 px phone (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async () => {
      const t = await open({ ...PHONE, javaScriptEnabled });
      await t.go(ARTICLE);
      const toggle = t.page.locator(".main-menu summary");
      const teams = t.page.locator('.main-menu a[href="/to-dan-van/"]');
      assert.ok(await toggle.isVisible(), "the menu button shows on a phone");
      assert.match(await toggle.textContent(), /Chuyên mục/);
      assert.equal(await teams.isVisible(), false, "the menu starts closed");
      await toggle.click();
      assert.ok(await teams.isVisible(), "the button opens the menu");
      assert.equal(await t.page.getAttribute(".main-menu details", "open"), "");
      await toggle.click();
      assert.equal(await teams.isVisible(), false, "a second press closes it");
      // From the keyboard: focus the button, Enter opens, then the links follow in tab order.
      await toggle.focus();
      await t.page.keyboard.press("Enter");
      assert.ok(await teams.isVisible(), "Enter opens the menu");
      await t.page.keyboard.press("Tab");
      assert.equal(await t.page.evaluate(() => document.activeElement.textContent), await t.page.locator(".main-menu li a").first().textContent());
      // The open menu pushes the page down instead of covering it, and fits the phone.
      const width = await t.page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 390, `no sideways scrolling with the menu open (${width}px)`);
      await t.close();
    });
  }

  test("is a plain row of links on a wide screen", async () => {
    const t = await open();
    await t.go(ARTICLE);
    assert.equal(await t.page.isVisible(".main-menu summary"), false, "no menu button on a wide screen");
    const links = t.page.locator(".main-menu li a");
    const n = await links.count();
    assert.ok(n >= 5);
    const tops = new Set();
    for (let i = 0; i < n; i++) {
      assert.ok(await links.nth(i).isVisible());
      tops.add(Math.round((await links.nth(i).boundingBox()).y));
    }
    assert.equal(tops.size, 1, "all menu links on one line");
    assert.equal(await t.page.locator('.main-menu a[aria-current]').getAttribute("href"), "/mo-hinh/", "the article's section is marked");
    await t.close();
  });
});

describe("statistics on a phone", () => {
  for (const [lang, url] of [
    ["vi", STATISTICS],
    ["en", "/en/statistics/"],
  ]) {
    test(`shows each table's newest year and total without scrolling sideways, at 390 px (${lang})`, async () => {
      const t = await open(PHONE);
      await t.go(url);
      const tables = await t.page.evaluate(() =>
        [...document.querySelectorAll(".stat-table .table-wrap")].map((wrap) => {
          const view = wrap.getBoundingClientRect();
          const heads = [...wrap.querySelectorAll("thead th")];
          const inside = (th) => {
            const r = th.getBoundingClientRect();
            return r.left >= view.left - 1 && r.right <= view.right + 1 && r.right <= window.innerWidth + 1;
          };
          const newest = heads[heads.length - 2];
          return {
            id: wrap.getAttribute("aria-labelledby"),
            scrolls: wrap.scrollWidth > wrap.clientWidth,
            newest: newest.textContent,
            newestInside: inside(newest),
            totalInside: inside(heads[heads.length - 1]),
            regionInside: inside(heads[0]),
          };
        }),
      );
      assert.ok(tables.length > 0, "the page has tables of figures");
      assert.ok(tables.some((x) => x.scrolls), "the demo has a table wider than a phone (the test must be able to fail)");
      for (const x of tables) {
        assert.ok(x.newestInside, `${x.id}: the newest year (${x.newest}) is outside the screen`);
        assert.ok(x.totalInside, `${x.id}: the total is outside the screen`);
        assert.ok(x.regionInside, `${x.id}: the region names scrolled away`);
      }
      // Key figures say what years they cover; numbers and units do not part.
      const counters = await t.page.evaluate(() =>
        [...document.querySelectorAll(".counters .counter")].map((c) => ({
          value: c.querySelector(".counter-value").textContent,
          period: c.querySelector(".counter-period")?.textContent ?? "",
        })),
      );
      assert.ok(counters.length > 0);
      for (const c of counters) {
        assert.match(c.period, /\d{4}/, `the key figure ${c.value} says no period`);
        assert.ok(!/\d [^\d\s]/.test(c.value), `"${c.value}" may break between the number and its unit`);
      }
      const cumulative = lang === "vi" ? "cộng dồn" : "cumulative";
      assert.ok(counters.some((c) => c.period.startsWith(cumulative)), `a flow's total is called ${cumulative}`);
      // Captions and titles wrap inside the screen rather than being cut.
      const cut = await t.page.evaluate(() =>
        [...document.querySelectorAll("caption, figcaption, h2, h3, .counter-label, .counter-period")]
          .filter((e) => !e.closest(".visually-hidden") && !e.classList.contains("visually-hidden"))
          .filter((e) => {
            const r = e.getBoundingClientRect();
            return e.scrollWidth > e.clientWidth + 1 || r.right > window.innerWidth + 1;
          })
          .map((e) => e.textContent.trim().slice(0, 60)),
      );
      assert.deepEqual(cut, [], "text cut at the edge");
      await t.close();
    });
  }

  test("a caption of a table of figures by year wraps inside a phone's screen", async () => {
    const t = await open(PHONE);
    await t.go(TEAM);
    const captions = await t.page.evaluate(() =>
      [...document.querySelectorAll(".table-wrap caption")].map((c) => {
        const r = c.getBoundingClientRect();
        return { text: c.textContent, right: r.right, width: window.innerWidth };
      }),
    );
    assert.ok(captions.length > 0, "the team page has a table of figures");
    for (const c of captions) assert.ok(c.right <= c.width + 1, `"${c.text}" runs past the screen (${c.right}px)`);
    await t.close();
  });
});

describe("page weight", () => {
  test("an article page loads under 100 KB before images (HTML, CSS and JS)", async () => {
    const t = await open();
    const sizes = [];
    t.page.on("response", async (r) => {
      const type = r.request().resourceType();
      if (["document", "stylesheet", "script", "fetch", "xhr", "font"].includes(type)) {
        sizes.push([type, new URL(r.url()).pathname, (await r.body()).length]);
      }
    });
    await t.go("/tin-tuc/hai-nam-to-dan-van-hai-duong/");
    await t.page.waitForLoadState("networkidle");
    const total = sizes.reduce((n, [, , b]) => n + b, 0);
    const list = sizes.map(([type, path, b]) => `${type} ${path} ${b}`).join("\n");
    assert.ok(sizes.some(([type]) => type === "stylesheet") && sizes.some(([type]) => type === "script"), list);
    assert.ok(total < 100 * 1024, `the article page weighs ${total} bytes:\n${list}`);
    assert.ok(!sizes.some(([type]) => type === "font"), "no web fonts");
    await t.close();
  });
});

describe("screenshots", () => {
  const pages = [
    ["home", "/"],
    ["article", ARTICLE],
    ["team", TEAM],
    ["statistics", STATISTICS],
    ["region", REGION],
  ];
  for (const [label, size] of [
    ["1280", DESKTOP],
    ["390", PHONE],
  ]) {
    test(`of home, article, team, statistics and region pages at ${label} px, in both languages`, async () => {
      mkdirSync(SHOTS, { recursive: true });
      const t = await open(size);
      for (const [name, vi] of pages) {
        await t.go(vi);
        const en = await t.page.getAttribute('.languages a[hreflang="en"]', "href");
        for (const [lang, url] of [
          ["vi", vi],
          ["en", en],
        ]) {
          if (lang === "en") await t.go(url);
          // Load the lazy images too, so the full-page picture shows them.
          await t.page.evaluate(async () => {
            document.querySelectorAll('img[loading="lazy"]').forEach((i) => (i.loading = "eager"));
            await Promise.all([...document.images].map((i) => (i.complete ? 0 : new Promise((ok) => (i.onload = i.onerror = ok)))));
          });
          const width = await t.page.evaluate(() => document.documentElement.scrollWidth);
          assert.ok(width <= size.viewport.width, `${url} is ${width}px wide at ${label}px: it scrolls sideways`);
          const broken = await t.page.evaluate(() =>
            [...document.images].filter((i) => i.complete && i.naturalWidth === 0).map((i) => i.src),
          );
          assert.deepEqual(broken, [], `${url} has broken images`);
          await t.page.screenshot({ path: join(SHOTS, `${name}-${lang}-${label}.png`), fullPage: true });
        }
      }
      await t.close();
    });
  }
});

describe("accessibility (axe-core)", () => {
  // Every kind of page in both languages, on a phone with the menu open and on a desktop.
  for (const [label, size] of [
    ["390", PHONE],
    ["1280", DESKTOP],
  ]) {
    test(`no violations at ${label} px on every kind of page, in both languages`, async () => {
      const axe = axeSource();
      const t = await open(size);
      const found = [];
      for (const vi of EVERY_KIND) {
        await t.page.goto(site.origin + vi, { waitUntil: "load" });
        const en = await t.page.getAttribute('.languages a[hreflang="en"]', "href");
        for (const url of [vi, en]) {
          if (url !== vi) await t.page.goto(site.origin + url, { waitUntil: "load" });
          if (url.includes("?q=")) await t.page.locator("#search-results .search-list").waitFor({ timeout: 10000 });
          if (label === "390") await t.page.click(".main-menu summary");
          await t.page.addScriptTag({ content: axe });
          const violations = await t.page.evaluate(async () => {
            // eslint-disable-next-line no-undef
            const r = await axe.run(document, { resultTypes: ["violations"] });
            return r.violations.map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")})`);
          });
          for (const v of violations) found.push(`${url}: ${v}`);
        }
      }
      // The 404 page answers 404 on purpose.
      problems = problems.filter((p) => !p.startsWith("HTTP 404 for") && !p.includes("404 (Not Found)"));
      assert.deepEqual(found, [], "axe found problems");
      await t.close();
    });
  }
});
