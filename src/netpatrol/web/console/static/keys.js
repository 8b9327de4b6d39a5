// Keyboard work in the console: j/k move through the queue, Enter opens, c claims,
// w warns, d dismisses, / goes to the search box, ? shows the keys. Without JavaScript
// every one of these is a link or a button on the page already.
(function () {
  "use strict";

  function rows() {
    return Array.prototype.slice.call(document.querySelectorAll("#clues tbody tr[data-clue-id]"));
  }

  function current() {
    return document.querySelector("#clues tbody tr.kb-current");
  }

  var chosen = null;

  function mark(row) {
    chosen = row ? row.dataset.clueId : null;
    var before = current();
    if (before) { before.classList.remove("kb-current"); before.removeAttribute("aria-selected"); }
    if (!row) { return; }
    row.classList.add("kb-current");
    row.setAttribute("aria-selected", "true");
    row.setAttribute("tabindex", "-1");
    row.focus({ preventScroll: true });
    row.scrollIntoView({ block: "nearest" });
  }

  function move(step) {
    var all = rows();
    if (!all.length) { return; }
    var at = all.indexOf(current());
    var next = at < 0 ? 0 : Math.min(Math.max(at + step, 0), all.length - 1);
    mark(all[next]);
  }

  function clueId() {
    var row = current();
    if (row) { return row.dataset.clueId; }
    var page = window.location.pathname.match(/^\/console\/clues\/(\d+)$/);
    return page ? page[1] : null;
  }

  function openDetails(form) {
    if (!form) { return false; }
    var details = form.closest("details");
    if (details) { details.open = true; }
    var field = form.querySelector("textarea, input:not([type=hidden]), select");
    (field || form).focus();
    form.scrollIntoView({ block: "center" });
    return true;
  }

  function claim() {
    var row = current();
    var button = row ? row.querySelector("button[hx-post$='/claim']") :
      document.querySelector("form[action$='/claim'] button");
    if (button) { button.click(); }
  }

  function act(kind) {
    var id = clueId();
    if (!id) { return; }
    if (current() || !/^\/console\/clues\/\d+$/.test(window.location.pathname)) {
      window.location.href = "/console/clues/" + id + "#" + kind;
      return;
    }
    var form = kind === "warn" ? document.getElementById("warning-form") :
      (document.querySelector("form[action$='/measures'] input[name=kind][value=dismissal]") || {}).form;
    if (!openDetails(form)) {
      var live = document.getElementById("live-warning");
      if (live) { live.scrollIntoView({ block: "center" }); live.classList.add("kb-flash"); }
    }
  }

  function help(show) {
    var box = document.getElementById("keys-help");
    if (!box) { return; }
    var open = show === undefined ? box.hidden : show;
    box.hidden = !open;
    if (open) { box.querySelector("button").focus(); }
  }

  function typing(target) {
    var tag = target && target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable);
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (event.key === "Escape") { help(false); return; }
    if (typing(event.target)) { return; }
    var handled = true;
    switch (event.key) {
      case "j": move(1); break;
      case "k": move(-1); break;
      case "Enter":
        // on the chosen row, or on nothing (a swapped row takes the focus with it): open it;
        // on a link or a button Enter keeps its own meaning
        if (current() && (event.target === current() || event.target === document.body)) {
          window.location.href = "/console/clues/" + clueId();
        } else { handled = false; }
        break;
      case "c": claim(); break;
      case "w": act("warn"); break;
      case "d": act("dismiss"); break;
      case "/": var box = document.getElementById("search-box"); if (box) { box.focus(); box.select(); } break;
      case "?": help(); break;
      default: handled = false;
    }
    if (handled) { event.preventDefault(); }
  });

  // a claim, or the live queue, swaps the row for its new state: the cursor stays on it
  function remark() {
    if (chosen && !current()) { mark(document.getElementById("clue-" + chosen)); }
  }
  ["htmx:load", "htmx:afterSettle", "netpatrol:row"].forEach(function (name) {
    document.addEventListener(name, remark);
  });

  document.addEventListener("DOMContentLoaded", function () {
    var close = document.querySelector("#keys-help button");
    if (close) { close.addEventListener("click", function () { help(false); }); }
    var opener = document.getElementById("keys-open");
    if (opener) { opener.addEventListener("click", function () { help(true); }); }
    if (window.location.hash === "#warn") { act("warn"); }
    if (window.location.hash === "#dismiss") { act("dismiss"); }
  });
})();
