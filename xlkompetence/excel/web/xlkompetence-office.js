/*
 * The Kompetence add-in for Excel on the web and locked-down PCs.
 *
 * Collects the open workbook as the JSON xlwings' remote engine reads (sheets and their values
 * from A1), posts it to the organisation's xlkompetence server with the unit's key, and
 * applies the actions the server answers (values, formulas, clearing, rows fitted to their text,
 * calculation mode, a message). All logic lives on the server, on the same core as the desktop button.
 */
var xlk = (function () {
  "use strict";
  var TOKEN_KEY = "xlkompetence.token";
  var texts = {};

  function $(id) { return document.getElementById(id); }

  function status(text) {
    var el = $("status");
    if (el) { el.textContent = text; }
  }

  function token() {
    try { return window.localStorage.getItem(TOKEN_KEY) || ""; } catch (e) { return ""; }
  }

  function outsideExcel() {
    // Office.js did not load, or loaded outside an Office host: say where this page works.
    var waiting = $("waiting"), outside = $("outside");
    if (waiting) { waiting.hidden = true; }
    if (outside) { outside.hidden = false; }
  }

  async function collect(context) {
    var wb = context.workbook;
    wb.load("name");
    var sheets = wb.worksheets;
    sheets.load("items/name");
    var active = sheets.getActiveWorksheet();
    active.load("position");
    await context.sync();
    var used = sheets.items.map(function (s) {
      var r = s.getUsedRangeOrNullObject(true);
      r.load("rowIndex,columnIndex,rowCount,columnCount");
      return r;
    });
    await context.sync();
    var ranges = used.map(function (u, i) {
      if (u.isNullObject) { return null; }
      var r = sheets.items[i].getRangeByIndexes(0, 0, u.rowIndex + u.rowCount, u.columnIndex + u.columnCount);
      r.load("values");
      return r;
    });
    await context.sync();
    return {
      client: "Office.js",
      version: "0.37.8",
      book: { name: wb.name, active_sheet_index: active.position, selection: "A1" },
      names: [],
      sheets: sheets.items.map(function (s, i) {
        return { name: s.name, values: ranges[i] ? ranges[i].values : [[""]], pictures: [], tables: [] };
      })
    };
  }

  async function apply(context, actions) {
    var sheets = context.workbook.worksheets;
    sheets.load("items/name");
    await context.sync();
    var message = null;
    actions.forEach(function (a) {
      var range = null;
      if (a.sheet_position !== null && a.sheet_position !== undefined && a.row_count) {
        range = sheets.items[a.sheet_position].getRangeByIndexes(a.start_row, a.start_column, a.row_count, a.column_count);
      }
      switch (a.func) {
        case "setValues": range.values = a.values; break;
        case "setFormula": range.formulas = a.values; break;
        case "rangeClearContents": range.clear("Contents"); break;
        case "setAutofit":
          // The rows of a rewritten sheet as tall as their text, measured by Excel itself.
          if (a.args[0] === "rows") { range.format.autofitRows(); } else { range.format.autofitColumns(); }
          break;
        case "setScreenUpdating":
          if (!a.args[0]) { context.application.suspendScreenUpdatingUntilNextSync(); }
          break;
        case "setCalculation": context.workbook.application.calculationMode = a.args[0]; break;
        case "alert": message = a.args[0]; break;
        default: break; // an action this client does not know is left out, not guessed at
      }
    });
    await context.sync();
    return message;
  }

  async function call(endpoint) {
    var key = token();
    if (!key) { status(texts.no_key); return; }
    status(texts.working);
    try {
      await Excel.run(async function (context) {
        var payload = await collect(context);
        var response = await fetch(endpoint, {
          method: "POST",
          headers: { "Content-Type": "application/json", "Authorization": "Bearer " + key },
          body: JSON.stringify(payload)
        });
        var body = await response.json().catch(function () { return {}; });
        if (!response.ok) { status(body.detail || texts.failed); return; }
        var message = await apply(context, body.actions || []);
        status(message || texts.done);
      });
    } catch (e) {
      status(texts.failed + " (" + e.message + ")");
    }
  }

  function startTaskpane(t) {
    texts = t;
    if (typeof Office === "undefined") {
      // office.js may still be loading; if it never comes (not in Excel, no network) say so.
      window.setTimeout(function () { if (typeof Office === "undefined") { outsideExcel(); } }, 3000);
      window.addEventListener("load", function () {
        if (typeof Office !== "undefined") { startTaskpane(t); }
      });
      return;
    }
    Office.onReady(function (info) {
      if (info.host !== Office.HostType.Excel) { outsideExcel(); return; }
      $("waiting").hidden = true;
      $("inside").hidden = false;
      $("token").value = token();
      $("save").onclick = function () {
        try { window.localStorage.setItem(TOKEN_KEY, $("token").value.trim()); } catch (e) { /* private mode */ }
        status(texts.key_saved);
      };
      $("refresh").onclick = function () { call("api/refresh"); };
      $("submit").onclick = function () { call("api/submit"); };
      if (!token()) { $("key").open = true; }
    });
  }

  function startCommands(t) {
    texts = t;
    Office.onReady(function () {
      function command(endpoint) {
        return function (event) { call(endpoint).finally(function () { event.completed(); }); };
      }
      Office.actions.associate("refresh", command("api/refresh"));
      Office.actions.associate("submit", command("api/submit"));
    });
  }

  return { startTaskpane: startTaskpane, startCommands: startCommands, outsideExcel: outsideExcel,
           collect: collect, apply: apply };
})();
