/* acctbench report: sortable tables and the per-item drill-down.
   Data comes only from the JSON block; every piece of it reaches the page through
   textContent or a form control's value, never as markup. */
(function () {
  "use strict";

  /* ---------- sortable tables ---------- */
  function cellValue(cell, type) {
    var raw = cell && cell.dataset.v !== undefined ? cell.dataset.v : (cell ? cell.textContent.trim() : "");
    if (type === "num") {
      var v = parseFloat(raw);
      return isNaN(v) ? null : v;
    }
    return String(raw).toLowerCase();
  }

  function sortBy(th) {
    var table = th.closest("table");
    var index = Array.prototype.indexOf.call(th.parentNode.children, th);
    var type = th.dataset.type || "text";
    var current = th.getAttribute("aria-sort");
    var dir = current === "descending" ? "ascending" : current === "ascending" ? "descending"
      : (type === "num" ? "descending" : "ascending");
    table.querySelectorAll("thead th").forEach(function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", dir);
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = cellValue(a.cells[index], type), y = cellValue(b.cells[index], type);
      if (x === null || y === null) { return x === y ? 0 : (x === null ? 1 : -1); }
      var c = x < y ? -1 : (x > y ? 1 : 0);
      return dir === "ascending" ? c : -c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }

  document.querySelectorAll("table.sortable thead th").forEach(function (th) {
    th.tabIndex = 0;
    th.title = "Sort by this column";
    th.addEventListener("click", function () { sortBy(th); });
    th.addEventListener("keydown", function (e) {
      if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sortBy(th); }
    });
  });

  /* ---------- drill-down ---------- */
  var D = JSON.parse(document.getElementById("report-data").textContent);
  var PAGE = 20;
  var PREVIEW = 1200;
  var state = { suite: "", type: "", category: "", flipped: false, noanswer: false, query: "", exact: null, page: 0 };
  var hay = null;
  var list = document.getElementById("drill-cases");
  var count = document.getElementById("drill-count");

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function fmt(v) { return v === null || v === undefined ? "n/a" : Number(v).toFixed(3); }
  function num(n) { return Number(n).toLocaleString("en-US"); }

  function haystack(c) {
    var item = D.items[c.i];
    var parts = [item.id, item.q || "", item.ra || "", item.gold || ""];
    c.r.forEach(function (r) { if (r) { parts.push(r.c, r.a || ""); } });
    return parts.join("\n").toLowerCase();
  }

  function matches(c, index) {
    var item = D.items[c.i];
    if (state.exact) { return item.id === state.exact.id && c.k === state.exact.sample; }
    if (state.suite && item.suite !== state.suite) { return false; }
    if (state.type && item.type !== state.type) { return false; }
    if (state.category && item.category !== state.category) { return false; }
    if (state.flipped && !c.fl.some(function (f) { return f !== 0; })) { return false; }
    if (state.noanswer && !c.na) { return false; }
    if (state.query) {
      if (hay === null) { hay = D.cases.map(haystack); }
      return hay[index].indexOf(state.query) !== -1;
    }
    return true;
  }

  function statusTag(status) {
    var s = status === null || status === undefined ? "none" : status;
    return el("span", "status " + s, s === "none" ? "no gold" : s.replace("_", " "));
  }

  function textBlock(text) {
    var wrap = el("div", "completion");
    var pre = el("pre", "text");
    var long = text.length > PREVIEW;
    pre.textContent = long ? text.slice(0, PREVIEW) + " …" : text;
    wrap.appendChild(pre);
    if (long) {
      var more = "Show all " + num(text.length) + " characters";
      var btn = el("button", "expand", more);
      btn.type = "button";
      btn.addEventListener("click", function () {
        var open = btn.dataset.open === "1";
        pre.textContent = open ? text.slice(0, PREVIEW) + " …" : text;
        btn.dataset.open = open ? "0" : "1";
        btn.textContent = open ? more : "Show less";
      });
      wrap.appendChild(btn);
    }
    return wrap;
  }

  function systemColumn(c, r, s) {
    var col = el("section", "sys");
    col.style.borderTopColor = D.colors[s];
    col.appendChild(el("h5", null, D.systems[s] + (s === D.baseline ? " (baseline)" : "")));
    if (!r) {
      col.appendChild(el("p", "missing", "Not in this run."));
      return col;
    }
    var meta = el("div", "meta");
    meta.appendChild(el("span", null, "total " + fmt(r.t)));
    meta.appendChild(statusTag(r.st));
    meta.appendChild(el("span", null, r.fv ? "format ✓" : "format ✗"));
    if (c.fl[s] > 0) { meta.appendChild(el("span", "tag flip-up", "▲ gained vs baseline")); }
    if (c.fl[s] < 0) { meta.appendChild(el("span", "tag flip-down", "▼ lost vs baseline")); }
    if (r.tok !== null && r.tok !== undefined) { meta.appendChild(el("span", "muted", num(r.tok) + " tokens")); }
    if (r.lat !== null && r.lat !== undefined) { meta.appendChild(el("span", "muted", Number(r.lat).toFixed(2) + " s")); }
    col.appendChild(meta);
    var answer = el("p", "prose");
    answer.appendChild(el("strong", null, "Answer: "));
    answer.appendChild(document.createTextNode(r.a === null || r.a === undefined ? "(none extracted)" : r.a));
    col.appendChild(answer);
    var table = el("table", "scores");
    var body = el("tbody");
    D.scorers.forEach(function (name, j) {
      var tr = el("tr");
      tr.appendChild(el("td", null, name));
      tr.appendChild(el("td", "v", fmt(r.s[j])));
      tr.appendChild(el("td", "e", r.e[j] || ""));
      body.appendChild(tr);
    });
    table.appendChild(body);
    col.appendChild(table);
    col.appendChild(textBlock(r.c));
    if (r.n > r.c.length) {
      col.appendChild(el("p", "muted", "The report keeps the first " + num(D.cap) + " of " + num(r.n) + " characters."));
    }
    return col;
  }

  function caseCard(c) {
    var item = D.items[c.i];
    var card = el("article", "case");
    var head = el("header");
    head.appendChild(el("code", null, item.id));
    if (c.k !== 0) { head.appendChild(el("span", "tag", "sample " + c.k)); }
    [item.suite, item.type, item.category].forEach(function (t) { head.appendChild(el("span", "tag", t)); });
    if (c.fl.some(function (f) { return f > 0; })) { head.appendChild(el("span", "tag flip-up", "gained")); }
    if (c.fl.some(function (f) { return f < 0; })) { head.appendChild(el("span", "tag flip-down", "lost")); }
    if (!c.in) { head.appendChild(el("span", "tag partial-case", "not in every system: paired only where both have it")); }
    card.appendChild(head);

    var qa = el("div", "qa");
    var q = el("div");
    q.appendChild(el("h4", null, "Question"));
    q.appendChild(item.q === null ? el("p", "missing", "Not recorded (no items.jsonl).") : textBlock(item.q));
    if (item.choices.length) {
      var ol = el("ol", "choices");
      ol.type = "A";
      item.choices.forEach(function (choice) { ol.appendChild(el("li", null, choice)); });
      q.appendChild(ol);
    }
    qa.appendChild(q);
    var ref = el("div");
    ref.appendChild(el("h4", null, "Reference"));
    if (item.rr === null && item.ra === null) {
      ref.appendChild(el("p", "missing", "Not recorded."));
    } else {
      if (item.rr) { ref.appendChild(textBlock(item.rr)); }
      var ra = el("p", "prose");
      ra.appendChild(el("strong", null, "Answer: "));
      ra.appendChild(document.createTextNode(item.ra || ""));
      ref.appendChild(ra);
    }
    if (item.gold !== null) {
      var gold = el("p", "prose");
      gold.appendChild(el("strong", null, "Gold: "));
      gold.appendChild(document.createTextNode(item.gold));
      ref.appendChild(gold);
    }
    qa.appendChild(ref);
    card.appendChild(qa);

    var systems = el("div", "systems");
    systems.style.gridTemplateColumns = "repeat(" + c.r.length + ", minmax(220px, 1fr))";
    c.r.forEach(function (r, s) { systems.appendChild(systemColumn(c, r, s)); });
    card.appendChild(systems);
    return card;
  }

  function pager(node, total, pages) {
    node.replaceChildren();
    if (pages <= 1) { return; }
    var prev = el("button", null, "← Previous");
    prev.type = "button";
    prev.disabled = state.page === 0;
    prev.addEventListener("click", function () { state.page -= 1; render(true); });
    var next = el("button", null, "Next →");
    next.type = "button";
    next.disabled = state.page >= pages - 1;
    next.addEventListener("click", function () { state.page += 1; render(true); });
    node.appendChild(prev);
    node.appendChild(el("span", null, "Page " + (state.page + 1) + " of " + pages));
    node.appendChild(next);
  }

  function render(scroll) {
    var shown = [];
    D.cases.forEach(function (c, index) { if (matches(c, index)) { shown.push(c); } });
    var pages = Math.max(1, Math.ceil(shown.length / PAGE));
    state.page = Math.min(Math.max(state.page, 0), pages - 1);
    var start = state.page * PAGE;
    var slice = shown.slice(start, start + PAGE);
    var fragment = document.createDocumentFragment();
    slice.forEach(function (c) { fragment.appendChild(caseCard(c)); });
    list.replaceChildren(fragment);
    count.textContent = shown.length === 0
      ? "No case matches these filters (" + num(D.cases.length) + " in all)."
      : "Showing " + num(start + 1) + "–" + num(start + slice.length) + " of " + num(shown.length) +
        " matching cases (" + num(D.cases.length) + " in all).";
    count.dataset.matches = String(shown.length);
    pager(document.getElementById("pager-top"), shown.length, pages);
    pager(document.getElementById("pager-bottom"), shown.length, pages);
    if (scroll) { document.getElementById("drill").scrollIntoView(); }
  }

  var controls = {
    suite: document.getElementById("f-suite"),
    type: document.getElementById("f-type"),
    category: document.getElementById("f-category"),
    flipped: document.getElementById("f-flipped"),
    noanswer: document.getElementById("f-noanswer"),
    search: document.getElementById("f-search")
  };
  ["suite", "type", "category"].forEach(function (field) {
    controls[field].addEventListener("change", function () {
      /* the option's index, not its value: an attribute cannot hold every string (a lone surrogate) */
      var index = controls[field].selectedIndex;
      state[field] = index > 0 ? D.groups[field][index - 1] : ""; state.exact = null; state.page = 0; render(false);
    });
  });
  ["flipped", "noanswer"].forEach(function (field) {
    controls[field].addEventListener("change", function () {
      state[field] = controls[field].checked; state.exact = null; state.page = 0; render(false);
    });
  });
  var timer = null;
  controls.search.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      state.query = controls.search.value.trim().toLowerCase(); state.exact = null; state.page = 0; render(false);
    }, 120);
  });

  document.querySelectorAll("a.case-link").forEach(function (a) {
    a.addEventListener("click", function (e) {
      e.preventDefault();
      state.suite = state.type = state.category = "";
      state.flipped = state.noanswer = false;
      ["suite", "type", "category"].forEach(function (f) { controls[f].value = ""; });
      controls.flipped.checked = controls.noanswer.checked = false;
      controls.search.value = a.dataset.id;
      state.query = "";
      state.exact = { id: a.dataset.id, sample: parseInt(a.dataset.sample, 10) };
      state.page = 0;
      render(true);
    });
  });

  render(false);
  performance.mark("report-ready");
  document.body.dataset.ready = "1";
})();
