// kheo default theme: search in the browser, over the index kheo writes at
// build time (src/search/; the format is in docs/architecture.md). A query
// reads the small root file, the few chunks of the index its words fall in,
// and the details of the ten results shown; nothing else, however large the
// site. Without JavaScript the search page is a form with links to browse by
// tag and by year.
(function () {
  "use strict";

  // ---- Words: exactly as src/slug.rs `search_words` splits and folds ----

  // Built at run time so a browser without Unicode property escapes degrades
  // (splitting on spaces and punctuation) instead of failing to parse the file.
  var WORD;
  try {
    // Alphabetic and Numeric are what Rust's char::is_alphanumeric tests.
    WORD = new RegExp("[\\p{Alphabetic}\\p{N}]+", "gu");
  } catch (e) {
    WORD = /[^\s!-\/:-@\[-`{-~\u00a0-\u00bf\u00d7\u00f7\u2000-\u206f\u3000-\u303f\uff01-\uff0f]+/g;
  }
  var MARK = /[\u0300-\u036f]/;
  var DIGIT1 = /^[0-9]$/;

  function nfc(s) {
    return String(s).normalize ? String(s).normalize("NFC") : String(s);
  }

  // Each character lower-cased alone, as Rust's char::to_lowercase does
  // (a whole-string toLowerCase would treat a final sigma differently).
  function lower(s) {
    var out = "";
    for (var c of s) out += c.toLowerCase();
    return out;
  }

  // NFD, marks U+0300–U+036F dropped, đ/Đ to d, lower case.
  function fold(s) {
    var out = "";
    for (var c of String(s).normalize("NFD")) {
      if (MARK.test(c)) continue;
      out += c === "đ" || c === "Đ" ? "d" : c.toLowerCase();
    }
    return out;
  }

  // The words of a text: {exact: "đường", folded: "duong", start, end}, with
  // their places in the text (as given: callers pass NFC text).
  function words(text) {
    var out = [];
    var s = String(text);
    WORD.lastIndex = 0;
    var m;
    while ((m = WORD.exec(s))) {
      var exact = lower(m[0]);
      var folded = fold(exact);
      var n = 0;
      for (var c of folded) if (++n > 1) break;
      // One character is not a word, unless it is a digit (`5-CT/TW`).
      if (n > 1 || DIGIT1.test(folded)) out.push({ exact: exact, folded: folded, start: m.index, end: m.index + m[0].length });
    }
    return out;
  }

  function tokens(text) {
    return words(nfc(text)).map(function (w) { return w.folded; });
  }

  // ---- The index format (src/search/index.rs) ----

  var FINAL = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
  var CONTINUATION = "!#$%&'()*+,./:;<=>?@[]^`{|}~";
  var DIGIT = new Int8Array(128).fill(-1);
  for (var d = 0; d < 64; d++) DIGIT[FINAL.charCodeAt(d)] = d;
  for (d = 0; d < 28; d++) DIGIT[CONTINUATION.charCodeAt(d)] = 64 + d;

  // A list of document numbers: the first, then each gap minus one; every
  // number is base-28 continuation digits and one base-64 final digit.
  function decodeList(text) {
    var out = [];
    var acc = 0;
    var previous = -1;
    var s = typeof text === "string" ? text : "";
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i);
      var v = c < 128 ? DIGIT[c] : -1;
      if (v < 0) continue;
      if (v >= 64) {
        acc = acc * 28 + (v - 64);
      } else {
        var n = acc * 64 + v;
        acc = 0;
        previous = previous < 0 ? n : previous + n + 1;
        out.push(previous);
      }
    }
    return out;
  }

  function utf8(s) {
    if (typeof TextEncoder !== "undefined") return new TextEncoder().encode(s);
    var raw = unescape(encodeURIComponent(s));
    var out = [];
    for (var i = 0; i < raw.length; i++) out.push(raw.charCodeAt(i));
    return out;
  }

  // 32-bit FNV-1a of "a b": the key of a pair of neighbouring words.
  function pairHash(a, b) {
    var bytes = utf8(a + " " + b);
    var h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) {
      h ^= bytes[i];
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h >>> 0;
  }

  // Strings in code-point order, as Rust sorts them (plain < compares UTF-16
  // units, which puts U+E000–U+FFFF after the characters beyond U+FFFF).
  function cmp(a, b) {
    var n = Math.min(a.length, b.length);
    for (var i = 0; i < n; i++) {
      var x = a.charCodeAt(i);
      var y = b.charCodeAt(i);
      if (x !== y) {
        var xs = x >= 0xd800 && x <= 0xdfff;
        var ys = y >= 0xd800 && y <= 0xdfff;
        if (xs !== ys) return xs ? 1 : -1;
        return x - y;
      }
    }
    return a.length - b.length;
  }

  // The chunk a key is in: the last whose first key is not after it.
  function chunkOf(bounds, key) {
    var lo = 0;
    var hi = bounds.length - 1;
    if (hi < 0) return -1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      var c = typeof key === "number" ? bounds[mid] - key : cmp(bounds[mid], key);
      if (c <= 0) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  // ---- Queries ----

  var MAX_UNITS = 8;
  // A word being typed may end in many words; it reads at most this many chunks.
  var PREFIX_CHUNKS = 2;
  var QUOTE = /["“”„]/;

  // A query's units: words, and quoted phrases (`"tổ dân vận"`). The last
  // word is a prefix while it is being typed (nothing after it).
  function parse(query) {
    var q = nfc(query);
    var parts = q.split(QUOTE);
    var units = [];
    var seen = new Set();
    parts.forEach(function (part, i) {
      var ws = words(part);
      if (!ws.length) return;
      var quoted = i % 2 === 1;
      var add = function (list, phrase, prefix) {
        var key = (phrase ? "\"" : "") + list.map(function (w) { return w.exact; }).join(" ") + (prefix ? "*" : "");
        if (seen.has(key) || units.length >= MAX_UNITS) return;
        seen.add(key);
        units.push({
          phrase: phrase,
          prefix: prefix,
          folded: list.map(function (w) { return w.folded; }),
          exact: list.map(function (w) { return w.exact; }),
        });
      };
      if (quoted && ws.length > 1) {
        add(ws, true, false);
      } else {
        var last = i === parts.length - 1 && !quoted;
        ws.forEach(function (w, j) {
          add([w], false, last && j === ws.length - 1 && w.end === part.length);
        });
      }
    });
    return units;
  }

  function startsWith(s, p) {
    return s.length >= p.length && s.slice(0, p.length) === p;
  }

  function intersect(a, b) {
    var out = [];
    for (var i = 0, j = 0; i < a.length && j < b.length; ) {
      if (a[i] === b[j]) { out.push(a[i]); i++; j++; }
      else if (a[i] < b[j]) i++;
      else j++;
    }
    return out;
  }

  function union(lists) {
    if (lists.length === 1) return lists[0];
    var all = [].concat.apply([], lists).sort(function (x, y) { return x - y; });
    return all.filter(function (v, i) { return i === 0 || all[i - 1] !== v; });
  }

  // The entry of `key` in a chunk (a flat array of `stride`-long entries), or null.
  function find(chunk, key, stride) {
    if (!Array.isArray(chunk)) return null;
    for (var i = 0; i + stride <= chunk.length; i += stride) {
      if (chunk[i] === key) return chunk.slice(i + 1, i + stride);
    }
    return null;
  }

  // Ranked document numbers for a query: documents holding more of the
  // query's units first, then those with the query's accents, then those
  // with the words in their title, then newer (lower numbers) first.
  // `load(kind, i)` gives chunk i of "w", "f" or "p". Returns {ids, units}
  // where each unit also gets `count`, its documents found.
  async function search(root, load, query) {
    var units = parse(query);
    if (!units.length || !root) return { ids: [], units: units };
    var n = root.docs | 0;
    var requests = new Map();
    function get(kind, i) {
      var key = kind + i;
      if (!requests.has(key)) requests.set(key, Promise.resolve(load(kind, i)));
      return requests.get(key);
    }
    function word(w, prefix) {
      var bounds = root.words || [];
      var first = chunkOf(bounds, w);
      if (first < 0) return Promise.resolve({ all: [], title: [], whole: [] });
      var last = first;
      while (prefix && last + 1 < bounds.length && last - first + 1 < PREFIX_CHUNKS && startsWith(bounds[last + 1], w)) last++;
      var wanted = [];
      for (var i = first; i <= last; i++) wanted.push(get("w", i));
      return Promise.all(wanted).then(function (chunks) {
        var all = [];
        var title = [];
        var whole = [];
        chunks.forEach(function (chunk) {
          if (!Array.isArray(chunk)) return;
          for (var j = 0; j + 3 <= chunk.length; j += 3) {
            var k = chunk[j];
            if (k !== w && !(prefix && typeof k === "string" && startsWith(k, w))) continue;
            var docs = decodeList(chunk[j + 1]);
            all.push(docs);
            title.push(decodeList(chunk[j + 2]));
            if (k === w) whole = docs;
          }
        });
        return { all: union(all.length ? all : [[]]), title: union(title.length ? title : [[]]), whole: whole };
      });
    }
    function form(e) {
      var i = chunkOf(root.forms || [], e);
      if (i < 0) return Promise.resolve([]);
      return get("f", i).then(function (chunk) {
        var entry = find(chunk, e, 2);
        return entry ? decodeList(entry[0]) : [];
      });
    }
    function pair(a, b) {
      var h = pairHash(a, b);
      var i = chunkOf(root.pairs || [], h);
      if (i < 0) return Promise.resolve([]);
      return get("p", i).then(function (chunk) {
        var entry = find(chunk, h, 2);
        return entry ? decodeList(entry[0]) : [];
      });
    }
    // Per unit: {all, title, exact}, sorted document numbers.
    var found = await Promise.all(units.map(function (u) {
      var accented = u.exact.map(function (e, i) { return e !== u.folded[i]; });
      if (!u.phrase) {
        return Promise.all([word(u.folded[0], u.prefix), accented[0] ? form(u.exact[0]) : null]).then(function (r) {
          return { all: r[0].all, title: r[0].title, exact: accented[0] ? r[1] : r[0].whole };
        });
      }
      var parts = u.folded.map(function (w) { return word(w, false); });
      var pairs = u.folded.slice(1).map(function (w, i) { return pair(u.folded[i], w); });
      var forms = u.exact.map(function (e, i) { return accented[i] ? form(e) : null; });
      return Promise.all([Promise.all(parts), Promise.all(pairs), Promise.all(forms)]).then(function (r) {
        var all = r[0][0].all;
        var title = r[0][0].title;
        r[0].slice(1).forEach(function (p) { all = intersect(all, p.all); title = intersect(title, p.title); });
        r[1].forEach(function (p) { all = intersect(all, p); });
        var exact = all;
        r[2].forEach(function (f) { if (f) exact = intersect(exact, f); });
        return { all: all, title: intersect(title, all), exact: exact };
      });
    }));

    var count = new Uint8Array(n);
    var exact = new Uint8Array(n);
    var title = new Uint8Array(n);
    var bump = function (into) {
      return function (id) { if (id >= 0 && id < n) into[id]++; };
    };
    found.forEach(function (f, i) {
      units[i].count = f.all.length;
      f.all.forEach(bump(count));
      f.exact.forEach(bump(exact));
      f.title.forEach(bump(title));
    });
    // Scores are small: group by score instead of sorting every document.
    var groups = new Map();
    for (var id = 0; id < n; id++) {
      if (!count[id]) continue;
      var score = count[id] * 65536 + exact[id] * 256 + title[id];
      if (!groups.has(score)) groups.set(score, []);
      groups.get(score).push(id);
    }
    var ids = [];
    Array.from(groups.keys()).sort(function (a, b) { return b - a; }).forEach(function (s) {
      ids = ids.concat(groups.get(s));
    });
    return { ids: ids, units: units };
  }

  // ---- Excerpts ----

  var EXCERPT = 220;
  var BEFORE = 60;

  // Which unit a word belongs to (the index in `units`), or -1.
  function unitOf(units, folded) {
    for (var i = 0; i < units.length; i++) {
      var u = units[i];
      for (var j = 0; j < u.folded.length; j++) {
        if (u.folded[j] === folded || (u.prefix && startsWith(folded, u.folded[j]))) return i;
      }
    }
    return -1;
  }

  // Pieces of `text` with the words of the query marked: [[text, marked], ...].
  function marked(text, units) {
    var out = [];
    var at = 0;
    words(text).forEach(function (w) {
      if (unitOf(units, w.folded) < 0) return;
      if (w.start > at) out.push([text.slice(at, w.start), false]);
      out.push([text.slice(w.start, w.end), true]);
      at = w.end;
    });
    if (at < text.length) out.push([text.slice(at), false]);
    return out;
  }

  // A short piece of `text` around the words found (where the rarest of the
  // query's units first occurs), the words marked.
  function excerpt(text, units) {
    var s = nfc(text || "").replace(/\s+/g, " ").trim();
    var anchor = -1;
    var best = Infinity;
    words(s).forEach(function (w) {
      var u = unitOf(units, w.folded);
      if (u < 0) return;
      var rarity = units[u].count === undefined ? 0 : units[u].count;
      if (rarity < best) { best = rarity; anchor = w.start; }
    });
    var start = 0;
    if (anchor > BEFORE) {
      start = s.lastIndexOf(" ", anchor - BEFORE);
      start = start < 0 ? 0 : start + 1;
      if (anchor - start > BEFORE * 2) start = anchor - BEFORE;
    }
    var end = s.length;
    if (end - start > EXCERPT) {
      end = s.lastIndexOf(" ", start + EXCERPT);
      if (end <= anchor) end = start + EXCERPT;
    }
    var pieces = marked(s.slice(start, end), units);
    if (start > 0) pieces.unshift(["…", false]);
    if (end < s.length) pieces.push(["…", false]);
    return pieces;
  }

  // ---- The search page ----

  var PER_PAGE = 10;
  var DEBOUNCE = 180;

  function initPage(box) {
    var input = document.getElementById("search-q");
    var status = document.getElementById("search-status");
    var form = input && input.form;
    var rootUrl = new URL(box.getAttribute("data-index") || "", location.href);
    var rootPromise = null;
    var files = new Map();
    var ticket = 0;
    var timer = null;
    var shown = null; // {q, ranked, root}

    function text(name, values) {
      return (box.getAttribute("data-" + name) || "").replace(/\{(q|n|total)\}/g, function (all, key) {
        return values && Object.prototype.hasOwnProperty.call(values, key) ? values[key] : all;
      });
    }

    function loadJson(url) {
      return fetch(url, { credentials: "same-origin" }).then(function (res) {
        if (!res.ok) throw new Error("HTTP " + res.status + " for " + url);
        return res.json();
      });
    }

    // Requests are shared while pending and kept once loaded; a failed one is
    // forgotten so the next search can retry it.
    function cached(key, load) {
      if (!files.has(key)) {
        var p = load();
        files.set(key, p);
        p.catch(function () { files.delete(key); });
      }
      return files.get(key);
    }

    function getRoot() {
      return cached("root", function () {
        return loadJson(rootUrl).then(function (r) {
          if (!r || r.version !== 2 || typeof r.base !== "string" || typeof r.details !== "string") {
            throw new Error("unsupported search index");
          }
          return r;
        });
      });
    }

    function file(root, name) {
      return cached(name, function () { return loadJson(new URL(root.base + name, rootUrl)); });
    }

    // What result `id` shows. The details are not in the versioned folder of
    // the index: `dv`, a hash of them all, tells versions apart.
    function detail(root, id) {
      return cached("d" + id, function () {
        return loadJson(new URL(root.details + id + ".json?v=" + encodeURIComponent(root.dv || ""), rootUrl));
      });
    }

    function el(tag, className, content) {
      var node = document.createElement(tag);
      if (className) node.className = className;
      if (content !== undefined) node.textContent = content;
      return node;
    }

    function withMarks(node, pieces) {
      pieces.forEach(function (p) {
        node.appendChild(p[1] ? el("mark", "", p[0]) : document.createTextNode(p[0]));
      });
      return node;
    }

    function setStatus(message, className) {
      if (!status) return;
      status.className = className || "search-count";
      status.textContent = message;
    }

    function number(n, lang) {
      try { return n.toLocaleString(lang || undefined); } catch (e) { return String(n); }
    }

    function pageUrl(q, p) {
      var url = location.pathname;
      if (q) url += "?q=" + encodeURIComponent(q).replace(/%20/g, "+") + (p > 1 ? "&p=" + p : "");
      return url;
    }

    function remember(q, p) {
      try { window.history.replaceState(null, "", pageUrl(q, p)); } catch (e) { /* the URL just stays */ }
    }

    function pager(q, p, pages) {
      var nav = el("nav", "pager");
      nav.setAttribute("aria-label", text("pagination"));
      var list = el("ul");
      var link = function (n, label, content, current) {
        var li = el("li");
        var a = el("a", "", content);
        a.setAttribute("href", pageUrl(q, n));
        a.setAttribute("aria-label", label);
        if (current) a.setAttribute("aria-current", "page");
        a.addEventListener("click", function (ev) {
          ev.preventDefault();
          var mine = ticket + 1;
          show(n, true).catch(function () { if (mine === ticket) failed(); });
        });
        li.appendChild(a);
        list.appendChild(li);
      };
      if (p > 1) link(p - 1, text("previous"), "‹");
      var from = Math.max(1, p - 2);
      var to = Math.min(pages, p + 2);
      if (from > 1) link(1, text("page") + " 1", "1");
      if (from > 2) list.appendChild(el("li", "gap", "…")).setAttribute("aria-hidden", "true");
      for (var n = from; n <= to; n++) link(n, text("page") + " " + n, String(n), n === p);
      if (to < pages - 1) list.appendChild(el("li", "gap", "…")).setAttribute("aria-hidden", "true");
      if (to < pages) link(pages, text("page") + " " + pages, String(pages));
      if (p < pages) link(p + 1, text("next"), "›");
      nav.appendChild(list);
      return nav;
    }

    // Page `p` of the results shown: their details fetched, then drawn. A
    // page chosen in the pager takes its own turn and moves the focus.
    async function show(p, chosen) {
      if (!shown) return;
      var mine = chosen ? ++ticket : ticket;
      var s = shown;
      var total = s.ranked.ids.length;
      var pages = Math.max(1, Math.ceil(total / PER_PAGE));
      p = Math.min(Math.max(1, p | 0), pages);
      var ids = s.ranked.ids.slice((p - 1) * PER_PAGE, p * PER_PAGE);
      var details = await Promise.all(ids.map(function (id) { return detail(s.root, id); }));
      if (mine !== ticket) return;
      box.textContent = "";
      if (!total) {
        setStatus(text("none", { q: s.q }));
        return;
      }
      var message = text("count", { q: s.q, n: number(total, s.root.lang) });
      if (pages > 1) message += " " + text("page-of", { n: p, total: pages });
      setStatus(message);
      var list = el("ol", "search-list");
      list.setAttribute("start", String((p - 1) * PER_PAGE + 1));
      details.forEach(function (d) {
        if (!Array.isArray(d)) return;
        var li = el("li");
        var heading = el("h2", "search-title");
        var a = withMarks(el("a"), marked(nfc(d[0] || ""), s.ranked.units));
        a.setAttribute("href", String(d[1] || ""));
        heading.appendChild(a);
        li.appendChild(heading);
        var meta = [d[3], d[2]].filter(Boolean).join(" · ");
        if (meta) li.appendChild(el("p", "search-meta", meta));
        var pieces = excerpt(d[4], s.ranked.units);
        if (pieces.length) li.appendChild(withMarks(el("p", "search-excerpt"), pieces));
        list.appendChild(li);
      });
      box.appendChild(list);
      if (pages > 1) box.appendChild(pager(s.q, p, pages));
      if (chosen) {
        remember(s.q, p);
        if (status) {
          status.setAttribute("tabindex", "-1");
          status.focus();
        }
      }
    }

    function failed() {
      box.textContent = "";
      setStatus(text("error"), "search-status search-error");
    }

    async function run(query, p) {
      var mine = ++ticket;
      var q = query.trim();
      remember(q, p);
      if (!parse(q).length) {
        shown = null;
        box.textContent = "";
        setStatus("");
        return;
      }
      // Say "searching" only when it takes a while: a live region that
      // changes on every key press is noise for a screen reader.
      var slow = setTimeout(function () { if (mine === ticket) setStatus(text("loading"), "search-status"); }, 300);
      try {
        var root = await getRoot();
        var ranked = await search(root, function (kind, i) { return file(root, kind + i + ".json"); }, q);
        if (mine !== ticket) return;
        shown = { q: q, ranked: ranked, root: root };
        await show(p, false);
      } catch (err) {
        if (mine === ticket) failed();
      } finally {
        clearTimeout(slow);
      }
    }

    if (form) {
      form.addEventListener("submit", function (ev) {
        // Without history the native submit (a reload with ?q=) still gives a shareable URL.
        if (!window.history || !window.history.replaceState) return;
        ev.preventDefault();
        clearTimeout(timer);
        run(input.value, 1);
      });
      // Search as you type, once the typing pauses.
      input.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(function () { run(input.value, 1); }, DEBOUNCE);
      });
      // The root file is small: fetch it as soon as the reader shows intent.
      input.addEventListener("focus", function () { getRoot().catch(function () {}); });
    }

    var params = new URLSearchParams(location.search);
    var initial = params.get("q") || "";
    if (input) input.value = initial;
    if (initial) run(initial, parseInt(params.get("p") || "1", 10) || 1);
  }

  if (typeof document !== "undefined") {
    var start = function () {
      var box = document.getElementById("search-results");
      if (box) initPage(box);
    };
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
    else start();
  }

  if (typeof module !== "undefined" && module.exports) {
    module.exports = {
      fold: fold,
      words: words,
      tokens: tokens,
      decodeList: decodeList,
      pairHash: pairHash,
      cmp: cmp,
      chunkOf: chunkOf,
      parse: parse,
      search: search,
      marked: marked,
      excerpt: excerpt,
    };
  }
})();
