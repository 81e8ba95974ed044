// kheo default theme: client-side search over the sharded index that kheo
// writes at build time. The search page works without this script only as a
// form; with it, results are looked up in the browser, with no server.
(function () {
  "use strict";

  // Folding and tokenizing must match the Rust side byte for byte, or query
  // tokens won't find the index's tokens.
  function fold(s) {
    return String(s)
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/[đĐ]/g, "d")
      .toLowerCase();
  }

  // Built at run time so a browser without Unicode property escapes degrades
  // (splitting on spaces and punctuation) instead of failing to parse the file.
  var SEPARATORS;
  try {
    // Alphabetic and Numeric are the Unicode properties Rust's
    // char::is_alphabetic and char::is_numeric test.
    SEPARATORS = new RegExp("[^\\p{Alphabetic}\\p{N}]+", "u");
  } catch (e) {
    SEPARATORS = /[\s!-\/:-@\[-`{-~\u00a0-\u00bf\u00d7\u00f7\u2000-\u206f\u3000-\u303f\uff01-\uff0f]+/;
  }

  function tokens(text) {
    return fold(text).split(SEPARATORS).filter(Boolean);
  }

  // Lengths count code points, not UTF-16 units, as Rust's chars() does.
  function queryTokens(query) {
    return tokens(query).filter(function (t) { return Array.from(t).length >= 2; });
  }

  var ASCII = /^[a-z0-9]$/;

  function shardName(tok) {
    var cps = Array.from(tok);
    if (ASCII.test(cps[0]) && ASCII.test(cps[1])) return cps[0] + cps[1];
    return "u" + cps[0].codePointAt(0).toString(16);
  }

  // Postings are stored as gaps between ascending ids to keep shards small.
  function decodePostings(list) {
    if (!Array.isArray(list)) return [];
    var id = 0;
    return list.map(function (gap, i) { return (id = i === 0 ? gap : id + gap); });
  }

  var has = function (obj, key) { return Object.prototype.hasOwnProperty.call(obj, key); };
  var MAX_RESULTS = 50;

  // How many query tokens appear as title words (the last one as a word prefix).
  function titleScore(title, toks) {
    var words = tokens(title);
    var last = toks.length - 1;
    return toks.filter(function (t, i) {
      return words.some(function (w) { return i === last ? w.startsWith(t) : w === t; });
    }).length;
  }

  // Ranked doc ids (at most 50) for a query; the array also carries a
  // non-enumerable `total`, the number of matches before the cap.
  async function search(manifest, getShard, query) {
    var done = function (ids, total) { return Object.defineProperty(ids, "total", { value: total }); };
    var toks = queryTokens(query);
    if (!toks.length) return done([], 0);

    var names = toks.map(shardName);
    var known = new Set(manifest.keys || []);
    // A token whose shard doesn't exist occurs in no doc, so under AND nothing can match.
    if (names.some(function (n) { return !known.has(n); })) return done([], 0);

    var needed = Array.from(new Set(names));
    var loaded = await Promise.all(needed.map(function (n) { return getShard(n); }));
    var shards = new Map();
    needed.forEach(function (n, i) { shards.set(n, loaded[i] || {}); });

    var last = toks.length - 1;
    var hits = null;
    for (var i = 0; i <= last && (hits === null || hits.size); i++) {
      var shard = shards.get(names[i]);
      var ids = new Set();
      var add = function (id) { ids.add(id); };
      if (i < last) {
        if (has(shard, toks[i])) decodePostings(shard[toks[i]]).forEach(add);
      } else {
        // The last token may still be being typed: every word it begins counts.
        for (var word in shard) {
          if (has(shard, word) && word.startsWith(toks[i])) decodePostings(shard[word]).forEach(add);
        }
      }
      hits = hits === null ? ids : new Set(Array.from(hits).filter(function (id) { return ids.has(id); }));
    }

    var docs = manifest.docs || [];
    var ranked = [];
    hits.forEach(function (id) {
      // Guard against an index whose shards and manifest disagree.
      if (Number.isInteger(id) && id >= 0 && id < docs.length) {
        ranked.push({ id: id, score: titleScore(docs[id][0], toks) });
      }
    });
    // A title holding every token has the highest possible score, so sorting by
    // score puts full title matches first, then partial ones; ties go newest first.
    ranked.sort(function (a, b) { return b.score - a.score || a.id - b.id; });
    return done(ranked.slice(0, MAX_RESULTS).map(function (r) { return r.id; }), ranked.length);
  }

  // ---- The search page ----

  function initPage(box) {
    var input = document.getElementById("search-q");
    var form = input && input.form;
    var manifestUrl = new URL(box.getAttribute("data-index") || "", location.href);
    var manifestPromise = null;
    var shardCache = new Map();
    var current = 0;

    function text(name, values) {
      return (box.getAttribute("data-" + name) || "").replace(/\{(q|n)\}/g, function (all, key) {
        return values && has(values, key) ? values[key] : all;
      });
    }

    function loadJson(url) {
      return fetch(url, { credentials: "same-origin" }).then(function (res) {
        if (!res.ok) throw new Error("HTTP " + res.status + " for " + url);
        return res.json();
      });
    }

    // Promises are cached so concurrent searches share one request; a failed
    // request is forgotten so the next search can retry it.
    function cached(map, key, load) {
      if (!map.has(key)) {
        map.set(key, load().catch(function (err) { map.delete(key); throw err; }));
      }
      return map.get(key);
    }

    function getManifest() {
      if (!manifestPromise) {
        manifestPromise = loadJson(manifestUrl).then(function (m) {
          if (!m || m.version !== 1 || !Array.isArray(m.docs)) throw new Error("unsupported search index");
          return m;
        });
        manifestPromise.catch(function () { manifestPromise = null; });
      }
      return manifestPromise;
    }

    function getShard(manifest, key) {
      return cached(shardCache, key, function () {
        return loadJson(new URL((manifest.shards || "") + key + ".json", manifestUrl));
      });
    }

    function el(tag, className, content) {
      var node = document.createElement(tag);
      if (className) node.className = className;
      if (content !== undefined) node.textContent = content;
      return node;
    }

    function show(nodes) {
      box.textContent = "";
      nodes.forEach(function (n) { box.appendChild(n); });
    }

    function render(manifest, ids, q) {
      var count = ids.total === undefined ? ids.length : ids.total;
      var n = String(count);
      try { n = count.toLocaleString(manifest.lang || undefined); } catch (e) { /* bad tag: plain digits */ }
      var message = count ? text("count", { q: q, n: n }) : text("none", { q: q });
      var list = el("ol", "search-list");
      ids.forEach(function (id) {
        var doc = manifest.docs[id];
        var li = el("li");
        var heading = el("h2", "search-title");
        var link = el("a", "", String(doc[0] || ""));
        link.setAttribute("href", String(doc[1] || ""));
        heading.appendChild(link);
        li.appendChild(heading);
        var section = doc[3] >= 0 && manifest.sections ? manifest.sections[doc[3]] : "";
        var meta = [section, doc[2]].filter(Boolean).join(" · ");
        if (meta) li.appendChild(el("p", "search-meta", meta));
        if (doc[4]) li.appendChild(el("p", "search-summary", String(doc[4])));
        list.appendChild(li);
      });
      show(ids.length ? [el("p", "search-count", message), list] : [el("p", "search-count", message)]);
    }

    async function run(query) {
      var ticket = ++current; // only the latest search may write to the page
      var q = query.trim();
      if (!queryTokens(q).length) return show([]);
      show([el("p", "search-status", text("loading"))]);
      try {
        var manifest = await getManifest();
        var ids = await search(manifest, function (key) { return getShard(manifest, key); }, q);
        if (ticket === current) render(manifest, ids, q);
      } catch (err) {
        if (ticket === current) show([el("p", "search-status search-error", text("error"))]);
      }
    }

    if (form) {
      form.addEventListener("submit", function (ev) {
        var q = input.value.trim();
        var url = location.pathname + (q ? "?q=" + encodeURIComponent(q).replace(/%20/g, "+") : "");
        // Without history the native submit (a reload with ?q=) still gives a shareable URL.
        try {
          window.history.replaceState(null, "", url);
        } catch (e) {
          return;
        }
        ev.preventDefault();
        run(q);
      });
    }

    var initial = new URLSearchParams(location.search).get("q") || "";
    if (input) input.value = initial;
    run(initial);
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
    module.exports = { fold: fold, tokens: tokens, shardName: shardName, decodePostings: decodePostings, search: search };
  }
})();
