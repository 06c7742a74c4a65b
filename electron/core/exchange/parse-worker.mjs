// Parser worker: runs SheetJS on one workbook at a time, away from the main
// thread, so the pool can kill it when a file takes too long or too much
// memory. Plain JavaScript so it starts the same under tsx, vitest and the
// built app. It hands back cell values only; all judging happens in read-unit.ts.
import { createHash } from 'node:crypto';
import { parentPort } from 'node:worker_threads';
import { Bail, readOurs, readPackage } from './fast-xlsx.mjs';

// SheetJS is loaded only when a file needs it: our own workbooks never do, and
// loading it costs each worker ~0.3 s at start-up.
let XLSX = null;
async function sheetJS() {
  if (!XLSX) XLSX = await import('xlsx');
  return XLSX;
}

// SheetJS reports oddities of foreign files on the console; they mean nothing to a user.
for (const k of ['log', 'warn', 'error', 'info', 'debug']) console[k] = () => {};

function cellsOf(ws, budget) {
  const cells = [];
  const rows = ws['!data'] || [];
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    if (!row) continue;
    for (let c = 0; c < row.length; c++) {
      const cell = row[c];
      if (!cell || cell.t === 'z' || cell.v === undefined || cell.v === null) continue;
      if (cells.length >= budget.left) throw Object.assign(new Error('too many cells'), { code: 'too_many_cells' });
      let v = cell.v;
      if (cell.t === 'e') v = cell.w || String(v);
      else if (cell.t === 'd') v = v instanceof Date ? v.toISOString() : String(v);
      cells.push([r, c, cell.t, v, cell.f ? 1 : 0]);
    }
  }
  budget.left -= cells.length;
  return cells;
}

const OPTS = { type: 'buffer', WTF: false };

async function parse(input, maxCells, required, wanted, application, maxSheets) {
  const data = Buffer.from(input.buffer, input.byteOffset, input.length);
  // Zip packages (xlsx, ods): every entry inflated and its CRC checked, DTDs
  // refused; our own writer's workbooks are then read directly.
  const parts = data[0] === 0x50 && data[1] === 0x4b ? readPackage(data) : null;
  if (parts && application) {
    try {
      return readOurs(parts, application, maxCells, required, wanted, maxSheets);
    } catch (err) {
      if (!(err instanceof Bail)) throw err;
    }
  }
  return parseWithSheetJS(await sheetJS(), data, maxCells, required, wanted, maxSheets);
}

function parseWithSheetJS(XLSX, data, maxCells, required, wanted, maxSheets) {
  // First only the sheet list: a workbook without our machine sheet is refused
  // before any of its cells are parsed.
  const names = XLSX.read(data, { ...OPTS, bookSheets: true }).SheetNames || [];
  if (names.length > maxSheets) throw Object.assign(new Error('too many sheets'), { code: 'too_many_sheets', count: names.length });
  if (required && !names.includes(required)) {
    throw Object.assign(new Error(`missing sheet ${required}`), { code: 'not_ours', sheetNames: names });
  }
  const wb = XLSX.read(data, {
    sheets: wanted && wanted.length ? wanted.filter((n) => names.includes(n)) : undefined,
    type: 'buffer',
    dense: true,
    cellFormula: true,
    cellHTML: false,
    cellText: false,
    cellStyles: false,
    cellNF: false,
    cellDates: false,
    bookVBA: false,
    WTF: false,
  });
  const budget = { left: maxCells };
  const meta = (wb.Workbook && wb.Workbook.Sheets) || [];
  const sheets = wb.SheetNames.filter((name) => wb.Sheets[name]).map((name) => {
    const i = wb.SheetNames.indexOf(name);
    const ws = wb.Sheets[name];
    const merges = (ws['!merges'] || []).map((m) => [m.s.r, m.s.c, m.e.r, m.e.c]);
    return { name, hidden: (meta[i] && meta[i].Hidden) || 0, cells: cellsOf(ws, budget), merges };
  });
  const props = wb.Props || {};
  const modified = props.ModifiedDate instanceof Date ? props.ModifiedDate.toISOString() : props.ModifiedDate ? String(props.ModifiedDate) : null;
  return {
    sheets,
    modified,
    application: props.Application ? String(props.Application) : null,
    date1904: Boolean(wb.Workbook && wb.Workbook.WBProps && wb.Workbook.WBProps.date1904),
  };
}

// With `hash`, the worker also returns the SHA-256 of the bytes; with `transfer`,
// the bytes came without a copy and go back the same way (the caller archives them).
parentPort.on('message', async (job) => {
  const back = job.transfer ? { data: job.data } : {};
  const list = job.transfer ? [job.data.buffer] : [];
  const sha256 = job.hash ? createHash('sha256').update(job.data).digest('hex') : undefined;
  try {
    const book = await parse(job.data, job.maxCells, job.required, job.sheets, job.application, job.maxSheets);
    parentPort.postMessage({ id: job.id, ok: true, book, sha256, ...back }, list);
  } catch (err) {
    const message = err && err.message ? String(err.message) : String(err);
    parentPort.postMessage({ id: job.id, ok: false, code: (err && err.code) || 'parse_error', message, sheetNames: (err && err.sheetNames) || [], count: (err && err.count) || 0, sha256, ...back }, list);
  }
});
