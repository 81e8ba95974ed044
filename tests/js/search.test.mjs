// Tests for themes/default/static/search.js: words, the index format,
// ranking and excerpts under Node, and the page against a tiny fake DOM.
// Run: node --test tests/js/
//
// The indexes here are built by `build()` below in the format the Rust
// writer uses (src/search/index.rs), with tiny chunks so that lookups cross
// chunk boundaries. That the two sides split and fold text the same way is
// checked from Rust (src/search/mod.rs, `browser_words_match_rust`), and the
// whole chain on a built site in tests/it/search.rs and tests/browser/.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import vm from "node:vm";

const require = createRequire(import.meta.url);
const SCRIPT = "../../themes/default/static/search.js";
const lib = require(SCRIPT);
const { fold, words, tokens, decodeList, pairHash, cmp, chunkOf, parse, search, marked, excerpt } = lib;

// ---- An index in the writer's format ----

const FINAL = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
const CONTINUATION = "!#$%&'()*+,./:;<=>?@[]^`{|}~";

function encodeNumber(v) {
  let q = Math.floor(v / 64);
  let digits = "";
  while (q > 0) {
    digits = CONTINUATION[q % 28] + digits;
    q = Math.floor(q / 28);
  }
  return digits + FINAL[v % 64];
}

const encodeList = (ids) => ids.map((id, i) => encodeNumber(i === 0 ? id : id - ids[i - 1] - 1)).join("");

function chunked(entries, per, first) {
  const bounds = [];
  const chunks = [];
  for (let i = 0; i < entries.length; i += per) {
    bounds.push(i === 0 ? first : entries[i][0]);
    chunks.push(entries.slice(i, i + per).flat());
  }
  return [bounds, chunks];
}

// docs: [{title, text, keywords, url, date, section}], newest first.
function build(docs, per = 2) {
  const wordMap = new Map();
  const formMap = new Map();
  const pairMap = new Map();
  const add = (map, key, make) => (map.has(key) ? map.get(key) : map.set(key, make()).get(key));
  docs.forEach((d, id) => {
    [d.title, d.text || "", ...(d.keywords || [])].forEach((field, i) => {
      const ws = words(field.normalize("NFC"));
      ws.forEach((w, j) => {
        const e = add(wordMap, w.folded, () => ({ all: new Set(), title: new Set() }));
        e.all.add(id);
        if (i === 0) e.title.add(id);
        if (w.exact !== w.folded) add(formMap, w.exact, () => new Set()).add(id);
        if (j > 0) add(pairMap, pairHash(ws[j - 1].folded, w.folded), () => new Set()).add(id);
      });
    });
  });
  const sorted = (set) => [...set].sort((a, b) => a - b);
  const wordEntries = [...wordMap].sort((a, b) => cmp(a[0], b[0])).map(([k, v]) => [k, encodeList(sorted(v.all)), encodeList(sorted(v.title))]);
  const formEntries = [...formMap].sort((a, b) => cmp(a[0], b[0])).map(([k, v]) => [k, encodeList(sorted(v))]);
  const pairEntries = [...pairMap].sort((a, b) => a[0] - b[0]).map(([k, v]) => [k, encodeList(sorted(v))]);
  const [wb, wc] = chunked(wordEntries, per, "");
  const [fb, fc] = chunked(formEntries, per, "");
  const [pb, pc] = chunked(pairEntries, per, 0);
  const files = {};
  wc.forEach((c, i) => (files[`w${i}.json`] = c));
  fc.forEach((c, i) => (files[`f${i}.json`] = c));
  pc.forEach((c, i) => (files[`p${i}.json`] = c));
  const details = {};
  docs.forEach((d, i) => (details[`${i}.json`] = [d.title, d.url || `/${i}/`, d.date || "", d.section || "", d.text || ""]));
  const root = { version: 2, lang: "vi", docs: docs.length, base: "/search/vi/abc/", details: "/search/vi/d/", dv: "f00d", words: wb, forms: fb, pairs: pb };
  return { root, files, details };
}

function searcher(index) {
  const calls = [];
  const load = (kind, i) => {
    const name = `${kind}${i}.json`;
    calls.push(name);
    return Object.hasOwn(index.files, name) ? Promise.resolve(structuredClone(index.files[name])) : Promise.reject(new Error("no " + name));
  };
  return { calls, find: async (q) => (await search(index.root, load, q)).ids };
}

const ranks = (docs, per) => searcher(build(docs, per)).find;

// ---- Words ----

test("fold strips Vietnamese marks, đ and case", () => {
  assert.equal(fold("Dân vận khéo"), "dan van kheo");
  assert.equal(fold("ĐƯỜNG"), "duong");
  assert.equal(fold("Da\u0302n"), "dan");
  assert.equal(fold("D\u00e2n"), fold("Da\u0302n"));
});

test("words split on anything but letters and digits, keep accents and fold", () => {
  assert.deepEqual(
    words("Lại Xá—góp sức, 2,8 km! 80-HD/BDVTW").map((w) => [w.exact, w.folded]),
    [["lại", "lai"], ["xá", "xa"], ["góp", "gop"], ["sức", "suc"], ["2", "2"], ["8", "8"], ["km", "km"], ["80", "80"], ["hd", "hd"], ["bdvtw", "bdvtw"]],
  );
  assert.deepEqual(tokens("中文 tin ở"), ["中文", "tin"]);
  assert.deepEqual(tokens("Chỉ thị 5-CT/TW, tổ 3, ² ٣ a"), ["chi", "thi", "5", "ct", "tw", "to", "3"], "a single digit is a word");
  assert.deepEqual(tokens("Da\u0302n"), ["dan"], "decomposed queries are composed first");
  const [w] = words("  Đường");
  assert.deepEqual([w.start, w.end], [2, 7]);
});

test("lists decode as the writer encodes them", () => {
  assert.deepEqual(decodeList("5000"), [5, 6, 7, 8]);
  assert.deepEqual(decodeList("#0"), [64]);
  assert.deepEqual(decodeList("#!0"), [64 * 28]);
  assert.deepEqual(decodeList(""), []);
  assert.deepEqual(decodeList(undefined), []);
  for (const ids of [[0], [3, 64, 65, 2000, 99999, 5000000], [1, 2, 3, 1792, 1793]]) {
    assert.deepEqual(decodeList(encodeList(ids)), ids);
  }
});

test("pairHash is FNV-1a over the UTF-8 bytes of both words", () => {
  assert.equal(pairHash("a", "b"), 0x10a3f9f2); // the Rust test checks the same value
  assert.notEqual(pairHash("dan", "van"), pairHash("van", "dan"));
});

test("keys compare in code-point order, like Rust", () => {
  assert.ok(cmp("a", "b") < 0 && cmp("b", "a") > 0 && cmp("ab", "ab") === 0);
  assert.ok(cmp("a", "ab") < 0);
  assert.ok(cmp("\uffff", "\u{10000}") < 0, "U+FFFF before U+10000, unlike UTF-16 order");
  assert.equal(chunkOf(["", "d", "m"], "dan"), 1);
  assert.equal(chunkOf(["", "d", "m"], "c"), 0);
  assert.equal(chunkOf(["", "d", "m"], "m"), 2);
  assert.equal(chunkOf([0, 100, 200], 150), 1);
  assert.equal(chunkOf([], "x"), -1);
});

test("queries: words, quoted phrases, and the last word as a prefix", () => {
  const u = parse('đường "tổ dân vận" kh');
  assert.deepEqual(u.map((x) => [x.phrase, x.prefix, x.exact.join(" ")]), [
    [false, false, "đường"],
    [true, false, "tổ dân vận"],
    [false, true, "kh"],
  ]);
  assert.equal(parse("kheo ")[0].prefix, false, "a space ends the word");
  assert.equal(parse("kheo.")[0].prefix, false);
  assert.equal(parse('"kheo"')[0].prefix, false, "a quoted word is whole");
  assert.equal(parse('"kheo"')[0].phrase, false, "one quoted word is a word");
  assert.equal(parse("“tổ dân”")[0].phrase, true, "curly quotes too");
  assert.equal(parse('"tổ dân')[0].phrase, true, "an open quote counts while typing");
  assert.deepEqual(parse("dan dan DAN ").length, 1, "repeated words count once");
  assert.deepEqual(parse("a … !"), []);
  assert.equal(parse("một hai ba bốn năm sáu bảy tám chín mười").length, 8, "at most eight units");
});

// ---- Ranking ----

test("exact accents rank above folded matches; no accents, no preference", async () => {
  const find = ranks([
    { title: "Tin một", text: "Biển dương xanh" }, // 0, newest
    { title: "Tin hai", text: "Con đường làng" }, // 1
    { title: "Tin ba", text: "duong" }, // 2, no accents
  ]);
  assert.deepEqual(await find("đường"), [1, 0, 2]);
  assert.deepEqual(await find("dương"), [0, 1, 2]);
  assert.deepEqual(await find("duong"), [0, 1, 2]);
  assert.deepEqual(await find("DUONG"), [0, 1, 2]);
});

test("title matches rank above body matches", async () => {
  const find = ranks([
    { title: "Tin mới", text: "Một vụ hòa giải thành." },
    { title: "Hòa giải ở cơ sở", text: "Tổ hòa giải." },
    { title: "Tin cũ", text: "hòa giải" },
  ]);
  assert.deepEqual(await find("hoa giai"), [1, 0, 2]);
  assert.deepEqual(await find("hòa giải"), [1, 0, 2]);
});

test("documents with all the words rank above those with some", async () => {
  const find = ranks([
    { title: "Một", text: "dân" },
    { title: "Hai", text: "vận" },
    { title: "Ba", text: "dân vận" },
    { title: "Bốn", text: "khác" },
  ]);
  assert.deepEqual(await find("dân vận"), [2, 0, 1]);
  // Coverage outranks accents, accents outrank titles.
  const more = ranks([
    { title: "dan", text: "van" }, // all words, no accents, one in the title
    { title: "Tin", text: "dân" }, // some words, accents
    { title: "Tin", text: "dân vận" }, // all words, accents
  ]);
  assert.deepEqual(await more("dân vận"), [2, 0, 1]);
});

test("newer first among equals", async () => {
  const docs = Array.from({ length: 30 }, (_, i) => ({ title: `Tin ${i}`, text: "tổ dân vận" }));
  assert.deepEqual(await ranks(docs, 3)("to dan van"), docs.map((_, i) => i));
});

test("quoted phrases match the words side by side, in order", async () => {
  const find = ranks([
    { title: "Một", text: "vận động tổ dân phố" }, // all three words, not together
    { title: "Hai", text: "Tổ dân vận thôn Đông" },
    { title: "Ba", text: "dân vận tổ" }, // other order
    { title: "Tổ dân vận", text: "" }, // in the title
    { title: "Năm", text: "tổ dân, vận" }, // punctuation between does not stop a phrase
  ]);
  assert.deepEqual(await find('"tổ dân vận"'), [3, 1, 4]);
  assert.deepEqual(await find('"to dan van"'), [3, 1, 4]);
  assert.deepEqual(await find("tổ dân vận"), [3, 0, 1, 2, 4], "without quotes, any order");
  // A phrase is one unit: a document with it and the other word first.
  assert.deepEqual(await find('thôn "tổ dân vận"'), [1, 3, 4]);
});

test("the last word is a prefix; the others are whole words", async () => {
  const find = ranks([
    { title: "Khen thưởng", text: "tin" }, // 0
    { title: "Dân vận khéo", text: "tin danh sách" }, // 1
    { title: "Khác", text: "dân" }, // 2
  ], 50);
  assert.deepEqual(await find("kh"), [0, 1, 2]);
  assert.deepEqual(await find("khe"), [0, 1]);
  assert.deepEqual(await find("kh tin"), [0, 1], "not a prefix when not last");
  assert.deepEqual(await find("tin dan"), [1, 0, 2], "1 has both (dân, and danh begins with dan)");
  // The whole word ranks above a longer one it begins.
  assert.deepEqual(await ranks([{ title: "A", text: "danh" }, { title: "B", text: "dan" }])("dan"), [1, 0]);
  // A short prefix reads at most two chunks: its first completions only.
  const many = ranks(["kha", "khb", "khc", "khd", "khe", "khf"].map((w) => ({ title: "T", text: w })), 1);
  assert.deepEqual(await many("kh"), [0, 1]);
  assert.deepEqual(await many("khe"), [4]);
});

test("only the chunks a query needs are read, once each", async () => {
  const docs = [
    { title: "Đường làng", text: "tổ dân vận" },
    { title: "Hòa giải", text: "cơ sở" },
  ];
  const index = build(docs, 1);
  const s = searcher(index);
  await s.find("hòa");
  assert.ok(s.calls.every((c) => c.startsWith("w") || c.startsWith("f")), s.calls.join());
  assert.ok(!s.calls.some((c) => c.startsWith("p")), "pairs only for phrases");
  const before = s.calls.length;
  await s.find("hoa giai");
  assert.ok(!s.calls.slice(before).some((c) => c.startsWith("f")), "no accents, no forms");
  await s.find('"tổ dân vận"');
  assert.ok(s.calls.some((c) => c.startsWith("p")));
  const nothing = searcher(index);
  assert.deepEqual(await nothing.find("a …"), []);
  assert.deepEqual(nothing.calls, []);
});

test("a failing chunk rejects the search", async () => {
  const index = build([{ title: "Tin", text: "dân vận" }], 1);
  for (const name of Object.keys(index.files)) if (name.startsWith("w")) delete index.files[name];
  await assert.rejects(searcher(index).find("dan"));
});

// ---- Excerpts ----

const text = (pieces) => pieces.map((p) => (p[1] ? `[${p[0]}]` : p[0])).join("");

test("marked words: every form of a query word, prefixes of the last one", () => {
  assert.equal(text(marked("Con đường và dương liễu", parse("duong"))), "Con [đường] và [dương] liễu");
  assert.equal(text(marked("Khen thưởng khéo", parse("khe"))), "[Khen] thưởng [khéo]");
  assert.equal(text(marked("Tổ dân vận", parse('"to dan"'))), "[Tổ] [dân] vận");
  assert.equal(text(marked("<b>dân</b>", parse("dan"))), "<b>[dân]</b>", "text, never HTML");
});

test("the excerpt is cut around the rarest word found", () => {
  const filler = "Lorem ipsum dolor sit amet. ".repeat(20);
  const source = `Dân vận ở đây. ${filler}Thắp sáng đường quê ở Điện Biên. ${filler}`;
  const units = parse("dân điện biên");
  units[0].count = 900; // "dân" is everywhere
  units[1].count = 12;
  units[2].count = 15;
  const shown = text(excerpt(source, units));
  assert.match(shown, /^…/);
  assert.match(shown, /…$/);
  assert.match(shown, /\[Điện\] \[Biên\]/);
  assert.ok(shown.length < 260, shown);
  // Nothing found: the start of the text.
  assert.equal(text(excerpt("Ngắn gọn.", parse("zzz"))), "Ngắn gọn.");
  assert.deepEqual(excerpt("", parse("dan")), []);
});

// ---- The page, against a fake DOM just big enough for the script ----

class FakeNode {
  constructor(tag, text = "") {
    this.tagName = tag.toUpperCase();
    this.children = [];
    this.attrs = {};
    this.text = text;
    this.className = "";
    this.listeners = {};
    this.focused = false;
  }
  appendChild(child) { this.children.push(child); return child; }
  set textContent(v) { this.children = []; this.text = String(v); }
  get textContent() { return this.text + this.children.map((c) => c.textContent).join(""); }
  setAttribute(k, v) { this.attrs[k] = String(v); }
  getAttribute(k) { return Object.hasOwn(this.attrs, k) ? this.attrs[k] : null; }
  addEventListener(type, fn) { (this.listeners[type] ||= []).push(fn); }
  focus() { this.focused = true; }
  dispatch(type) {
    let prevented = false;
    for (const fn of this.listeners[type] || []) fn({ preventDefault() { prevented = true; } });
    return prevented;
  }
  all(tag) {
    return this.children.flatMap((c) => (c.tagName === tag.toUpperCase() ? [c] : []).concat(c.all(tag)));
  }
}

const pageDocs = Array.from({ length: 23 }, (_, i) => ({
  title: i === 5 ? "Đường làng <sạch> đẹp" : `Tin số ${i}`,
  url: `/tin-tuc/${i}/`,
  date: `0${(i % 9) + 1}/01/2024`,
  section: i % 2 ? "Tin tức" : "",
  text: i === 5 ? "Bà con góp sức làm đường." : `Dân vận khéo ở thôn ${i}.`,
}));

function page(search) {
  const index = build(pageDocs, 4);
  const box = new FakeNode("div");
  Object.assign(box.attrs, {
    "data-index": "/search-index.vi.json",
    "data-none": "Không tìm thấy bài viết phù hợp với “{q}”.",
    "data-count": "Tìm thấy {n} bài viết cho “{q}”.",
    "data-loading": "Đang tìm…",
    "data-error": "Không tải được dữ liệu tìm kiếm.",
    "data-pagination": "Các trang kết quả tìm kiếm",
    "data-page": "Trang",
    "data-page-of": "Trang {n} trên {total}",
    "data-previous": "Trang trước",
    "data-next": "Trang sau",
  });
  const status = new FakeNode("p");
  const form = new FakeNode("form");
  const input = new FakeNode("input");
  input.value = "";
  input.form = form;
  const files = { "/search-index.vi.json": index.root };
  for (const [name, body] of Object.entries(index.files)) files[`/search/vi/abc/${name}`] = body;
  for (const [name, body] of Object.entries(index.details)) files[`/search/vi/d/${name}`] = body;
  const env = { fetched: [], replaced: [], failing: new Set(), queries: [] };
  const history = { replaceState: (_s, _t, url) => env.replaced.push(url) };
  const context = {
    document: {
      readyState: "complete",
      getElementById: (id) => ({ "search-results": box, "search-q": input, "search-status": status })[id] || null,
      createElement: (tag) => new FakeNode(tag),
      createTextNode: (text) => new FakeNode("#text", text),
    },
    location: { href: "https://example.org/tim-kiem/" + search, pathname: "/tim-kiem/", search },
    window: { history },
    URL,
    URLSearchParams,
    setTimeout,
    clearTimeout,
    fetch: async (url) => {
      const path = new URL(url).pathname;
      env.fetched.push(path);
      env.queries.push(new URL(url).search);
      if (env.failing.has(path) || !files[path]) return { ok: false, status: 404 };
      return { ok: true, status: 200, json: async () => structuredClone(files[path]) };
    },
  };
  vm.runInNewContext(readFileSync(new URL(SCRIPT, import.meta.url), "utf8"), context);
  return { box, status, form, input, env, context };
}

const settle = (ms = 30) => new Promise((resolve) => setTimeout(resolve, ms));
const links = (box) => box.all("ol")[0]?.all("a").map((a) => a.getAttribute("href")) ?? [];

test("the page searches for ?q= on load, marks words and shows date and section", async () => {
  const { box, status, input, env } = page("?q=%C4%91%C6%B0%E1%BB%9Dng");
  assert.equal(input.value, "đường");
  await settle();
  assert.deepEqual(links(box), ["/tin-tuc/5/"]);
  assert.equal(status.textContent, "Tìm thấy 1 bài viết cho “đường”.");
  const item = box.all("li")[0];
  const [heading, meta, excerptNode] = item.children;
  assert.equal(heading.tagName, "H2");
  assert.equal(heading.textContent, "Đường làng <sạch> đẹp", "titles are text, not HTML");
  assert.deepEqual(heading.all("mark").map((m) => m.textContent), ["Đường"]);
  assert.equal(meta.textContent, "Tin tức · 06/01/2024");
  assert.equal(excerptNode.className, "search-excerpt");
  assert.deepEqual(excerptNode.all("mark").map((m) => m.textContent), ["đường"]);
  // Only the root, the chunks of one word and one form, one detail.
  assert.ok(env.fetched.includes("/search/vi/d/5.json"));
  assert.equal(env.fetched.filter((p) => p.includes("/d/")).length, 1);
  assert.ok(env.queries.includes("?v=f00d"), "details carry the version of the index");
});

test("results come in pages of ten, with a pager that keeps the URL", async () => {
  const { box, status, env } = page("?q=dan");
  await settle();
  assert.equal(links(box).length, 10);
  assert.equal(status.textContent, "Tìm thấy 22 bài viết cho “dan”. Trang 1 trên 3");
  assert.equal(env.fetched.filter((p) => p.includes("/d/")).length, 10, "details of the results shown only");
  const nav = box.all("nav")[0];
  assert.equal(nav.getAttribute("aria-label"), "Các trang kết quả tìm kiếm");
  const pages = nav.all("a");
  assert.deepEqual(pages.map((a) => a.textContent), ["1", "2", "3", "›"]);
  assert.equal(pages[0].getAttribute("aria-current"), "page");
  assert.equal(pages[1].getAttribute("href"), "/tim-kiem/?q=dan&p=2");
  assert.equal(pages[1].dispatch("click"), true);
  await settle();
  assert.deepEqual(links(box), pageDocs.map((d) => d.url).filter((u) => u !== "/tin-tuc/5/").slice(10, 20));
  assert.equal(box.all("ol")[0].getAttribute("start"), "11");
  assert.equal(env.replaced.at(-1), "/tim-kiem/?q=dan&p=2");
  assert.ok(status.focused, "focus moves to the count, for keyboards and screen readers");
  const third = page("?q=dan&p=3");
  await settle();
  assert.equal(links(third.box).length, 2);
});

test("typing searches once the typing pauses, and keeps the query in the URL", async () => {
  const { box, input, env } = page("");
  await settle();
  assert.deepEqual(env.fetched, [], "nothing is read before a query");
  input.value = "đư";
  input.dispatch("input");
  await settle(50);
  input.value = "đường";
  input.dispatch("input");
  await settle(50);
  assert.deepEqual(env.fetched, [], "not while typing");
  await settle(250);
  assert.deepEqual(links(box), ["/tin-tuc/5/"]);
  assert.deepEqual(env.replaced, ["/tim-kiem/?q=%C4%91%C6%B0%E1%BB%9Dng"]);
  assert.equal(env.fetched.filter((p) => p.endsWith("index.vi.json")).length, 1);
});

test("submitting searches at once; no results, errors and retries", async () => {
  const { box, status, form, input, env, context } = page("");
  input.value = "zzz";
  assert.equal(form.dispatch("submit"), true);
  await settle();
  assert.equal(status.textContent, "Không tìm thấy bài viết phù hợp với “zzz”.");
  assert.equal(box.children.length, 0);

  input.value = "a";
  form.dispatch("submit");
  await settle();
  assert.equal(status.textContent, "");
  assert.equal(env.replaced.at(-1), "/tim-kiem/?q=a");

  const detail = "/search/vi/d/5.json";
  env.failing.add(detail);
  input.value = "đường";
  form.dispatch("submit");
  await settle();
  assert.equal(status.textContent, "Không tải được dữ liệu tìm kiếm.");
  env.failing.clear();
  form.dispatch("submit");
  await settle();
  assert.deepEqual(links(box), ["/tin-tuc/5/"]);

  // Without history the form is left to submit natively.
  context.window.history = undefined;
  assert.equal(form.dispatch("submit"), false);
});
