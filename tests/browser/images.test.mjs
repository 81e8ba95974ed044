// Photos in a real browser, on the demo portal built into public/: which
// resized variant Chromium picks from each `srcset` on a phone and on a
// desktop, that nothing moves when photos arrive late, and that lazy photos
// below the fold are not fetched up front.
//   cargo run --release -- build && node --test tests/browser/
import { after, before, test } from "node:test";
import assert from "node:assert/strict";

import { browser, confine, serve } from "./lib.mjs";

// The Lại Xá case study: a photo cover (3600 px wide, resized to 320, 640,
// 1024 and 1600 px) and a map far down its body.
const ARTICLE = "/mo-hinh/lai-xa-lam-duong-noi-dong/";
// A section list with two photo covers among its cards.
const LIST = "/mo-hinh/";
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
const DESKTOP = { viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 };

let site;
let chromium;

before(async () => {
  site = await serve();
  chromium = await browser();
});

after(async () => {
  await chromium?.close();
  await site?.close();
});

/**
 * Opens `path` with `options`; returns the page, every image path it
 * fetched, and `arrive()`. With `hold`, image requests wait until `arrive()`
 * is called (a slow connection: the page is laid out and its scripts have run
 * before any photo comes); otherwise the page is opened until its `load`.
 * Layout shifts are recorded in `window.__shifts` from the first paint on.
 */
async function visit(path, options, { hold = false } = {}) {
  const context = await chromium.newContext(options);
  const blocked = [];
  await confine(context, site.origin, blocked);
  const held = [];
  let holding = hold;
  // Registered after confine(), so it sees requests first; fallback() hands
  // them on to confine().
  await context.route("**/*", (route) => {
    if (holding && route.request().resourceType() === "image") held.push(route);
    else route.fallback();
  });
  await context.addInitScript(() => {
    window.__shifts = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__shifts.push(e.value);
    }).observe({ type: "layout-shift", buffered: true });
  });
  const page = await context.newPage();
  const fetched = [];
  const failed = [];
  page.on("request", (r) => {
    if (r.resourceType() === "image") fetched.push(new URL(r.url()).pathname);
  });
  page.on("response", (r) => {
    if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
  });
  page.on("pageerror", (e) => failed.push(`script error: ${e.message}`));
  const response = await page.goto(site.origin + path, { waitUntil: hold ? "domcontentloaded" : "load" });
  assert.equal(response.status(), 200, `GET ${path}`);
  assert.deepEqual(blocked, [], "the page asked for files on another host");
  return {
    page,
    fetched,
    async arrive() {
      holding = false;
      await Promise.all(held.splice(0).map((route) => route.fallback()));
    },
    async close() {
      assert.deepEqual(failed, [], "missing files or script errors");
      await context.close();
    },
  };
}

/** The width in a variant's name (`anh.640.1a2b3c4d.jpg`), or 0 for any other file. */
const widthOf = (url) => Number(/\.(\d+)\.[0-9a-f]{8}\.\w+$/.exec(url)?.[1] ?? 0);

/** Two frames: whatever changed has been laid out and painted. */
const settle = (page) => page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));

/** The URL the browser chose for `img` (a locator), once loaded, and its shown width. */
async function chosen(page, img) {
  await img.scrollIntoViewIfNeeded();
  await page.waitForFunction((el) => el.complete && el.naturalWidth > 0, await img.elementHandle());
  return img.evaluate((el) => ({
    url: new URL(el.currentSrc).pathname,
    shown: el.getBoundingClientRect().width,
  }));
}

test("a phone gets variants sized for its screen, never the photo as uploaded", async () => {
  const t = await visit(ARTICLE, PHONE);
  const cover = await chosen(t.page, t.page.locator(".cover img"));
  // 358 CSS px at 2 device pixels each (716): the 1024 px variant, not the 3600 px photo.
  assert.equal(widthOf(cover.url), 1024, cover.url);
  assert.ok(cover.shown <= 390, `the cover is ${cover.shown} px wide`);
  const thumb = await chosen(t.page, t.page.locator(".related .card-thumb img").first());
  // 6.5rem = 104 CSS px, 208 device px: the 320 px variant.
  assert.equal(widthOf(thumb.url), 320, thumb.url);
  const photos = t.fetched.filter((u) => /\.(jpe?g|png|webp)$/.test(u));
  assert.ok(photos.length > 0);
  assert.ok(
    photos.every((u) => widthOf(u) > 0),
    `only resized variants are fetched: ${photos.join(", ")}`,
  );
  await t.close();
});

test("a desktop gets the variant for the article column", async () => {
  const t = await visit(ARTICLE, DESKTOP);
  const cover = await chosen(t.page, t.page.locator(".cover img"));
  // The column is 41.5rem = 664 CSS px (the picture, inside its frame, a
  // little less): wider than the 640 px variant, so the 1024 px one.
  assert.ok(cover.shown > 640 && cover.shown <= 664, `the cover is ${cover.shown} px wide`);
  assert.equal(widthOf(cover.url), 1024, cover.url);
  await t.close();
});

test("a list's thumbnails are the small variants, on a desktop too", async () => {
  const t = await visit(LIST, DESKTOP);
  const thumbs = t.page.locator(".card-thumb img[srcset]");
  const count = await thumbs.count();
  assert.ok(count >= 2, `photo thumbnails on the list: ${count}`);
  for (let i = 0; i < count; i++) {
    // 12rem = 192 CSS px: the 320 px variant.
    const thumb = await chosen(t.page, thumbs.nth(i));
    assert.equal(widthOf(thumb.url), 320, thumb.url);
  }
  await t.close();
});

test("the home page's photo news uses small variants", async () => {
  const t = await visit("/", PHONE);
  const photos = t.page.locator(".photo-news img[srcset]");
  assert.ok((await photos.count()) >= 2);
  for (let i = 0; i < (await photos.count()); i++) {
    const photo = await chosen(t.page, photos.nth(i));
    // Half a phone's width (about 180 CSS px, 360 device px): the 640 px variant at most.
    assert.ok(widthOf(photo.url) > 0 && widthOf(photo.url) <= 640, photo.url);
  }
  await t.close();
});

test("the map far down the article is not fetched before the reader scrolls to it", async () => {
  const t = await visit(ARTICLE, PHONE);
  assert.ok(
    !t.fetched.some((u) => u.includes("so-do-tuyen-duong")),
    `fetched up front: ${t.fetched.join(", ")}`,
  );
  const map = await chosen(t.page, t.page.locator('.prose img[src*="so-do-tuyen-duong"]'));
  assert.ok(widthOf(map.url) > 0, map.url);
  assert.ok(t.fetched.some((u) => u.includes("so-do-tuyen-duong")), "fetched once the reader is there");
  await t.close();
});

/** Scrolls to the end of the page a screen at a time, each time waiting
 * until the photos on screen have arrived. */
async function readToTheEnd(page) {
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  const screen = await page.evaluate(() => innerHeight);
  for (let y = 0; y < height; y += screen) {
    await page.evaluate((top) => window.scrollTo(0, top), y);
    await page.waitForFunction(() =>
      [...document.images].every((img) => {
        const box = img.getBoundingClientRect();
        return img.complete || box.bottom < 0 || box.top > innerHeight;
      }),
    );
    await settle(page);
  }
}

for (const [name, path, options] of [
  ["an article on a phone", ARTICLE, PHONE],
  ["an article on a desktop", ARTICLE, DESKTOP],
  ["the home page on a phone", "/", PHONE],
  ["the home page on a desktop", "/", DESKTOP],
  ["a list on a phone", LIST, PHONE],
]) {
  test(`nothing moves when the photos arrive late: ${name}`, async () => {
    const t = await visit(path, options, { hold: true });
    // The page is laid out, its script has run, no photo has come yet.
    await settle(t.page);
    await t.page.evaluate(() => {
      window.__shifts.length = 0;
    });
    const before = await t.page.evaluate(() => document.documentElement.scrollHeight);
    await t.arrive();
    await t.page.waitForFunction(() => [...document.images].every((img) => img.complete || img.loading === "lazy"));
    await settle(t.page);
    const after = await t.page.evaluate(() => document.documentElement.scrollHeight);
    assert.equal(after, before, "the page kept the photos' places: its height did not change");
    await readToTheEnd(t.page);
    const score = await t.page.evaluate(() => window.__shifts.reduce((sum, v) => sum + v, 0));
    assert.equal(score, 0, `layout shift score ${score} while photos arrived`);
    await t.close();
  });
}
