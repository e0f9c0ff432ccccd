/*
 * The Kompetence add-in for Excel on the web and locked-down PCs.
 *
 * Collects the open workbook as the JSON xlwings' remote engine reads (sheets and their values
 * from A1), posts it to the organisation's xlkompetence server with the unit's key or the
 * person's Microsoft Entra ID token, and applies the actions the server answers (values,
 * formulas, number formats, clearing, rows fitted to their text, calculation mode, a message). All logic lives on the
 * server, on the same core as the desktop button.
 *
 * Signing in (when the server's scheme is "entra"): Office's single sign-on first
 * (OfficeRuntime.auth.getAccessToken); where Office cannot give a token that way (an older
 * Office, a platform or account it does not support), a dialog on the server's own page
 * signin.html signs in with Microsoft's authorization code flow with PKCE and hands the token
 * back to the task pane.
 */
var xlk = (function () {
  "use strict";
  var TOKEN_KEY = "xlkompetence.token";
  var PKCE_KEY = "xlkompetence.signin";
  // Office's own errors that are not a reason to sign in another way.
  var SSO_ABORTED = 13002, SSO_BUSY = 13008;
  var texts = {};
  var config = { auth: "keys" };
  // A token from the sign-in dialog and when it expires (seconds); Office keeps its own.
  var dialogSignIn = null;

  function $(id) { return document.getElementById(id); }

  function status(text) {
    var el = $("status");
    if (el) { el.textContent = text; }
  }

  function token() {
    try { return window.localStorage.getItem(TOKEN_KEY) || ""; } catch (e) { return ""; }
  }

  function signsIn() { return config.auth === "entra"; }

  function base64url(bytes) {
    var text = "";
    bytes.forEach(function (b) { text += String.fromCharCode(b); });
    return window.btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function randomText(bytes) { return base64url(window.crypto.getRandomValues(new Uint8Array(bytes))); }

  function expiry(jwt) {
    try {
      var part = jwt.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
      return JSON.parse(window.atob(part + "===".slice((part.length + 3) % 4))).exp || 0;
    } catch (e) { return 0; }
  }

  async function bearer() {
    if (!signsIn()) { return token(); }
    if (dialogSignIn && dialogSignIn.exp - 300 > Date.now() / 1000) { return dialogSignIn.token; }
    if (typeof OfficeRuntime !== "undefined" && OfficeRuntime.auth && OfficeRuntime.auth.getAccessToken) {
      try {
        return await OfficeRuntime.auth.getAccessToken({
          allowSignInPrompt: true, allowConsentPrompt: true, forMSGraphAccess: false
        });
      } catch (e) {
        if (e && e.code === SSO_ABORTED) { throw new Error(texts.signin_aborted); }
        if (e && e.code === SSO_BUSY) { throw new Error(texts.signin_busy); }
        // Any other code: single sign-on is not available here; the dialog signs in instead.
      }
    }
    var got = await dialogToken();
    dialogSignIn = { token: got, exp: expiry(got) };
    return got;
  }

  function dialogToken() {
    return new Promise(function (resolve, reject) {
      var url = new URL("signin.html", window.location.href).href;
      Office.context.ui.displayDialogAsync(url, { height: 60, width: 30 }, function (opened) {
        if (opened.status !== Office.AsyncResultStatus.Succeeded) {
          reject(new Error(texts.signin_blocked + " (" + opened.error.code + ")"));
          return;
        }
        var dialog = opened.value;
        dialog.addEventHandler(Office.EventType.DialogMessageReceived, function (arg) {
          dialog.close();
          var answer = {};
          try { answer = JSON.parse(arg.message); } catch (e) { /* not an answer: refused below */ }
          if (answer.token) { resolve(answer.token); } else { reject(new Error(answer.error || texts.signin_failed)); }
        });
        // The person closed the dialog, or it could not show its page.
        dialog.addEventHandler(Office.EventType.DialogEventReceived, function () {
          reject(new Error(texts.signin_aborted));
        });
      });
    });
  }

  async function signInStep() {
    var here = window.location.origin + window.location.pathname;
    var query = new URLSearchParams(window.location.search);
    var endpoint = config.authority + "/" + config.tenant + "/oauth2/v2.0/";
    var scope = config.scope + " openid profile";
    if (query.has("error")) { return { error: texts.signin_refused + " (" + query.get("error") + ")" }; }
    if (!query.has("code")) {
      var verifier = randomText(48), state = randomText(24);
      var digest = await window.crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier));
      window.sessionStorage.setItem(PKCE_KEY, JSON.stringify({ verifier: verifier, state: state }));
      window.location.assign(endpoint + "authorize?" + new URLSearchParams({
        client_id: config.clientId, response_type: "code", response_mode: "query", redirect_uri: here,
        scope: scope, state: state, code_challenge: base64url(new Uint8Array(digest)), code_challenge_method: "S256"
      }));
      return null; // on to Microsoft's sign-in, which comes back here with a code
    }
    var saved = JSON.parse(window.sessionStorage.getItem(PKCE_KEY) || "null");
    window.sessionStorage.removeItem(PKCE_KEY);
    if (!saved || saved.state !== query.get("state")) { return { error: texts.signin_mismatch }; }
    var response = await fetch(endpoint + "token", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        client_id: config.clientId, grant_type: "authorization_code", code: query.get("code"),
        redirect_uri: here, code_verifier: saved.verifier, scope: scope
      })
    });
    var body = await response.json().catch(function () { return {}; });
    if (!response.ok || !body.access_token) {
      return { error: texts.signin_refused + " (" + (body.error || response.status) + ")" };
    }
    return { token: body.access_token };
  }

  function startSignIn(t, c) {
    texts = t;
    config = c;
    Office.onReady(async function () {
      var answer;
      try { answer = await signInStep(); } catch (e) { answer = { error: texts.signin_failed + " (" + e.message + ")" }; }
      if (answer) {
        status(answer.error || texts.signed_in);
        Office.context.ui.messageParent(JSON.stringify(answer));
      }
    });
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

  function filled(rows, columns, value) {
    // Office.js takes a range's number formats as one per cell.
    var line = [], block = [], i;
    for (i = 0; i < columns; i++) { line.push(value); }
    for (i = 0; i < rows; i++) { block.push(line.slice()); }
    return block;
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
        case "setNumberFormat": range.numberFormat = filled(a.row_count, a.column_count, a.args[0]); break;
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
    if (signsIn()) {
      status(texts.signing_in);
      try { key = await bearer(); } catch (e) { status(e.message || texts.signin_failed); return; }
    }
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
        if (response.status === 401) { dialogSignIn = null; } // the next try signs in again
        if (!response.ok) { status(body.detail || texts.failed); return; }
        var message = await apply(context, body.actions || []);
        status(message || texts.done);
      });
    } catch (e) {
      status(texts.failed + " (" + e.message + ")");
    }
  }

  function startTaskpane(t, c) {
    texts = t;
    config = c || config;
    if (typeof Office === "undefined") {
      // office.js may still be loading; if it never comes (not in Excel, no network) say so.
      window.setTimeout(function () { if (typeof Office === "undefined") { outsideExcel(); } }, 3000);
      window.addEventListener("load", function () {
        if (typeof Office !== "undefined") { startTaskpane(t, c); }
      });
      return;
    }
    Office.onReady(function (info) {
      if (info.host !== Office.HostType.Excel) { outsideExcel(); return; }
      $("waiting").hidden = true;
      $("inside").hidden = false;
      // Signed in with the work account: no key to paste.
      $("key").hidden = signsIn();
      $("signin").hidden = !signsIn();
      $("token").value = token();
      $("save").onclick = function () {
        try { window.localStorage.setItem(TOKEN_KEY, $("token").value.trim()); } catch (e) { /* private mode */ }
        status(texts.key_saved);
      };
      $("refresh").onclick = function () { call("api/refresh"); };
      $("submit").onclick = function () { call("api/submit"); };
      if (!token() && !signsIn()) { $("key").open = true; }
    });
  }

  function startCommands(t, c) {
    texts = t;
    config = c || config;
    Office.onReady(function () {
      function command(endpoint) {
        return function (event) { call(endpoint).finally(function () { event.completed(); }); };
      }
      Office.actions.associate("refresh", command("api/refresh"));
      Office.actions.associate("submit", command("api/submit"));
    });
  }

  return { startTaskpane: startTaskpane, startCommands: startCommands, startSignIn: startSignIn,
           outsideExcel: outsideExcel, collect: collect, apply: apply };
})();
