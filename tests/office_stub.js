/*
 * office.js as the tests serve it in Microsoft's place (Chromium resolves its host to a local
 * server): an Excel workbook held in memory, Office's dialog API as an iframe, and
 * OfficeRuntime.auth answering as the scenario says — a token, or an error code of Office's
 * single sign-on. What the add-in asked of it is recorded on <body data-stub="…">.
 * The test fills in SCENARIO: {sso: {token} or {code, message}, book: xlwings payload, click}.
 */
(function () {
  "use strict";
  var scenario = /*SCENARIO*/null;
  var inDialog = window.parent !== window;
  var record = { getAccessToken: [], dialogs: [], written: 0 };

  function publish() {
    if (document.body) { document.body.setAttribute("data-stub", JSON.stringify(record)); }
  }

  function block(values, row, col, rows, cols) {
    var out = [];
    for (var r = row; r < row + rows; r++) {
      var line = [];
      for (var c = col; c < col + cols; c++) {
        line.push(values[r] && values[r][c] !== undefined ? values[r][c] : "");
      }
      out.push(line);
    }
    return out;
  }

  function put(values, row, col, data) {
    data.forEach(function (line, r) {
      line.forEach(function (value, c) {
        while (values.length <= row + r) { values.push([]); }
        values[row + r][col + c] = value;
        record.written += 1;
      });
    });
    publish();
  }

  function range(values, row, col, rows, cols) {
    return {
      load: function () {},
      get values() { return block(values, row, col, rows, cols); },
      set values(data) { put(values, row, col, data); },
      set formulas(data) { put(values, row, col, data); },
      clear: function () { put(values, row, col, block([], 0, 0, rows, cols)); },
      format: { autofitRows: function () {}, autofitColumns: function () {} }
    };
  }

  function worksheet(sheet, position) {
    var values = sheet.values;
    return {
      name: sheet.name,
      position: position,
      load: function () {},
      getUsedRangeOrNullObject: function () {
        var width = Math.max.apply(null, values.map(function (line) { return line.length; }));
        return { load: function () {}, isNullObject: false, rowIndex: 0, columnIndex: 0,
                 rowCount: values.length, columnCount: width };
      },
      getRangeByIndexes: function (row, col, rows, cols) { return range(values, row, col, rows, cols); }
    };
  }

  var items = scenario.book ? scenario.book.sheets.map(worksheet) : [];
  var workbook = {
    name: scenario.book ? scenario.book.book.name : "",
    load: function () {},
    worksheets: { items: items, load: function () {}, getActiveWorksheet: function () { return items[0]; } },
    application: { calculationMode: "Automatic" }
  };
  var context = {
    workbook: workbook,
    application: { suspendScreenUpdatingUntilNextSync: function () {} },
    sync: function () { return Promise.resolve(); }
  };

  function dialog(url, options, callback) {
    record.dialogs.push(url);
    publish();
    var frame = document.createElement("iframe");
    var handlers = {};
    window.addEventListener("message", function (event) {
      if (event.source === frame.contentWindow && event.data && event.data.officeDialog !== undefined) {
        (handlers[window.Office.EventType.DialogMessageReceived] || function () {})({ message: event.data.officeDialog });
      }
    });
    frame.src = url;
    document.body.appendChild(frame);
    callback({ status: "succeeded", value: {
      addEventHandler: function (type, handler) { handlers[type] = handler; },
      close: function () { frame.remove(); }
    } });
  }

  window.Office = {
    HostType: { Excel: "Excel" },
    AsyncResultStatus: { Succeeded: "succeeded", Failed: "failed" },
    EventType: { DialogMessageReceived: "dialogMessageReceived", DialogEventReceived: "dialogEventReceived" },
    onReady: function (callback) {
      var info = { host: "Excel", platform: "OfficeOnline" };
      return Promise.resolve().then(function () {
        if (callback) { callback(info); }
        if (!inDialog && scenario.click) {
          window.setTimeout(function () { document.getElementById(scenario.click).click(); }, 0);
        }
        return info;
      });
    },
    context: { ui: {
      displayDialogAsync: dialog,
      messageParent: function (message) { window.parent.postMessage({ officeDialog: message }, "*"); }
    } },
    actions: { associate: function () {} }
  };
  window.OfficeRuntime = { auth: { getAccessToken: function (options) {
    record.getAccessToken.push(options);
    publish();
    return scenario.sso.token ? Promise.resolve(scenario.sso.token) : Promise.reject(scenario.sso);
  } } };
  window.Excel = { run: function (work) { return work(context); } };
})();
