// kheo serve: reloads this page when a rebuild changes it, swaps stylesheets
// in place when only CSS changed, and shows the build's errors over the page
// until they are fixed. Added to pages by the preview server only, never to
// a built site.
(function () {
  "use strict";
  if (!window.EventSource) return;
  var OVERLAY_ID = "kheo-errors";
  var here = decodeURIComponent(location.pathname);

  function overlay(text) {
    var box = document.getElementById(OVERLAY_ID);
    if (!box) {
      box = document.createElement("div");
      box.id = OVERLAY_ID;
      box.setAttribute("role", "alertdialog");
      box.setAttribute("aria-label", "kheo: lỗi khi dựng trang / build errors");
      box.style.cssText =
        "position:fixed;inset:1rem;z-index:2147483647;overflow:auto;margin:0;" +
        "padding:1.25rem 1.5rem;background:#fff8f6;color:#3b0a05;" +
        "border:3px solid #b3261e;border-radius:8px;box-shadow:0 8px 32px rgba(0,0,0,.35);" +
        "font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;white-space:pre-wrap";
      var head = document.createElement("p");
      head.style.cssText = "margin:0 0 .75rem;font-weight:700;font-family:system-ui,sans-serif;font-size:16px";
      head.textContent = "Trang chưa được dựng lại vì có lỗi — The site was not rebuilt: fix these and save";
      var body = document.createElement("div");
      body.className = "kheo-errors-text";
      box.appendChild(head);
      box.appendChild(body);
      document.body.appendChild(box);
    }
    box.querySelector(".kheo-errors-text").textContent = text;
  }

  function clearOverlay() {
    var box = document.getElementById(OVERLAY_ID);
    if (box) box.parentNode.removeChild(box);
  }

  function swapStyles(urls) {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    urls.forEach(function (url) {
      var file = url.split("?")[0];
      for (var i = 0; i < links.length; i++) {
        if (links[i].getAttribute("href").split("?")[0] === file) {
          links[i].setAttribute("href", url);
        }
      }
    });
  }

  var source = new EventSource("/__kheo/events");
  source.addEventListener("errors", function (e) {
    overlay(e.data);
  });
  source.addEventListener("ok", function () {
    clearOverlay();
  });
  source.addEventListener("reload", function (e) {
    var changed = e.data.split("\n");
    if (changed.indexOf("*") >= 0 || changed.indexOf(here) >= 0) {
      location.reload();
    } else {
      clearOverlay();
    }
  });
  source.addEventListener("styles", function (e) {
    clearOverlay();
    swapStyles(e.data.split("\n"));
  });
})();
