// kheo default theme: small conveniences on top of pages that work without
// JavaScript — today's date line, the text-size control, the print button.
// (The menu folds on phones with <details> and CSS alone.)
(function () {
  "use strict";
  var root = document.documentElement;
  var KEY = "kheo-text-size";
  var SIZES = [0.9, 1, 1.15, 1.3, 1.5];

  function applySize(step) {
    var i = Math.max(0, Math.min(SIZES.length - 1, step));
    root.style.setProperty("--text-scale", String(SIZES[i]));
    return i;
  }

  var stored = 1;
  try {
    var saved = window.localStorage.getItem(KEY);
    if (saved !== null && !isNaN(parseInt(saved, 10))) stored = parseInt(saved, 10);
  } catch (e) { /* storage may be disabled */ }
  var current = applySize(stored);

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function todayLine(el) {
    var days = (el.getAttribute("data-weekdays") || "").split("|");
    var months = (el.getAttribute("data-months") || "").split("|");
    var pattern = el.getAttribute("data-pattern") || "";
    if (days.length !== 7 || months.length !== 12 || !pattern) return;
    var d = new Date();
    var values = {
      weekday: days[(d.getDay() + 6) % 7],
      day: String(d.getDate()),
      dd: pad(d.getDate()),
      month: months[d.getMonth()],
      m: String(d.getMonth() + 1),
      mm: pad(d.getMonth() + 1),
      yyyy: String(d.getFullYear()),
      HH: pad(d.getHours()),
      MM: pad(d.getMinutes())
    };
    el.textContent = pattern.replace(/\{(\w+)\}/g, function (all, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? values[key] : all;
    });
    el.hidden = false;
  }

  function loadMatomo(el) {
    var url = el.getAttribute("data-url");
    var site = el.getAttribute("data-site");
    if (!url || !site) return;
    var q = (window._paq = window._paq || []);
    q.push(["trackPageView"], ["enableLinkTracking"], ["setTrackerUrl", url + "matomo.php"], ["setSiteId", site]);
    var s = document.createElement("script");
    s.async = true;
    s.src = url + "matomo.js";
    document.head.appendChild(s);
  }

  function ready() {
    var today = document.querySelector(".today");
    if (today) todayLine(today);

    var sizes = document.querySelector(".text-size");
    if (sizes) {
      sizes.hidden = false;
      sizes.addEventListener("click", function (ev) {
        var b = ev.target.closest("button[data-size]");
        if (!b) return;
        var delta = parseInt(b.getAttribute("data-size"), 10);
        current = applySize(delta === 0 ? 1 : current + delta);
        try { window.localStorage.setItem(KEY, String(current)); } catch (e) { /* ignore */ }
      });
    }

    // Browsers that cannot show a closed <details>' content by CSS get the
    // menu opened on wide screens instead (the stylesheet keeps its button).
    var menu = document.querySelector(".main-menu details");
    var wide = window.matchMedia && window.matchMedia("(min-width: 48rem)");
    var supported = window.CSS && CSS.supports && CSS.supports("selector(::details-content)");
    if (menu && wide && !supported && wide.matches) menu.open = true;

    var print = document.querySelector(".print-button");
    if (print) {
      print.hidden = false;
      print.addEventListener("click", function () { window.print(); });
    }

    var matomo = document.getElementById("kheo-matomo");
    if (matomo) loadMatomo(matomo);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
