// The live queue: listens to /console/live (server-sent events) and puts arriving or
// changed clues into the table without a reload, keeps the tab and approval counts
// current, and, when the officer opted in, raises a desktop notification for a new
// critical clue or for approvals waiting. Without JavaScript the page is the same queue,
// current as of its loading.
(function () {
  "use strict";

  var RANK = { low: 0, medium: 1, high: 2, critical: 3 };
  var status, arrived = 0, approvals = null;

  function say(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, k) { return values[k]; });
  }

  function notify(text) {
    if (!("Notification" in window) || Notification.permission !== "granted") { return; }
    if (localStorage.getItem("np-notify") !== "on") { return; }
    new Notification(text, { tag: "netpatrol-" + text });
  }

  function severityOf(row) {
    var badge = row && row.querySelector(".badge[class*='sev-']");
    if (!badge) { return -1; }
    var match = badge.className.match(/sev-(\w+)/);
    return match ? RANK[match[1]] : -1;
  }

  function showStatus() {
    if (!status || !arrived) { return; }
    status.hidden = false;
    status.querySelector(".count").textContent = arrived;
  }

  function putRow(event) {
    var body = document.querySelector("#clues tbody");
    return fetch("/console/clues/" + event.clue_id + "/row", { credentials: "same-origin" })
      .then(function (answer) { return answer.ok ? answer.text() : ""; })
      .then(function (html) {
        if (!html || !body) { return; }
        var holder = document.createElement("tbody");
        holder.innerHTML = html.trim();
        var row = holder.querySelector("tr");
        if (!row) { return; }
        var before = document.getElementById("clue-" + event.clue_id);
        var rose = event.change === "rose" || (before && severityOf(row) > severityOf(before));
        row.classList.add("live-" + (rose ? "rose" : event.change));
        if (before) {
          before.replaceWith(row);
        } else if (event.change === "arrived") {
          body.insertBefore(row, body.firstChild);
        } else {
          return;
        }
        if (window.htmx) { window.htmx.process(row); }
        document.dispatchEvent(new CustomEvent("netpatrol:row", { detail: event }));
      });
  }

  function onClue(message) {
    var event = JSON.parse(message.data);
    if (event.change === "arrived") {
      arrived += 1;
      showStatus();
      if (event.severity === "critical") {
        notify(say(status.dataset.critical, { id: event.clue_id }));
      }
    }
    putRow(event);
  }

  function onCounts(message) {
    var counts = JSON.parse(message.data);
    Object.keys(counts).forEach(function (key) {
      var el = document.querySelector("[data-tab='" + key + "'] .count");
      if (el) { el.textContent = counts[key]; }
    });
    var badge = document.getElementById("approvals-badge");
    if (badge) {
      badge.textContent = counts.approvals;
      badge.dataset.count = counts.approvals;
      badge.hidden = !counts.approvals;
    }
    if (approvals !== null && counts.approvals > approvals) {
      notify(say(status.dataset.approvals, { n: counts.approvals }));
    }
    approvals = counts.approvals;
  }

  function optIn() {
    var button = document.getElementById("notify-opt-in");
    if (!button || !("Notification" in window)) { return; }
    button.hidden = false;
    var on = localStorage.getItem("np-notify") === "on" && Notification.permission === "granted";
    button.setAttribute("aria-pressed", on ? "true" : "false");
    button.addEventListener("click", function () {
      if (button.getAttribute("aria-pressed") === "true") {
        localStorage.setItem("np-notify", "off");
        button.setAttribute("aria-pressed", "false");
        return;
      }
      Notification.requestPermission().then(function (answer) {
        var granted = answer === "granted";
        localStorage.setItem("np-notify", granted ? "on" : "off");
        button.setAttribute("aria-pressed", granted ? "true" : "false");
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    status = document.getElementById("live-status");
    if (!status || !window.EventSource) { return; }
    optIn();
    // the tab counts follow the page's filters, as the page itself counts them
    var wanted = new URLSearchParams(window.location.search), kept = new URLSearchParams();
    ["status", "category", "platform"].forEach(function (key) {
      if (wanted.get(key)) { kept.set(key, wanted.get(key)); }
    });
    var source = new EventSource("/console/live" + (kept.toString() ? "?" + kept : ""));
    source.addEventListener("clue", onClue);
    source.addEventListener("counts", onCounts);
    source.addEventListener("open", function () { status.dataset.connected = "true"; });
    window.addEventListener("pagehide", function () { source.close(); });
  });
})();
