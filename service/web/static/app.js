/* Passerelle: progress polling, and the segment editor's shortcuts and autosave. No framework. */
(function () {
  "use strict";
  var csrf = function () { var m = document.querySelector("main[data-csrf]"); return m ? m.dataset.csrf : ""; };

  /* Replace every [data-poll] element with a fresh copy every 2 s; it stops when the copy has none. */
  function poll() {
    var nodes = document.querySelectorAll("[data-poll]");
    nodes.forEach(function (node) {
      fetch(node.dataset.poll, { headers: { "x-requested-with": "fetch" }, credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.text() : null; })
        .then(function (html) {
          if (html === null || !node.isConnected) { return; }
          var holder = document.createElement(node.tagName === "TR" ? "tbody" : "div");
          holder.innerHTML = html.trim();
          var fresh = holder.firstElementChild;
          if (fresh) { node.replaceWith(fresh); }
        })
        .catch(function () { /* offline for a moment: try again at the next tick */ });
    });
    if (document.querySelector("[data-poll]")) { window.setTimeout(poll, 2000); }
  }
  if (document.querySelector("[data-poll]")) { window.setTimeout(poll, 2000); }

  /* A form sent back with errors: move focus to the summary so screen readers announce it first. */
  var summary = document.querySelector("[data-focus]");
  if (summary) { summary.focus(); }

  /* Segment editor: autosave (debounced), Ctrl+Enter confirm and next, Ctrl+Shift+S / D copy source / draft. */
  var list = document.querySelector("[data-editor]");
  if (list) {
    var base = list.dataset.editor;
    var timers = {};
    /* Each save carries the version the translator edited (If-Match): a segment saved meanwhile by
       someone else (or another tab) is not overwritten; the server answers 409 with its current text. */
    var versionOf = function (position) { return document.getElementById("version-" + position); };
    /* Active editing time per segment (the MT experiment's seconds per word): the time between two signs of
       activity on the segment being edited (focus, typing, clicks) counts; a pause over 2 minutes does not,
       nor does a hidden tab. What was measured goes with the segment's next save, and stays here if it fails. */
    var IDLE_MS = 120000;
    var clock = { position: null, last: 0 };
    var unsent = {};
    var mark = function (position) {
      var now = Date.now();
      if (clock.position === position && now - clock.last <= IDLE_MS) {
        unsent[position] = (unsent[position] || 0) + (now - clock.last);
      }
      clock.position = position;
      clock.last = now;
    };
    var stop = function () {
      if (clock.position !== null) { mark(clock.position); }
      clock.position = null;
    };
    var takeTime = function (position) {
      if (clock.position === position) { mark(position); }
      var ms = Math.min(unsent[position] || 0, 3600000);
      delete unsent[position];
      return ms;
    };
    var giveBack = function (position, ms) { if (ms) { unsent[position] = (unsent[position] || 0) + ms; } };
    var send = function (position, path, text) {
      var body = new URLSearchParams();
      body.set("final_text", text);
      var ms = takeTime(position);
      if (ms) { body.set("editing_seconds", (ms / 1000).toFixed(1)); }
      var headers = { "x-csrf-token": csrf(), "x-requested-with": "fetch" };
      var version = versionOf(position);
      if (version && version.value) { headers["If-Match"] = '"' + version.value + '"'; }
      return fetch(base + "/" + position + path, {
        method: "POST", credentials: "same-origin", body: body, headers: headers, keepalive: true
      }).catch(function (e) { giveBack(position, ms); throw e; }).then(function (r) {
        if (!r.ok) { giveBack(position, ms); }
        if (r.status === 401) { throw new Error("Session expirée : reconnectez-vous dans un autre onglet, puis réessayez."); }
        if (r.status === 409) {
          return r.json().catch(function () { return {}; }).then(function (problem) {
            if (problem.code === "segment_changed") { var e = new Error(problem.message); e.conflict = problem; throw e; }
            throw new Error("La révision n'est plus ouverte : rechargez la page.");
          });
        }
        if (!r.ok) { throw new Error(""); }
        return r.json();
      }).then(function (data) {
        if (version && data.version) { version.value = String(data.version); }
        return data;
      });
    };
    /* Show the text saved meanwhile beside the translator's own, and let them choose. */
    var showConflict = function (area, problem) {
      var position = area.dataset.position;
      var box = document.getElementById("conflict-" + position);
      if (!box) { return; }
      box.innerHTML = "";
      var p = document.createElement("p");
      p.textContent = problem.message;
      box.appendChild(p);
      if (problem.current_version) {
        var label = document.createElement("p");
        label.className = "col-title";
        label.textContent = "Texte enregistré entre-temps :";
        var current = document.createElement("blockquote");
        current.lang = area.lang;
        current.textContent = problem.current_text || "(vide)";
        var take = document.createElement("button");
        take.type = "button";
        take.className = "small";
        take.textContent = "Reprendre le texte enregistré";
        take.addEventListener("click", function () {
          versionOf(position).value = String(problem.current_version);
          area.value = problem.current_text || "";
          box.hidden = true;
          stateOf(position).textContent = "Texte enregistré repris";
        });
        var keep = document.createElement("button");
        keep.type = "button";
        keep.className = "small";
        keep.textContent = "Garder mon texte et l'enregistrer";
        keep.addEventListener("click", function () {
          versionOf(position).value = String(problem.current_version);
          box.hidden = true;
          save(area);
        });
        box.append(label, current, take, keep);
      }
      box.hidden = false;
    };
    var failed = function (area, fallback) {
      return function (e) {
        stateOf(area.dataset.position).textContent = e.conflict ? "Non enregistré : modifié entre-temps" : (e.message || fallback);
        if (e.conflict) { showConflict(area, e.conflict); }
      };
    };
    var stateOf = function (position) { return document.getElementById("state-" + position); };
    var showIssues = function (data) {
      var ul = document.getElementById("qa-" + data.position);
      if (!ul) { return; }
      ul.innerHTML = "";
      data.issues.forEach(function (issue) {
        var li = document.createElement("li");
        li.className = issue.justified || !issue.blocking ? "qa-warning" : "qa-error";
        li.textContent = issue.message;
        ul.appendChild(li);
      });
    };
    var refreshCount = function () {
      var n = document.querySelectorAll(".segment.confirmed").length;
      var counter = document.getElementById("nb-valides");
      if (counter) { counter.textContent = String(n); }
    };
    var save = function (area) {
      var position = area.dataset.position;
      window.clearTimeout(timers[position]);
      delete timers[position];
      stateOf(position).textContent = "Enregistrement…";
      return send(position, "", area.value).then(function (data) {
        area.closest(".segment").classList.toggle("confirmed", data.status === "confirmed");
        stateOf(position).textContent = "Enregistré";
        showIssues(data);
        refreshCount();
      }).catch(failed(area, "Échec de l'enregistrement : réessayez."));
    };
    var confirmAndNext = function (area) {
      var position = area.dataset.position;
      window.clearTimeout(timers[position]);
      delete timers[position];
      stateOf(position).textContent = "Validation…";
      send(position, "/valider", area.value).then(function (data) {
        var item = area.closest(".segment");
        item.classList.add("confirmed");
        stateOf(position).textContent = "Validé";
        showIssues(data);
        refreshCount();
        var next = item.nextElementSibling && item.nextElementSibling.querySelector("textarea");
        if (next) { next.focus(); }
      }).catch(failed(area, "Échec de la validation : réessayez."));
    };
    var copyFrom = function (area, prefix) {
      var source = document.getElementById(prefix + area.dataset.position);
      if (!source || source.dataset.empty) { return; }
      area.value = source.textContent.trim();
      area.dispatchEvent(new Event("input", { bubbles: true }));
    };
    /* Time spent on a segment and left without a change is saved on its own (the text saved is the same). */
    var flushTime = function (area) {
      var position = area.dataset.position;
      if (timers[position] || (unsent[position] || 0) < 1000) { return; }
      send(position, "", area.value).catch(function () { /* kept in unsent: it goes with the next save */ });
    };
    ["keydown", "mousedown", "input"].forEach(function (kind) {
      list.addEventListener(kind, function (event) {
        if (event.target.tagName === "TEXTAREA") { mark(event.target.dataset.position); }
      });
    });
    list.addEventListener("focusout", function (event) {
      var area = event.target;
      if (area.tagName !== "TEXTAREA") { return; }
      if (clock.position === area.dataset.position) { stop(); }
      flushTime(area);
    });
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") { stop(); }
    });
    list.addEventListener("input", function (event) {
      var area = event.target;
      if (area.tagName !== "TEXTAREA") { return; }
      var position = area.dataset.position;
      stateOf(position).textContent = "Modifié";
      area.closest(".segment").classList.remove("confirmed");
      window.clearTimeout(timers[position]);
      timers[position] = window.setTimeout(function () { save(area); }, 800);
    });
    list.addEventListener("focusin", function (event) {
      document.querySelectorAll(".segment.active").forEach(function (n) { n.classList.remove("active"); });
      var item = event.target.closest(".segment");
      if (item) { item.classList.add("active"); }
      if (event.target.tagName === "TEXTAREA") { mark(event.target.dataset.position); }
    });
    list.addEventListener("keydown", function (event) {
      var area = event.target;
      if (area.tagName !== "TEXTAREA" || !(event.ctrlKey || event.metaKey)) { return; }
      var key = event.key.toLowerCase();
      if (key === "enter") { event.preventDefault(); confirmAndNext(area); }
      else if (event.shiftKey && key === "s") { event.preventDefault(); copyFrom(area, "src-"); }
      else if (event.shiftKey && key === "d") { event.preventDefault(); copyFrom(area, "draft-"); }
    });
    list.addEventListener("submit", function (event) {
      var area = event.target.querySelector("textarea");
      if (area) { event.preventDefault(); confirmAndNext(area); }
    });
    /* Leaving the page with an unsaved edit: save it first. */
    window.addEventListener("beforeunload", function () {
      stop();
      Object.keys(timers).forEach(function (position) {
        var area = document.getElementById("final-" + position);
        if (area) { save(area); }
      });
      Object.keys(unsent).forEach(function (position) {
        var area = document.getElementById("final-" + position);
        if (area) { flushTime(area); }
      });
    });
  }

  /* Data tables reflow on small screens (app.css): each cell carries its column's header as data-label.
     Explicit roles keep them tables for screen readers once CSS turns them into blocks. Rows replaced
     by the progress polling are labelled again. */
  function labelTables() {
    document.querySelectorAll("table.data").forEach(function (table) {
      var heads = [];
      var headRow = table.tHead && table.tHead.rows[table.tHead.rows.length - 1];
      if (!headRow) { return; }
      Array.prototype.forEach.call(headRow.cells, function (cell) {
        for (var i = 0; i < (cell.colSpan || 1); i++) { heads.push(cell.textContent.trim()); }
      });
      table.setAttribute("role", "table");
      Array.prototype.forEach.call(table.querySelectorAll("tr"), function (row) {
        row.setAttribute("role", "row");
        var column = 0;
        Array.prototype.forEach.call(row.cells, function (cell) {
          var inHead = cell.parentElement.parentElement === table.tHead;
          cell.setAttribute("role", inHead ? "columnheader" : (cell.tagName === "TH" ? "rowheader" : "cell"));
          if (!inHead && heads[column] && !cell.hasAttribute("data-label")) { cell.dataset.label = heads[column]; }
          column += cell.colSpan || 1;
        });
      });
      Array.prototype.forEach.call(table.children, function (part) {
        if (part.tagName !== "CAPTION" && part.tagName !== "COLGROUP") { part.setAttribute("role", "rowgroup"); }
      });
    });
  }
  labelTables();
  if (window.MutationObserver && document.querySelector("table.data")) {
    new MutationObserver(function (changes) {
      if (changes.some(function (c) { return c.addedNodes.length; })) { labelTables(); }
    }).observe(document.querySelector("main") || document.body, { childList: true, subtree: true });
  }

  /* The original beside the segments: the current segment's page is shown with its box framed; the view
     follows the cursor (focus or click on a segment) and zooms (buttons, or Ctrl+Alt+plus / minus). */
  var view = document.getElementById("page-view");
  if (view) {
    var image = document.getElementById("page-image");
    var frame = document.getElementById("page-frame");
    var scroller = document.getElementById("page-scroll");
    var box = document.getElementById("page-box");
    var zoomLabel = document.getElementById("page-zoom");
    var pages = view.dataset.pages.split(",");
    var zoom = 1;
    var current = null;
    var showPage = function (number) {
      if (pages.indexOf(String(number)) < 0) { return false; }
      var src = view.dataset.image + number + "/image";
      if (image.getAttribute("src") !== src) {
        image.setAttribute("src", src);
        image.alt = "Page " + number + " du document d'origine";
        document.getElementById("page-label").textContent = "page " + number;
      }
      return true;
    };
    var frameSegment = function (item) {
      current = item;
      var shown = showPage(item.dataset.page);
      if (!shown || !item.dataset.bbox) { box.hidden = true; return; }
      var b = item.dataset.bbox.split(",").map(Number);
      box.style.left = (b[0] * 100) + "%";
      box.style.top = (b[1] * 100) + "%";
      box.style.width = ((b[2] - b[0]) * 100) + "%";
      box.style.height = ((b[3] - b[1]) * 100) + "%";
      box.hidden = false;
      box.dataset.position = item.dataset.position;
      /* Keep the box in sight, a third down the visible part of the page. */
      var top = b[1] * frame.offsetHeight, left = b[0] * frame.offsetWidth;
      scroller.scrollTop = Math.max(0, top - scroller.clientHeight / 3);
      scroller.scrollLeft = Math.max(0, left - scroller.clientWidth / 6);
    };
    var setZoom = function (value) {
      zoom = Math.min(4, Math.max(0.5, value));
      frame.style.width = (zoom * 100) + "%";
      zoomLabel.textContent = Math.round(zoom * 100) + " %";
      if (current) { frameSegment(current); }
    };
    view.addEventListener("click", function (event) {
      var button = event.target.closest("[data-zoom]");
      if (!button) { return; }
      var how = button.dataset.zoom;
      setZoom(how === "in" ? zoom * 1.25 : how === "out" ? zoom / 1.25 : 1);
    });
    document.addEventListener("keydown", function (event) {
      if (!(event.ctrlKey && event.altKey)) { return; }
      if (event.key === "+" || event.key === "=") { event.preventDefault(); setZoom(zoom * 1.25); }
      else if (event.key === "-") { event.preventDefault(); setZoom(zoom / 1.25); }
    });
    var segmentsList = document.getElementById("segments");
    var follow = function (event) {
      var item = event.target.closest && event.target.closest(".segment");
      if (item && item !== current) { frameSegment(item); }
    };
    segmentsList.addEventListener("focusin", follow);
    segmentsList.addEventListener("click", follow);
    image.addEventListener("load", function () { if (current) { frameSegment(current); } });
    var first = segmentsList.querySelector(".segment");
    if (first) { frameSegment(first); }
  }

  /* Page picker: thumbnails of the chosen file's pages; ticking them writes the "pages" field (1,3-4). */
  function pagePicker() {
    var box = document.getElementById("vignettes");
    var input = document.getElementById("file");
    var field = document.getElementById("pages");
    if (!box || !input || !field) { return; }
    function written(numbers) {
      var runs = [];
      numbers.forEach(function (n) {
        var last = runs[runs.length - 1];
        if (last && n === last[1] + 1) { last[1] = n; } else { runs.push([n, n]); }
      });
      return runs.map(function (r) { return r[0] === r[1] ? String(r[0]) : r[0] + "-" + r[1]; }).join(",");
    }
    function update() {
      var ticked = [];
      box.querySelectorAll("input[type=checkbox]").forEach(function (c) { if (c.checked) { ticked.push(+c.value); } });
      var all = box.querySelectorAll("input[type=checkbox]").length;
      field.value = ticked.length === all ? "" : written(ticked);
    }
    input.addEventListener("change", function () {
      box.textContent = "";
      if (!input.files || !input.files[0]) { return; }
      var data = new FormData();
      data.append("file", input.files[0]);
      box.textContent = "Affichage des pages…";
      fetch(box.dataset.preview, { method: "POST", body: data, credentials: "same-origin",
                                   headers: { "x-csrf-token": csrf(), "x-requested-with": "fetch" } })
        .then(function (r) { return r.json(); })
        .then(function (body) {
          box.textContent = "";
          if (body.error) { box.textContent = body.error; return; }
          if (body.page_count < 2) { return; }
          var legend = document.createElement("p");
          legend.className = "hint";
          legend.textContent = body.page_count + " pages : décochez celles qu'il n'est pas utile de traduire.";
          box.appendChild(legend);
          body.thumbnails.forEach(function (src, i) {
            var label = document.createElement("label");
            label.className = "thumbnail";
            var box2 = document.createElement("input");
            box2.type = "checkbox"; box2.value = String(i + 1); box2.checked = true;
            box2.addEventListener("change", update);
            var img = document.createElement("img");
            img.src = src; img.alt = "Page " + (i + 1);
            label.appendChild(box2); label.appendChild(img);
            label.appendChild(document.createTextNode(" Page " + (i + 1)));
            box.appendChild(label);
          });
        })
        .catch(function () { box.textContent = "Les pages ne peuvent pas être affichées ; indiquez-les à la main."; });
    });
  }
  pagePicker();

  window.Passerelle = { csrf: csrf };
})();
