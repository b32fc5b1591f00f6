// rashomon report: filters, sorting and paging of lists, and links to character offsets.
// Plain JS, no library, nothing fetched: works from file:// and offline. Without it every row shows.
(function () {
  "use strict";
  // search needs the local web app (rashomon serve); a report opened from disk has no server
  if (window.location.protocol.indexOf("http") === 0) {
    var form = document.querySelector("form.search");
    if (form) form.hidden = false;
  }

  // ---- lists: a table.sortable with an optional form.filters before it and nav.pager after it
  function List(table) {
    this.table = table;
    this.body = table.tBodies[0];
    this.rows = Array.prototype.slice.call(this.body.rows);
    this.size = parseInt(table.getAttribute("data-page-size") || "0", 10);
    this.page = 0;
    this.form = findBefore(table, "form.filters");
    this.pager = findAfter(table, "nav.pager");
    this.matching = this.rows;
    var list = this;
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
      if (!th.hasAttribute("data-sort")) return;
      th.tabIndex = 0;
      th.classList.add("sort");
      th.addEventListener("click", function () { list.sort(index, th); });
      th.addEventListener("keydown", function (e) { if (e.key === "Enter") list.sort(index, th); });
    });
    if (this.form) {
      this.form.addEventListener("input", function () { list.page = 0; list.filter(); });
      this.form.addEventListener("change", function () { list.page = 0; list.filter(); });
    }
    if (this.pager) {
      this.pager.hidden = false;
      Array.prototype.forEach.call(this.pager.querySelectorAll("button"), function (b) {
        b.addEventListener("click", function () {
          list.page += parseInt(b.getAttribute("data-step"), 10);
          list.show();
        });
      });
    }
    this.filter();
  }

  function findBefore(el, selector) {
    for (var e = el.previousElementSibling; e; e = e.previousElementSibling) {
      if (e.matches(selector)) return e;
      if (e.matches("table")) return null;
    }
    return null;
  }

  function findAfter(el, selector) {
    for (var e = el.nextElementSibling; e; e = e.nextElementSibling) {
      if (e.matches(selector)) return e;
      if (e.matches("table")) return null;
    }
    return null;
  }

  List.prototype.keep = function (row) {
    if (!this.form) return true;
    var f = this.form.elements;
    var d = row.dataset;
    if (f.background && !f.background.checked && d.background === "1") return false;
    if (f.type && f.type.value && d.type !== f.type.value) return false;
    if (f.docs && parseInt(d.docs, 10) < parseInt(f.docs.value || "1", 10)) return false;
    if (f.place && f.place.value && (d.places || "").split("|").indexOf(f.place.value) < 0) return false;
    var sides = (d.sides || "").split("|").filter(Boolean);
    var side = f.side ? f.side.value : "";
    if (side === "@several" && sides.length < 2) return false;
    if (side.charAt(0) === "+" && sides.indexOf(side.slice(1)) < 0) return false;
    if (side.charAt(0) === "-" && sides.indexOf(side.slice(1)) >= 0) return false;
    // a date filter keeps the events whose date can fall inside it; undated events are left out
    if (f.from && f.from.value && (!d.to || d.to < f.from.value)) return false;
    if (f.to && f.to.value && (!d.from || d.from > f.to.value)) return false;
    return true;
  };

  List.prototype.filter = function () {
    var list = this;
    this.matching = this.rows.filter(function (row) { return list.keep(row); });
    this.show();
  };

  List.prototype.show = function () {
    var pages = this.size ? Math.max(1, Math.ceil(this.matching.length / this.size)) : 1;
    this.page = Math.min(Math.max(this.page, 0), pages - 1);
    var first = this.page * this.size;
    var last = this.size ? first + this.size : this.matching.length;
    var visible = new Set(this.matching.slice(first, last));
    this.rows.forEach(function (row) { row.hidden = !visible.has(row); });
    if (this.form) {
      var out = this.form.querySelector("output.shown");
      if (out) out.textContent = this.matching.length + " of " + this.rows.length + " events";
    }
    if (this.pager) {
      this.pager.querySelector(".page").textContent = "page " + (this.page + 1) + " of " + pages;
      this.pager.querySelector('[data-step="-1"]').disabled = this.page === 0;
      this.pager.querySelector('[data-step="1"]').disabled = this.page >= pages - 1;
      this.pager.hidden = pages < 2;
    }
  };

  List.prototype.sort = function (index, th) {
    var kind = th.getAttribute("data-sort");
    var descending = th.getAttribute("aria-sort") === "ascending";
    Array.prototype.forEach.call(th.parentNode.cells, function (c) { c.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", descending ? "descending" : "ascending");
    function key(row) {
      var cell = row.cells[index];
      var value = cell.hasAttribute("data-value") ? cell.getAttribute("data-value") : cell.textContent.trim();
      if (kind === "number") return parseFloat(value) || 0;
      return value.toLowerCase();
    }
    var sign = descending ? -1 : 1;
    this.rows.sort(function (a, b) {
      var x = key(a), y = key(b);
      // empty dates and texts go last whichever the direction
      if (x === "" && y !== "") return 1;
      if (y === "" && x !== "") return -1;
      return x < y ? -sign : x > y ? sign : 0;
    });
    var body = this.body;
    this.rows.forEach(function (row) { body.appendChild(row); });
    this.page = 0;
    this.filter();
  };

  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    table.rashomonList = new List(table);
  });

  // ---- a link to docs/X.html#o123 points at a character offset: mark the place that holds it
  function markOffset() {
    var hash = window.location.hash;
    if (!hash || hash.indexOf("#o") !== 0) return;
    var offset = parseInt(hash.slice(2), 10);
    var text = document.querySelector("[data-offsets]");
    if (!text || isNaN(offset)) return;
    var old = document.getElementById(hash.slice(1));
    if (old) { old.scrollIntoView(); return; }
    var walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
    var seen = 0;
    while (walker.nextNode()) {
      var node = walker.currentNode;
      if (seen + node.length > offset) {
        var anchor = document.createElement("span");
        anchor.id = hash.slice(1);
        anchor.className = "anchor";
        var rest = node.splitText(offset - seen);
        rest.parentNode.insertBefore(anchor, rest);
        anchor.scrollIntoView();
        return;
      }
      seen += node.length;
    }
  }
  markOffset();
  window.addEventListener("hashchange", markOffset);
})();
