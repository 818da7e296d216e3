// cable: the web UI's one script. The pages work without it; it adds
// keyboard shortcuts (inboxKeys), and two things to the compose form:
//
//  1. Live checks. As the drafter types, the form is posted to
//     /compose/check (at most once per pause in typing) and the answer, an
//     HTML fragment rendered by the server, replaces the checks panel:
//     the banner roll-up, every release-check finding with its line and
//     column, and the canonical telegram preview.
//  2. Adding a row (addressee, paragraph, action) without reloading the
//     page, by copying the last row. Without the script the same buttons
//     post the form and the server adds the row.
//  3. Autosave (autosave): the changed form is saved as the server's
//     draft every data-autosave-ms and when the drafter leaves the page;
//     nothing is kept in the browser.
(function () {
  "use strict";

  var DEBOUNCE_MS = 350;

  function liveChecks(form) {
    var panel = document.getElementById("checks");
    var status = document.getElementById("check-status");
    if (!panel) return;
    // say tells screen readers the outcome of a check, in a live region
    // that stays in place while the panel is replaced.
    function say(text) {
      if (status) status.textContent = text;
    }
    var timer = null, sent = 0, shown = 0;
    function run() {
      var n = ++sent;
      var body = new URLSearchParams(new FormData(form));
      body.delete("import");
      body.delete("op");
      panel.setAttribute("aria-busy", "true");
      fetch("/compose/check", {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "Content-Type": "application/x-www-form-urlencoded" }
      }).then(function (r) {
        // A session that has ended answers with the login page.
        if (r.redirected) throw new Error("session");
        if (!r.ok) throw new Error("check: " + r.status);
        return r.text();
      }).then(function (html) {
        if (n < shown) return; // an older answer arriving late
        shown = n;
        panel.innerHTML = html;
        panel.setAttribute("data-checked", String(n));
        markFields(form, panel);
        var summary = document.getElementById("check-summary");
        if (summary) say(summary.textContent.replace(/\s+/g, " ").trim());
      }).catch(function (err) {
        // Keep the last checks; the next keystroke tries again.
        if (err.message === "session") say("Checks paused: your session has ended. Log in again in another tab, then keep typing.");
      }).finally(function () {
        if (n === sent) panel.removeAttribute("aria-busy");
      });
    }
    function later() {
      clearTimeout(timer);
      timer = setTimeout(run, DEBOUNCE_MS);
    }
    form.addEventListener("input", function (e) {
      if (e.target && e.target.name === "import") return;
      later();
    });
    form.addEventListener("change", later);
  }

  // autosave saves the form as a draft at the form's data-autosave while
  // it has changes: every data-autosave-ms, and when the page is hidden
  // or left (keepalive lets that last request outlive the page). The
  // first save of a new cable creates its draft; the page then moves to
  // the draft's address, so that a reload shows what was saved. One save
  // at a time, so that a new cable is not created twice.
  function autosave(form) {
    var status = document.getElementById("autosave-status");
    var dirty = false, busy = false, leaving = false;
    function save(last) {
      var url = form.getAttribute("data-autosave");
      // Leaving, a draft's save goes even while another is in flight
      // (each holds the whole form); a new cable's would create a
      // second draft.
      if (!dirty || !url || (busy && !(last && url !== "/drafts/autosave"))) return;
      var body = new URLSearchParams(new FormData(form));
      body.delete("import");
      body.delete("op");
      dirty = false;
      busy = true;
      fetch(url, {
        method: "POST", body: body, credentials: "same-origin", keepalive: !!last,
        headers: { "Content-Type": "application/x-www-form-urlencoded" }
      }).then(function (r) {
        if (r.redirected) throw new Error("Not saved: your session has ended. Log in again in another tab.");
        return r.json().then(function (a) {
          if (!r.ok) throw new Error("Not saved: " + (a.error || r.status));
          return a;
        });
      }).then(function (a) {
        if (form.getAttribute("data-autosave") === "/drafts/autosave") {
          form.action = a.url;
          form.setAttribute("data-autosave", a.url + "/autosave");
          history.replaceState(null, "", a.url);
          var b = document.getElementById("save");
          if (b) b.textContent = "Save changes";
        }
        if (status) status.textContent = "Saved " + a.saved + " UTC";
      }).catch(function (err) {
        dirty = true;
        if (status) status.textContent = err.message.indexOf("Not saved") === 0 ? err.message : "Not saved: the server did not answer.";
      }).finally(function () {
        busy = false;
      });
    }
    function changed(e) {
      if (e.target && e.target.name === "import") return;
      dirty = true;
    }
    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    form.addEventListener("submit", function () { leaving = true; });
    var every = parseInt(form.getAttribute("data-autosave-ms"), 10);
    if (every > 0) setInterval(function () { save(false); }, every);
    function away() { if (!leaving) save(true); }
    window.addEventListener("pagehide", away);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") away();
    });
  }

  // markFields ties the findings of the checks panel to their fields:
  // each field a finding names is marked aria-invalid and described by
  // the message, written beside it; fields no longer named are cleared.
  // The page banner follows the roll-up of what the form holds.
  function markFields(form, panel) {
    form.querySelectorAll(".field-error").forEach(function (el) { el.remove(); });
    form.querySelectorAll("[aria-invalid]").forEach(function (el) {
      el.removeAttribute("aria-invalid");
      el.removeAttribute("aria-describedby");
    });
    var msgs = {};
    panel.querySelectorAll("li[data-anchor]").forEach(function (li) {
      var id = li.getAttribute("data-anchor");
      var text = li.textContent.replace(/\s+/g, " ").trim().replace(/^\d+:\d+\s*/, "");
      (msgs[id] = msgs[id] || []).push(text);
    });
    Object.keys(msgs).forEach(function (id) {
      var field = document.getElementById(id);
      if (!field || !form.contains(field)) return;
      var note = document.createElement("p");
      note.className = "field-error";
      note.id = "err-" + id;
      note.textContent = msgs[id].join("; ");
      field.insertAdjacentElement("afterend", note);
      field.setAttribute("aria-invalid", "true");
      field.setAttribute("aria-describedby", note.id);
    });
    var pb = document.getElementById("check-page-banner");
    if (!pb || !pb.dataset.banner) return;
    ["banner-top", "banner-bottom"].forEach(function (id) {
      var b = document.querySelector("#" + id + " .banner");
      if (!b) return;
      b.className = "banner " + pb.dataset.class;
      b.lastChild.textContent = pb.dataset.banner;
    });
  }

  // renumber rewrites the row index in a copied row's ids, label targets
  // and names shown to people: para-2-mark becomes para-3-mark.
  function renumber(row, i) {
    row.querySelectorAll("[id]").forEach(function (el) {
      el.id = el.id.replace(/-\d+-/, "-" + i + "-");
    });
    row.querySelectorAll("label[for]").forEach(function (el) {
      el.htmlFor = el.htmlFor.replace(/-\d+-/, "-" + i + "-");
    });
    row.querySelectorAll("[data-n]").forEach(function (el) {
      el.textContent = String(i + 1);
    });
  }

  function addRow(button) {
    var list = document.querySelector('[data-rows="' + button.getAttribute("data-add") + '"]');
    if (!list) return false;
    var rows = list.querySelectorAll(".rowitem");
    if (rows.length === 0) return false;
    var copy = rows[rows.length - 1].cloneNode(true);
    copy.querySelectorAll("input, textarea").forEach(function (el) {
      if (el.type !== "hidden") el.value = "";
    });
    renumber(copy, rows.length);
    list.appendChild(copy);
    var first = copy.querySelector("input, textarea, select");
    if (first) first.focus();
    return true;
  }

  // Keys, as in a mail client (issue 17): j and k move through the
  // inbox's rows, o or Enter opens the current one, a acknowledges it,
  // / goes to search, g then i to the inbox, ? lists the keys. Keys typed
  // in a field, or with a modifier, are the field's.
  var KEYS = [["j / k", "next / previous copy in the inbox"], ["o or Enter", "open the current copy"],
    ["a", "acknowledge the current copy"], ["/", "search"], ["g then i", "go to the inbox"], ["?", "show or hide this list"]];

  function keyHelp() {
    var box = document.getElementById("key-help");
    if (box) {
      box.hidden = !box.hidden;
      return;
    }
    box = document.createElement("section");
    box.id = "key-help";
    box.className = "key-help";
    box.setAttribute("role", "dialog");
    box.setAttribute("aria-label", "Keyboard shortcuts");
    var h = document.createElement("h2");
    h.textContent = "Keyboard shortcuts";
    box.appendChild(h);
    var dl = document.createElement("dl");
    KEYS.forEach(function (k) {
      var dt = document.createElement("dt"), dd = document.createElement("dd");
      dt.textContent = k[0];
      dd.textContent = k[1];
      dl.appendChild(dt);
      dl.appendChild(dd);
    });
    box.appendChild(dl);
    document.getElementById("main").prepend(box);
  }

  function inboxKeys() {
    var rows = function () { return Array.prototype.slice.call(document.querySelectorAll("table.inbox tbody tr[data-cable]")); };
    var current = -1, pendingG = false;
    function move(i) {
      var rs = rows();
      if (rs.length === 0) return;
      current = Math.max(0, Math.min(rs.length - 1, i));
      rs.forEach(function (r, n) { r.classList.toggle("current", n === current); });
      var link = rs[current].querySelector("a.open");
      if (link) link.focus();
    }
    document.addEventListener("keydown", function (e) {
      var t = e.target;
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
      var rs = rows(), row = rs[current];
      if (pendingG) {
        pendingG = false;
        if (e.key === "i") { window.location.href = "/"; e.preventDefault(); }
        return;
      }
      switch (e.key) {
      case "j": move(current + 1); break;
      case "k": move(current - 1); break;
      case "o": if (row) { window.location.href = row.querySelector("a.open").href; } break;
      case "Enter": if (row && t === document.body) { window.location.href = row.querySelector("a.open").href; } else return; break;
      case "a": if (row && row.querySelector("button.ack")) row.querySelector("button.ack").click(); break;
      case "/":
        var q = document.getElementById("q");
        if (q) q.focus(); else window.location.href = "/search";
        break;
      case "g": pendingG = true; break;
      case "?": keyHelp(); break;
      default: return;
      }
      e.preventDefault();
    });
  }

  // copyCitation offers the cable page's citation (id, DTG, subject, the
  // reader's banner) to the clipboard, where the browser allows it.
  function copyCitation() {
    var b = document.getElementById("copy-citation");
    if (!b || !navigator.clipboard) return;
    b.hidden = false;
    b.addEventListener("click", function () {
      var status = document.getElementById("citation-status");
      navigator.clipboard.writeText(b.getAttribute("data-citation")).then(function () {
        if (status) status.textContent = "Copied.";
      }, function () {
        if (status) status.textContent = "The browser refused the clipboard.";
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    inboxKeys();
    copyCitation();
    var form = document.getElementById("compose");
    if (form && form.hasAttribute("data-live")) liveChecks(form);
    if (form && form.getAttribute("data-autosave")) autosave(form);
    document.querySelectorAll("button[data-add]").forEach(function (b) {
      b.addEventListener("click", function (e) {
        if (addRow(b)) e.preventDefault();
      });
    });
  });
})();
