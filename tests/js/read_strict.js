// Reads each workbook named on the command line as strictly as SheetJS can (WTF: anything
// unexpected throws, among them ZIP64 sizes that disagree and number formats it cannot show)
// and prints one JSON line per file: {"file", "error"} or {"file", "sheets": {name: rows}},
// each row the cells' text as the number format shows it.
"use strict";
const XLSX = require("xlsx");

for (const file of process.argv.slice(2)) {
  let line;
  try {
    const book = XLSX.readFile(file, { WTF: true, cellNF: true, cellFormula: true });
    const sheets = {};
    for (const name of book.SheetNames) {
      sheets[name] = XLSX.utils.sheet_to_json(book.Sheets[name], { header: 1, raw: false, defval: "" });
    }
    line = { file, sheets };
  } catch (error) {
    line = { file, error: String(error) };
  }
  process.stdout.write(JSON.stringify(line) + "\n");
}
