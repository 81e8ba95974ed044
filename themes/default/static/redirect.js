// kheo default theme: an old address with a query string
// (/Default.aspx?tabid=85&ID=1234), which no file of a static site can hold,
// is looked up in the site's redirect map (redirects.json, written from the
// articles' `aliases:`) and the reader is sent on to the article's new page.
// Without JavaScript the page shows as it is (the 404 page for such an address).
(function () {
  "use strict";

  function decode(text) {
    try {
      return decodeURIComponent(String(text).replace(/\+/g, " "));
    } catch (e) {
      return String(text);
    }
  }

  // Where an old address leads, or null. `base` is the site's base path
  // ("/" or "/dan-van/"); the map's keys start at the site's root.
  function redirectTarget(map, base, pathname, search) {
    if (!map || typeof map !== "object" || !search || search === "?") return null;
    var path = String(pathname);
    if (base && base !== "/" && path.indexOf(base) === 0) path = "/" + path.slice(base.length);
    var key = path + search;
    var own = Object.prototype.hasOwnProperty;
    if (own.call(map, key)) return map[key];
    // A browser may encode the address differently from the way it was written.
    var wanted = decode(key);
    for (var k in map) {
      if (own.call(map, k) && decode(k) === wanted) return map[k];
    }
    return null;
  }

  if (typeof document !== "undefined" && document.currentScript && window.fetch) {
    var script = document.currentScript;
    var url = script.getAttribute("data-map");
    var base = script.getAttribute("data-base") || "/";
    if (url && location.search.length > 1) {
      window.fetch(url)
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (map) {
          var to = redirectTarget(map, base, location.pathname, location.search);
          if (to) location.replace(to + location.hash);
        })
        .catch(function () { /* the page stays as it is */ });
    }
  }

  if (typeof module !== "undefined" && module.exports) {
    module.exports = { redirectTarget: redirectTarget };
  }
})();
