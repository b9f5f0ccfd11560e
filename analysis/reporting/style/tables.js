(function () {
  "use strict";
  // The reports' only script (analysis.reporting.interactive): sort a table by clicking a column heading
  // (again to reverse), filter a long table's rows with the box above it. It reads and rearranges the page
  // it is in and asks the network for nothing. Without it the tables read as they are.
  var FILTER_FROM = 8;   // rows in a table before it gets a filter box

  function number(text) {
    var m = text.replace(/\u2212/g, "-").replace(/,/g, "").match(/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?/i);
    return m ? parseFloat(m[0]) : null;
  }

  function compare(a, b) {
    if (a.num !== null && b.num !== null && a.num !== b.num) { return a.num - b.num; }
    return a.text.localeCompare(b.text, undefined, {numeric: true, sensitivity: "base"});
  }

  function sortBy(table, heading, column) {
    var body = table.tBodies[0];
    var down = heading.getAttribute("aria-sort") === "ascending";
    var rows = Array.prototype.map.call(body.rows, function (row, i) {
      var cell = row.cells[column];
      var text = cell ? cell.textContent.trim() : "";
      return {row: row, i: i, text: text, num: number(text)};
    });
    rows.sort(function (a, b) {                        // empty cells last either way; ties keep their order
      var empty = (a.text === "") - (b.text === "");
      return empty || (down ? compare(b, a) : compare(a, b)) || a.i - b.i;
    });
    rows.forEach(function (r) { body.appendChild(r.row); });
    Array.prototype.forEach.call(heading.parentNode.cells, function (th) { th.removeAttribute("aria-sort"); });
    heading.setAttribute("aria-sort", down ? "descending" : "ascending");
  }

  function sortable(table) {
    var head = table.tHead;
    if (!head || head.rows.length !== 1 || table.tBodies.length !== 1) { return; }
    if (table.querySelector("[rowspan], [colspan]")) { return; }   // grouped rows would be torn apart
    Array.prototype.forEach.call(head.rows[0].cells, function (th, column) {
      th.tabIndex = 0;
      th.title = "Sort by this column (again to reverse)";
      th.classList.add("nf-sortable");
      th.addEventListener("click", function () { sortBy(table, th, column); });
      th.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sortBy(table, th, column); }
      });
    });
  }

  function filterable(table) {
    var body = table.tBodies[0];
    if (!body || FILTER_FROM > body.rows.length) { return; }
    var box = document.createElement("input");
    box.type = "search";
    box.className = "nf-filter";
    box.placeholder = "Filter rows";
    box.setAttribute("aria-label", "Show only the rows of this table that contain");
    var count = document.createElement("small");
    var total = body.rows.length;
    count.textContent = total + " rows";
    box.addEventListener("input", function () {
      var words = box.value.toLowerCase().trim();
      var shown = 0;
      Array.prototype.forEach.call(body.rows, function (row) {
        var keep = words === "" || row.textContent.toLowerCase().indexOf(words) !== -1;
        row.hidden = !keep;
        shown += keep ? 1 : 0;
      });
      count.textContent = words === "" ? total + " rows" : shown + " of " + total + " rows";
    });
    var bar = document.createElement("div");
    bar.className = "nf-filterbar";
    bar.appendChild(box);
    bar.appendChild(count);
    table.parentNode.insertBefore(bar, table);
  }

  Array.prototype.forEach.call(document.querySelectorAll("table"), function (table) {
    sortable(table);
    filterable(table);
  });
})();
