/** The other peer: ExcelJS loading every workbook. Args: FILE_LIST */
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { readList, report, seconds } from './common';

const files = readList(process.argv[2] as string);
const t0 = process.hrtime.bigint();
let cells = 0;
for (const f of files) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(readFileSync(f) as unknown as ArrayBuffer);
  wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell(() => void cells++)));
}
report({ seconds: seconds(t0), files: files.length, cells });
