// scrplan's site: sorting, filtering and search. Every page reads in full without this file;
// it only hides rows, reorders them, and lists search results. It asks for nothing over the
// network, and it writes plan text into the page only as text (textContent), never as HTML.
(function () {
  "use strict";

  function say(node, words) {
    if (node) node.textContent = words;
  }

  // --- sorting: a button in each sortable column's heading --------------------------------
  function cellValue(cell, kind) {
    var raw = cell ? (cell.getAttribute("data-value") !== null
      ? cell.getAttribute("data-value") : cell.textContent.trim()) : "";
    if (kind === "num") {
      var n = parseFloat(raw);
      return isNaN(n) ? -Infinity : n;
    }
    return raw.toLocaleLowerCase();
  }

  function compare(a, b) {
    if (typeof a === "number" && typeof b === "number") return a - b;
    return String(a).localeCompare(String(b), undefined, { numeric: true });
  }

  function sortTable(table, th, index, status) {
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (other) {
      other.removeAttribute("aria-sort");
    });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var kind = th.getAttribute("data-sort");
    var body = table.tBodies[0];
    var rows = Array.prototype.map.call(body.rows, function (row, n) {
      return [cellValue(row.cells[index], kind), n, row];
    });
    rows.sort(function (a, b) {
      return (ascending ? 1 : -1) * compare(a[0], b[0]) || a[1] - b[1];
    });
    rows.forEach(function (entry) { body.appendChild(entry[2]); });
    say(status, "Sorted by " + th.textContent.trim() + ", " +
      (ascending ? "ascending" : "descending") + ".");
  }

  function setUpSorting(table) {
    if (!table.tHead || !table.tBodies.length) return;
    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    table.parentNode.insertBefore(status, table.nextSibling);
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, index) {
      if (!th.hasAttribute("data-sort")) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () { sortTable(table, th, index, status); });
    });
  }

  // --- filtering: a form above a table, hiding the rows that do not match -----------------
  function setUpFilter(form) {
    var table = document.getElementById(form.getAttribute("data-table"));
    if (!table) return;
    var body = table.tBodies[0];
    var status = form.querySelector(".filter-status");
    var rows = Array.prototype.slice.call(body.rows);
    var texts = rows.map(function (row) { return row.textContent.toLocaleLowerCase(); });
    var noun = form.getAttribute("data-noun") || "rows";
    function matches(row, n) {
      var keep = true;
      Array.prototype.forEach.call(form.elements, function (control) {
        if (!keep || !control.name) return;
        if (control.name === "q") {
          var words = control.value.trim().toLocaleLowerCase().split(/\s+/);
          keep = words.every(function (w) { return texts[n].indexOf(w) !== -1; });
        } else if (control.type === "checkbox") {
          keep = !control.checked || row.getAttribute("data-" + control.name) === "1";
        } else if (control.value) {
          var have = row.getAttribute("data-" + control.name) || "";
          keep = control.getAttribute("data-match") === "word"
            ? have.split(" ").indexOf(control.value) !== -1
            : have === control.value;
        }
      });
      return keep;
    }
    function run() {
      var shown = 0;
      rows.forEach(function (row, n) {
        var keep = matches(row, n);
        row.hidden = !keep;
        if (keep) shown += 1;
      });
      say(status, shown === rows.length
        ? "Showing all " + rows.length + " " + noun + "."
        : shown === 0
          ? "Nothing matches: none of the " + rows.length + " " + noun + " is shown."
          : "Showing " + shown + " of " + rows.length + " " + noun + ".");
    }
    form.addEventListener("input", run);
    form.addEventListener("change", run);
    form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
    form.addEventListener("reset", function () { window.setTimeout(run, 0); });
    form.hidden = false;
    run();
  }

  // --- search: every item of every plan, from search-data.js ------------------------------
  var LIMIT = 100;

  function setUpSearch(form) {
    var data = window.SCRPLAN_SEARCH;
    var list = document.getElementById("s:results");
    var status = form.querySelector(".filter-status");
    var input = form.elements.namedItem("q");
    if (!data || !list || !input) return;
    var texts = data.items.map(function (item) {
      return item.slice(1).join(" ").toLocaleLowerCase();
    });
    function run() {
      var words = input.value.trim().toLocaleLowerCase().split(/\s+/).filter(Boolean);
      while (list.firstChild) list.removeChild(list.firstChild);
      if (!words.length) {
        say(status, "Type a word or two to find them in every plan.");
        return;
      }
      var found = 0;
      data.items.forEach(function (item, n) {
        if (!words.every(function (w) { return texts[n].indexOf(w) !== -1; })) return;
        found += 1;
        if (found > LIMIT) return;
        var plan = data.plans[item[0]];
        var entry = document.createElement("li");
        var link = document.createElement("a");
        link.href = "plans/" + encodeURIComponent(plan[0]) + ".html#" +
          encodeURIComponent(item[1]);
        link.textContent = item[2];
        var where = document.createElement("span");
        where.className = "where";
        where.textContent = plan[1] + ", " + item[1] + " · lead: " + item[3] + " · RAG: " +
          item[4] + " · " + item[5];
        entry.appendChild(link);
        entry.appendChild(where);
        list.appendChild(entry);
      });
      say(status, found === 0 ? "No item mentions that."
        : found > LIMIT ? found + " items match; the first " + LIMIT +
          " are shown: add a word to narrow them."
          : found === 1 ? "1 item matches." : found + " items match.");
    }
    input.addEventListener("input", run);
    form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
    var asked = new URLSearchParams(window.location.search).get("q");
    if (asked) input.value = asked;
    form.hidden = false;
    run();
  }

  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), setUpSorting);
  Array.prototype.forEach.call(document.querySelectorAll("form.filters[data-table]"), setUpFilter);
  var search = document.getElementById("s:search");
  if (search) setUpSearch(search);
})();
