// Carry out an add-in's setValues actions with xlwings' own JavaScript client, as a spreadsheet
// got them before xlwings dropped its date guess (January 2025): the client's setValues runs
// unchanged, on a recorded spreadsheet that keeps what it was handed.
//
//   node xlwings_setvalues.mjs xlwings.js job.json
//
// job.json: {"actions": [xlwings actions], "locale": "da_DK"}. Prints one line, "RESULT " +
// JSON: {"written": [{sheet_position, start_row, start_column, values}], "converted":
// [{sheet_position, row, column, sent, written}]}, rows and columns 0-based.
import fs from "node:fs";
import vm from "node:vm";

const [client, jobPath] = process.argv.slice(2);
const job = JSON.parse(fs.readFileSync(jobPath, "utf8"));
const written = [];

function sheet(position) {
  return {
    getRange(row, column, rows, columns) {
      return {
        setValues(values) {
          written.push({ sheet_position: position, start_row: row - 1, start_column: column - 1, values });
        },
      };
    },
  };
}

const positions = Math.max(0, ...job.actions.map((a) => a.sheet_position ?? 0)) + 1;
const workbook = {
  getSpreadsheetLocale: () => job.locale,
  getSheets: () => Array.from({ length: positions }, (_, i) => sheet(i)),
};
const context = vm.createContext({ console });
vm.runInContext(fs.readFileSync(client, "utf8"), context, { filename: client });

const converted = [];
for (const action of job.actions.filter((a) => a.func === "setValues")) {
  const sent = JSON.parse(JSON.stringify(action.values));
  context.setValues(workbook, action);
  sent.forEach((line, i) => line.forEach((value, j) => {
    const got = written.at(-1).values[i][j];
    if (got !== value) {
      converted.push({ sheet_position: action.sheet_position, row: action.start_row + i,
                       column: action.start_column + j, sent: value, written: got });
    }
  }));
}
console.log("RESULT " + JSON.stringify({ written, converted }));
