// Tests for themes/default/static/search.js: the pure search functions under
// Node, and the page code against a tiny fake DOM. Run: node --test tests/js/
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import vm from "node:vm";

const require = createRequire(import.meta.url);
const SCRIPT = "../../themes/default/static/search.js";
const { fold, tokens, shardName, decodePostings, search } = require(SCRIPT);

// Delta-encode ascending ids the way the Rust side writes them.
const delta = (...ids) => ids.map((id, i) => (i === 0 ? id : id - ids[i - 1]));

// Newest first: id 0 is the newest doc.
const manifest = {
  version: 1,
  lang: "vi",
  shards: "/search/vi/",
  keys: ["da", "du", "kh", "ti", "tu", "u4e2d", "va"],
  sections: ["Tin tức", "Mô hình dân vận khéo"],
  docs: [
    ["Giới thiệu", "/gioi-thieu/", "28/10/2024", -1, "Về cổng thông tin", ""], // body: "công tác dân vận"
    ["Lại Xá góp sức làm đường nội đồng", "/mo-hinh/lai-xa/", "19/07/2017", 1, "Người dân Lại Xá…", "Dân vận khéo, Giao thông nông thôn"],
    ["Mô hình dân vận khéo ở xã Đông Hòa", "/mo-hinh/dong-hoa/", "01/06/2017", 1, "", ""],
    ["Đường làng sạch đẹp", "/tin-tuc/duong-lang/", "02/05/2017", 0, "", ""],
    ["Dân vận khéo trong cải cách hành chính", "/mo-hinh/cai-cach/", "01/04/2017", 1, "", ""],
    ["Khen thưởng tập thể tiêu biểu", "/tin-tuc/khen-thuong/", "01/03/2017", 0, "", ""],
    ["中文 tin tức", "/tin-tuc/zh/", "01/02/2017", 0, "", ""],
    ["Danh sách <tin tức> mới", "/tin-tuc/danh-sach/", "01/01/2017", 0, "", ""],
    ["Phát huy dân chủ ở cơ sở", "/tin-tuc/dan-chu/", "01/12/2016", 0, "", ""], // body: "vận động"
  ],
};

// Only the tokens these tests query; the real index holds every token.
const shards = {
  da: { dan: delta(0, 1, 2, 4, 8), danh: delta(7) },
  du: { duong: delta(1, 3) },
  kh: { kheo: delta(1, 2, 4), khen: delta(5) },
  ti: { tin: delta(0, 6, 7) },
  tu: { tuc: delta(6, 7) },
  u4e2d: { "中文": delta(6) },
  va: { van: delta(0, 1, 2, 4, 8) },
};

function recorder(index = shards) {
  const calls = [];
  const getShard = (key) => {
    calls.push(key);
    return Object.hasOwn(index, key) ? Promise.resolve(index[key]) : Promise.reject(new Error("no shard " + key));
  };
  return { calls, getShard };
}

const find = (query, m = manifest, index = shards) => search(m, recorder(index).getShard, query).then((ids) => [...ids]);

test("fold strips Vietnamese marks, đ and case", () => {
  assert.equal(fold("Dân vận khéo"), "dan van kheo");
  assert.equal(fold("ĐƯỜNG"), "duong");
  assert.equal(fold("đường"), "duong");
  assert.equal(fold("Da\u0302n"), "dan");
  assert.equal(fold("D\u00e2n"), fold("Da\u0302n"));
});

test("tokens split on anything but letters and digits", () => {
  assert.deepEqual(tokens("Dân vận khéo"), ["dan", "van", "kheo"]);
  assert.deepEqual(tokens("  Lại Xá—góp sức, 2,8 km!"), ["lai", "xa", "gop", "suc", "2", "8", "km"]);
  assert.deepEqual(tokens("中文 tin"), ["中文", "tin"]);
  assert.deepEqual(tokens(" … "), []);
});

test("shardName uses two ASCII characters or the first code point in hex", () => {
  assert.equal(shardName("dan"), "da");
  assert.equal(shardName("2024"), "20");
  assert.equal(shardName("x1"), "x1");
  assert.equal(shardName("中文"), "u4e2d");
  assert.equal(shardName("a中"), "u61");
  assert.equal(shardName("\u{1F600}x"), "u1f600"); // a code point, not a UTF-16 half
});

test("decodePostings undoes the delta encoding", () => {
  assert.deepEqual(decodePostings([0, 2, 1]), [0, 2, 3]);
  assert.deepEqual(decodePostings([5]), [5]);
  assert.deepEqual(decodePostings([]), []);
  assert.deepEqual(decodePostings(undefined), []);
});

test("marks in the query don't matter", async () => {
  assert.deepEqual(await find("dan van kheo"), [2, 4, 1]);
  assert.deepEqual(await find("dân vận khéo"), [2, 4, 1]);
  assert.deepEqual(await find("DÂN VẬN KHÉO"), [2, 4, 1]);
});

test("duong finds đường", async () => {
  assert.deepEqual(await find("duong"), [1, 3]);
  assert.deepEqual(await find("đường"), [1, 3]);
});

test("every query token must match (AND)", async () => {
  assert.deepEqual(await find("duong kheo"), [1]);
  assert.deepEqual(await find("dan duong"), [1]);
  assert.deepEqual(await find("khen duong"), []);
});

test("only the last token matches as a prefix", async () => {
  assert.deepEqual(await find("kh"), [2, 4, 5, 1]);
  assert.deepEqual(await find("kh van"), []); // "kh" is not a whole word anywhere
  assert.deepEqual(await find("tin dan"), [7, 0]); // "dan" also finds "danh"
  assert.deepEqual(await find("dan tin"), [0]); // but not when it isn't last
});

test("title hits rank before body-only hits, newer first among equals", async () => {
  // 2 and 4 have both words in the title, 8 one, 0 and 1 none.
  assert.deepEqual(await find("dan van"), [2, 4, 8, 0, 1]);
  assert.deepEqual(await find("tuc"), [6, 7]);
  assert.deepEqual(await find("中文 tin"), [6]);
});

test("one-character tokens and empty queries find nothing and fetch nothing", async () => {
  for (const q of ["", "  ", "a", "a b", "…"]) {
    const r = recorder();
    assert.deepEqual([...(await search(manifest, r.getShard, q))], []);
    assert.deepEqual(r.calls, []);
  }
});

test("only the shards needed are requested, once each", async () => {
  let r = recorder();
  await search(manifest, r.getShard, "dân a vận khéo");
  assert.deepEqual(r.calls.sort(), ["da", "kh", "va"]);

  r = recorder();
  assert.deepEqual([...(await search(manifest, r.getShard, "dan danh dang"))], []);
  assert.deepEqual(r.calls, ["da"]);

  // A shard missing from the manifest's keys means no match: fetch nothing at all.
  r = recorder();
  assert.deepEqual([...(await search(manifest, r.getShard, "dan zz"))], []);
  assert.deepEqual(r.calls, []);
});

test("a failing shard rejects the search", async () => {
  const broken = { ...shards };
  delete broken.va;
  await assert.rejects(search(manifest, recorder(broken).getShard, "dan van"));
});

test("at most 50 results, newest first, with the full count in total", async () => {
  const docs = Array.from({ length: 60 }, (_, i) => [`Tin số ${i}`, `/tin/${i}/`, "", -1, "", ""]);
  const big = { version: 1, lang: "vi", shards: "/s/", keys: ["ti"], sections: [], docs };
  const ids = await search(big, recorder({ ti: { tin: delta(...docs.map((_, i) => i)) } }).getShard, "tin");
  assert.equal(ids.length, 50);
  assert.deepEqual([...ids], Array.from({ length: 50 }, (_, i) => i));
  assert.equal(ids.total, 60);
  assert.deepEqual(Object.keys(ids).length, 50); // total is not enumerable
});

// ---- The page, against a fake DOM just big enough for the script ----

class FakeElement {
  constructor(tag) {
    this.tagName = tag.toUpperCase();
    this.children = [];
    this.attrs = {};
    this.text = "";
    this.className = "";
    this.listeners = {};
  }
  appendChild(child) { this.children.push(child); return child; }
  set textContent(v) { this.children = []; this.text = String(v); }
  get textContent() { return this.text + this.children.map((c) => c.textContent).join(""); }
  setAttribute(k, v) { this.attrs[k] = String(v); }
  getAttribute(k) { return Object.hasOwn(this.attrs, k) ? this.attrs[k] : null; }
  addEventListener(type, fn) { (this.listeners[type] ||= []).push(fn); }
  dispatch(type) {
    let prevented = false;
    for (const fn of this.listeners[type] || []) fn({ preventDefault() { prevented = true; } });
    return prevented;
  }
  all(tag) {
    return this.children.flatMap((c) => (c.tagName === tag.toUpperCase() ? [c] : []).concat(c.all(tag)));
  }
}

function page(search) {
  const box = new FakeElement("div");
  Object.assign(box.attrs, {
    "data-index": "/search-index.vi.json",
    "data-none": "Không tìm thấy bài viết phù hợp với “{q}”.",
    "data-count": "Tìm thấy {n} bài viết cho “{q}”.",
    "data-loading": "Đang tìm…",
    "data-error": "Không tải được dữ liệu tìm kiếm.",
  });
  const form = new FakeElement("form");
  const input = new FakeElement("input");
  input.value = "";
  input.form = form;
  const files = { "/search-index.vi.json": manifest };
  for (const [key, shard] of Object.entries(shards)) files[`/search/vi/${key}.json`] = shard;
  const env = { fetched: [], replaced: [], failing: new Set() };
  const history = { replaceState: (_s, _t, url) => env.replaced.push(url) };
  const context = {
    document: {
      readyState: "complete",
      getElementById: (id) => ({ "search-results": box, "search-q": input })[id] || null,
      createElement: (tag) => new FakeElement(tag),
    },
    location: { href: "https://example.org/tim-kiem/" + search, pathname: "/tim-kiem/", search },
    window: { history },
    URL,
    URLSearchParams,
    fetch: async (url) => {
      const path = new URL(url).pathname;
      env.fetched.push(path);
      if (env.failing.has(path) || !files[path]) return { ok: false, status: 404 };
      return { ok: true, status: 200, json: async () => structuredClone(files[path]) };
    },
  };
  vm.runInNewContext(readFileSync(new URL(SCRIPT, import.meta.url), "utf8"), context);
  return { box, form, input, env, context };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));
const titles = (box) => box.all("a").map((a) => [a.textContent, a.getAttribute("href")]);

test("the page searches for ?q= on load and renders with text nodes", async () => {
  const { box, input, env } = page("?q=d%C3%A2n+v%E1%BA%ADn");
  assert.equal(input.value, "dân vận");
  assert.equal(box.textContent, "Đang tìm…");
  await settle();
  assert.deepEqual(env.fetched.sort(), ["/search-index.vi.json", "/search/vi/da.json", "/search/vi/va.json"]);
  const [count, list] = box.children;
  assert.equal(count.className, "search-count");
  assert.equal(count.textContent, "Tìm thấy 5 bài viết cho “dân vận”.");
  assert.equal(list.tagName, "OL");
  assert.equal(list.className, "search-list");
  assert.deepEqual(titles(box).map((t) => t[1]), ["/mo-hinh/dong-hoa/", "/mo-hinh/cai-cach/", "/tin-tuc/dan-chu/", "/gioi-thieu/", "/mo-hinh/lai-xa/"]);
  const metas = box.all("p").filter((p) => p.className === "search-meta").map((p) => p.textContent);
  assert.equal(metas[0], "Mô hình dân vận khéo · 01/06/2017");
  assert.equal(metas[3], "28/10/2024"); // no section
  assert.deepEqual(box.all("p").filter((p) => p.className === "search-summary").map((p) => p.textContent), ["Về cổng thông tin", "Người dân Lại Xá…"]);
});

test("submitting searches in place, updates the URL, reuses loaded files", async () => {
  const { box, form, input, env, context } = page("");
  await settle();
  assert.deepEqual(env.fetched, []);
  assert.equal(box.children.length, 0);

  input.value = " danh tức ";
  assert.equal(form.dispatch("submit"), true);
  assert.deepEqual(env.replaced, ["/tim-kiem/?q=danh+t%E1%BB%A9c"]);
  await settle();
  assert.deepEqual(titles(box), [["Danh sách <tin tức> mới", "/tin-tuc/danh-sach/"]]);

  input.value = "dân zz";
  form.dispatch("submit");
  await settle();
  assert.equal(box.textContent, "Không tìm thấy bài viết phù hợp với “dân zz”.");
  assert.equal(env.fetched.filter((p) => p.endsWith("index.vi.json")).length, 1);
  assert.equal(env.fetched.filter((p) => p.endsWith("/da.json")).length, 1);

  input.value = "a";
  form.dispatch("submit");
  await settle();
  assert.equal(box.children.length, 0);
  assert.equal(env.replaced.at(-1), "/tim-kiem/?q=a");

  // A failed fetch shows the error text, and is retried next time.
  env.failing.add("/search/vi/kh.json");
  input.value = "khen";
  form.dispatch("submit");
  await settle();
  assert.equal(box.textContent, "Không tải được dữ liệu tìm kiếm.");
  env.failing.clear();
  form.dispatch("submit");
  await settle();
  assert.deepEqual(titles(box).map((t) => t[1]), ["/tin-tuc/khen-thuong/"]);

  // Without history the form is left to submit natively.
  context.window.history = undefined;
  assert.equal(form.dispatch("submit"), false);
});
