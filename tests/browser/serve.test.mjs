// `kheo serve` in a real browser: an open page reloads by itself when its
// article is saved, shows a broken file's errors over the page and clears
// them once fixed, and takes a stylesheet edit without reloading.
//   cargo build --release && node --test tests/browser/
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { ROOT, browser, confine, kheoServe } from "./lib.mjs";

const ARTICLE = "/mo-hinh/lai-xa-lam-duong-noi-dong/";
const SOURCE = "content/mo-hinh/lai-xa-lam-duong-noi-dong.md";

let root;
let server;
let chromium;

before(async () => {
  // A copy of the demo site: the test edits it.
  root = mkdtempSync(join(tmpdir(), "kheo-serve-"));
  cpSync(join(ROOT, "content"), join(root, "content"), { recursive: true });
  server = await kheoServe(root);
  chromium = await browser();
});

after(async () => {
  await chromium?.close();
  await server?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

/** Replaces `from` with `to` in a file of the copy, as an editor's save does. */
function edit(rel, from, to) {
  const path = join(root, rel);
  const text = readFileSync(path, "utf8");
  assert.ok(text.includes(from), `${rel} has no "${from}"`);
  writeFileSync(path, text.replace(from, to));
}

/** Leaves a mark in the page's JavaScript state: a reload wipes it. */
const mark = (page) => page.evaluate(() => (window.kheoTestMark = true));
const marked = (page) => page.evaluate(() => window.kheoTestMark === true);

test("an open page reloads itself, shows errors and restyles in place", async () => {
  const context = await chromium.newContext({ viewport: { width: 1280, height: 900 } });
  const blocked = [];
  await confine(context, server.origin, blocked);
  const page = await context.newPage();
  const scriptErrors = [];
  page.on("pageerror", (e) => scriptErrors.push(String(e)));
  await page.goto(server.origin + ARTICLE, { waitUntil: "load" });
  // The live script is connected once the server's first state has arrived.
  await page.waitForFunction(() => document.querySelector('script[src^="/__kheo/live.js?v="]'));
  await page.waitForTimeout(300);

  // A saved edit: the page reloads by itself and shows the new sentence.
  await mark(page);
  edit(SOURCE, "là thứ cần đến hằng ngày", "là thứ bà con cần đến mỗi ngày");
  await page.waitForFunction(() => document.body.innerText.includes("bà con cần đến mỗi ngày"), null, {
    timeout: 15_000,
  });
  assert.equal(await marked(page), false, "the page was reloaded, not patched");

  // A broken date: the errors cover the page, which is not reloaded.
  await mark(page);
  edit(SOURCE, "date: 19/07/2017 09:30", "date: 32/07/2017");
  const overlay = page.locator("#kheo-errors");
  await overlay.waitFor({ state: "visible", timeout: 15_000 });
  const text = await overlay.innerText();
  assert.match(text, /content\/mo-hinh\/lai-xa-lam-duong-noi-dong\.md:3:7: error:/);
  assert.equal(await overlay.getAttribute("role"), "alertdialog");
  assert.equal(await marked(page), true, "a failed build does not reload the page");

  // Fixed: the overlay goes away.
  edit(SOURCE, "date: 32/07/2017", "date: 19/07/2017 09:30");
  await overlay.waitFor({ state: "detached", timeout: 15_000 });

  // A stylesheet edit restyles the open page without reloading it.
  await mark(page);
  const css = await (await fetch(server.origin + "/kheo.css")).text();
  mkdirSync(join(root, "themes/default/static"), { recursive: true });
  writeFileSync(join(root, "themes/default/static/kheo.css"), `${css}\nbody { outline: 5px solid rgb(1, 2, 3); }\n`);
  await page.waitForFunction(() => getComputedStyle(document.body).outlineColor === "rgb(1, 2, 3)", null, {
    timeout: 15_000,
  });
  assert.equal(await marked(page), true, "a CSS-only change keeps the page as it is");

  assert.deepEqual(blocked, [], "the page asked for files on another host");
  assert.deepEqual(scriptErrors, []);
  await context.close();
});

test("the preview server says what it rebuilt", () => {
  const lines = server.lines.join("\n");
  assert.match(lines, /kheo serve: built \d+ files in \d+ ms/);
  assert.match(lines, /kheo serve: rebuilt in \d+ ms: \d+ of \d+ files rendered again/);
  assert.match(lines, /lai-xa-lam-duong-noi-dong\.md:3:7: error:/);
  assert.match(lines, /still showing the last good build/);
});
