// Carry out actions with the project's own Office.js client (xlkompetence-office.js): its
// apply() runs unchanged on a recorded Excel that keeps what each range is given.
//
//   node office_apply.mjs xlkompetence-office.js actions.json
//
// Prints one line, "RESULT " + JSON: {"set": [{sheet_position, start_row, start_column, property,
// value}] for every range property the client set (and every clear), in order, "message": the
// message it would show}.
import fs from "node:fs";
import vm from "node:vm";

const [client, actionsPath] = process.argv.slice(2);
const actions = JSON.parse(fs.readFileSync(actionsPath, "utf8"));
const set = [];

function range(position, row, column) {
  const recorded = {};
  for (const property of ["values", "formulas", "numberFormat"]) {
    Object.defineProperty(recorded, property, {
      set(value) { set.push({ sheet_position: position, start_row: row, start_column: column, property, value }); },
    });
  }
  recorded.clear = (what) => set.push({ sheet_position: position, start_row: row, start_column: column,
                                        property: "clear", value: what });
  const fit = (what) => () => set.push({ sheet_position: position, start_row: row, start_column: column,
                                         property: "autofit", value: what });
  recorded.format = { autofitRows: fit("rows"), autofitColumns: fit("columns") };
  return recorded;
}

const positions = Math.max(0, ...actions.map((a) => a.sheet_position ?? 0)) + 1;
const items = Array.from({ length: positions }, (_, i) => ({
  getRangeByIndexes: (row, column) => range(i, row, column),
}));
const context = {
  workbook: { worksheets: { items, load() {} }, application: {} },
  application: { suspendScreenUpdatingUntilNextSync() {} },
  sync: async () => {},
};
const sandbox = vm.createContext({ console, window: {}, document: {} });
vm.runInContext(fs.readFileSync(client, "utf8"), sandbox, { filename: client });
const message = await sandbox.xlk.apply(context, actions);
console.log("RESULT " + JSON.stringify({ set, message }));
