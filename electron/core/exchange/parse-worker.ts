/**
 * Parser worker: reads one workbook at a time, away from the main thread, so
 * the pool can kill it when a file takes too long or too much memory. Our own
 * workbooks take the fast reader (fast-xlsx.mjs); anything else SheetJS.
 *
 * With `read`, the worker also reads and checks the unit workbook
 * (read-unit.ts) against the snapshot of the database it was started with
 * (`workerData.env`), and hands back the outcome instead of the cells: the
 * main thread is left with the database work alone.
 *
 * This file is bundled before it runs (see worker-script.ts): a worker
 * thread cannot load TypeScript.
 */
import { createHash } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import { HeapKeeper } from '../heap';
import type { Zippable } from 'fflate';
import { Bail, dateShown, isDateFormat, isPercentFormat, odsMeta, pad2, partsForSheetJS, percentShown, readOds, readOurs, readPackage, sheetDrawn, sheetKey, sheetWanted } from './fast-xlsx.mjs';
import type { RawBook, RawCell, RawSheet } from './parse-pool';
import { SHEETS } from './format';
import { coverSays, ReadEnv, readUnitWorkbook, type CoverSays, type ReadEnvData } from './read-unit';

type SheetJS = typeof import('xlsx');

// SheetJS is loaded only when a file needs it: our own workbooks never do, and
// loading it costs each worker ~0.3 s at start-up.
let XLSX: SheetJS | null = null;
async function sheetJS(): Promise<SheetJS> {
  XLSX ??= await import('xlsx');
  return XLSX;
}

/**
 * A cell's number format. SheetJS leaves it unset for the built-in date and
 * time formats Chinese Excel and WPS write (27–36, 50–58: no format code in
 * the file) and shows the value in its nearest default (10/1/21, 18:00:00):
 * that is taken as the sign of a date or a time.
 */
function formatOf(cell: import('xlsx').CellObject): string | undefined {
  if (cell.z !== undefined || typeof cell.w !== 'string') return cell.z === undefined ? undefined : String(cell.z);
  const date = /^\d{1,2}\/\d{1,2}\/\d{2,4}/.test(cell.w);
  const time = /\d:\d{2}/.test(cell.w);
  return date && time ? 'm/d/yy h:mm' : date ? 'm/d/yy' : time ? 'h:mm:ss' : undefined;
}

// SheetJS reports oddities of foreign files on the console; they mean nothing to a user.
for (const k of ['log', 'warn', 'error', 'info', 'debug'] as const) console[k] = () => {};

const env = (workerData as { env?: ReadEnvData } | null)?.env;
// The snapshot unit workbooks are read against; the pool sends a new one before the first job of an import that needs it.
let readEnv = env ? new ReadEnv(env) : null;
// A worker parses thousands of files in a bulk import: keep its heap near what is live.
const heap = new HeapKeeper(16 * 1024 * 1024);

interface Budget {
  left: number;
}

const tooMany = (code: string, message: string, extra: Record<string, unknown> = {}): Error => Object.assign(new Error(message), { code, ...extra });

/** A number as the cell shows it: a percentage as the number shown (see percentShown), a date as a date in words (see dateShown). */
function shown(value: number, format: unknown, date1904: boolean): ['n', number] | ['d', string] {
  if (typeof format !== 'string') return ['n', value];
  if (isPercentFormat(format)) return ['n', percentShown(value)];
  return isDateFormat(format) ? ['d', dateShown(value, format, date1904)] : ['n', value];
}

function cellsOf(ws: import('xlsx').WorkSheet, budget: Budget, date1904: boolean): RawCell[] {
  const cells: RawCell[] = [];
  const rows = (ws['!data'] ?? []) as (import('xlsx').CellObject[] | undefined)[];
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    if (!row) continue;
    for (let c = 0; c < row.length; c++) {
      const cell = row[c];
      if (!cell) continue;
      // A formula without its result (a file written by a program, never calculated): an error cell showing the formula, not an empty one.
      if (cell.f && (cell.t === 'z' || cell.v === undefined || cell.v === null)) {
        if (cells.length >= budget.left) throw tooMany('too_many_cells', 'too many cells');
        cells.push([r, c, 'e', `=${cell.f}`, 1]);
        continue;
      }
      if (cell.t === 'z' || cell.v === undefined || cell.v === null) continue;
      if (cells.length >= budget.left) throw tooMany('too_many_cells', 'too many cells');
      let t: string = cell.t;
      let v: string | number | boolean;
      if (cell.t === 'e') v = cell.w ?? String(cell.v);
      else if (cell.t === 'd') {
        // A date SheetJS made (local time): in words, as dateShown does.
        const d = cell.v instanceof Date ? cell.v : null;
        v = d ? `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日${d.getHours() || d.getMinutes() ? ` ${pad2(d.getHours())}:${pad2(d.getMinutes())}` : ''}` : String(cell.v);
      } else if (cell.t === 'n' && typeof cell.v === 'number') [t, v] = shown(cell.v, formatOf(cell), date1904);
      else v = cell.v as string | number | boolean;
      cells.push([r, c, t, v, cell.f ? 1 : 0]);
    }
  }
  budget.left -= cells.length;
  return cells;
}

interface ParseArgs {
  maxCells: number;
  required?: string;
  wanted?: string[];
  application?: string;
  maxSheets: number;
}

async function parse(input: Uint8Array, a: ParseArgs): Promise<RawBook> {
  const data = Buffer.from(input.buffer, input.byteOffset, input.length);
  // Zip packages (xlsx, ods): every entry inflated and its CRC checked, DTDs
  // refused; our own writer's workbooks are then read directly.
  const parts = data[0] === 0x50 && data[1] === 0x4b ? readPackage(data) : null;
  const book = await parseCells(data, parts, a);
  // Pictures, text boxes and comments on an .xlsx's sheets, whichever reader read its cells (an .ods's are found as its
  // cells are read).
  const drawn = parts?.has('xl/workbook.xml') ? sheetDrawn(parts) : null;
  return drawn && drawn.size > 0 ? { ...book, sheets: book.sheets.map((s) => (drawn.has(s.name) ? { ...s, drawn: drawn.get(s.name) } : s)) } : book;
}

async function parseCells(data: Buffer, parts: Map<string, Uint8Array> | null, a: ParseArgs): Promise<RawBook> {
  if (parts && a.application) {
    try {
      return readOurs(parts, a.application, a.maxCells, a.required, a.wanted, a.maxSheets);
    } catch (err) {
      if (!(err instanceof Bail)) throw err;
    }
  }
  // An .ods (a unit workbook saved by LibreOffice or WPS): read so that its texts stay exactly as typed.
  if (parts?.has('content.xml') && parts.has('mimetype')) {
    try {
      return readOds(parts, a.maxCells, a.required, a.wanted, a.maxSheets);
    } catch (err) {
      if (!(err instanceof Bail)) throw err;
    }
  }
  // Only an .xlsx can hold a formula without its result (written by a script, never calculated: see cellsOf);
  // LibreOffice and Excel store every result in .ods and .xls, where an empty one is an empty text.
  // What SheetJS would misread, put right first (partsForSheetJS: the Chinese built-in date formats, characters beyond
  // U+FFFF written as references): the package zipped again, stored, with those parts.
  const fixed = parts ? partsForSheetJS(parts) : new Map<string, Uint8Array>();
  // (fflate loaded then only: the worker starts with Node's own modules alone.)
  const read = parts && fixed.size > 0 ? Buffer.from((await import('fflate')).zipSync(Object.fromEntries([...parts].map(([name, b]): [string, Zippable[string]] => [name, [fixed.get(name) ?? b, { level: 0 }]])))) : data;
  const book = parseWithSheetJS(await sheetJS(), read, a, parts?.has('xl/workbook.xml') === true);
  // An .ods's save time (when it was sent, on time or not) and its program are in meta.xml, which SheetJS does not read.
  return parts?.has('content.xml') && parts.has('meta.xml') ? { ...book, ...odsMeta(parts) } : book;
}

function parseWithSheetJS(X: SheetJS, data: Buffer, a: ParseArgs, stubs: boolean): RawBook {
  // First only the sheet list: a workbook without our machine sheet is refused
  // before any of its cells are parsed.
  const names = X.read(data, { type: 'buffer', WTF: false, bookSheets: true }).SheetNames ?? [];
  if (names.length > a.maxSheets) throw tooMany('too_many_sheets', 'too many sheets', { count: names.length });
  if (a.required && !names.some((n) => sheetKey(n) === sheetKey(a.required as string))) throw tooMany('not_ours', `missing sheet ${a.required}`, { sheetNames: names });
  const wb = X.read(data, {
    sheets: a.wanted && a.wanted.length ? names.filter((n) => sheetWanted(a.wanted as string[], n)) : undefined,
    type: 'buffer',
    dense: true,
    cellFormula: true,
    // Cells without a value are kept too: a formula never calculated is one (an error cell, see cellsOf), not nothing.
    sheetStubs: stubs,
    cellHTML: false,
    // The text shown: the only sign of the built-in Chinese date formats (see formatOf).
    cellText: true,
    cellStyles: false,
    // The number formats: a percentage is read as the number it shows (see shown).
    cellNF: true,
    cellDates: false,
    bookVBA: false,
    WTF: false,
  });
  const budget = { left: a.maxCells };
  const date1904 = Boolean(wb.Workbook?.WBProps?.date1904);
  const meta = wb.Workbook?.Sheets ?? [];
  const sheets: RawSheet[] = wb.SheetNames.filter((name) => wb.Sheets[name]).map((name) => {
    const i = wb.SheetNames.indexOf(name);
    const ws = wb.Sheets[name] as import('xlsx').WorkSheet;
    const merges = (ws['!merges'] ?? []).map((m) => [m.s.r, m.s.c, m.e.r, m.e.c] as [number, number, number, number]);
    return { name, hidden: meta[i]?.Hidden ?? 0, cells: cellsOf(ws, budget, date1904), merges };
  });
  const props = wb.Props ?? {};
  const when = props.ModifiedDate as Date | string | undefined;
  const modified = when instanceof Date ? when.toISOString() : when ? String(when) : null;
  return { sheets, names, modified, application: props.Application ? String(props.Application) : null, date1904 };
}

interface Job extends ParseArgs {
  id: number;
  data: Uint8Array;
  hash: boolean;
  transfer: boolean;
  /** Read and check the unit workbook too; `isXlsx`: the bytes are an xlsx package. */
  read?: { isXlsx: boolean };
}

// With `hash`, the worker also returns the SHA-256 of the bytes; with `transfer`,
// the bytes came without a copy and go back the same way (the caller archives them).
async function handle(message: Job | { env: ReadEnvData }): Promise<void> {
  if ('env' in message) {
    readEnv = new ReadEnv(message.env);
    return;
  }
  const job = message;
  // The snapshot as this job's turn came (messages are handled in order, see below).
  const jobEnv = readEnv;
  const back = job.transfer ? { data: job.data } : {};
  const list = job.transfer ? [job.data.buffer as ArrayBuffer] : [];
  const sha256 = job.hash ? createHash('sha256').update(job.data).digest('hex') : undefined;
  try {
    const book = await parse(job.data, job);
    if (job.read && jobEnv) {
      parentPort?.postMessage({ id: job.id, ok: true, read: readUnitWorkbook(jobEnv, book, job.read.isXlsx), sha256, ...back }, list);
    } else {
      parentPort?.postMessage({ id: job.id, ok: true, book, sha256, ...back }, list);
    }
  } catch (err) {
    const e = err as { message?: string; code?: string; sheetNames?: string[]; count?: number } | null;
    const message = e?.message ? String(e.message) : String(err);
    // A unit workbook without its machine sheet (its sheets copied into a new file): what its cover says, for the refusal.
    let cover: CoverSays | null = null;
    if (e?.code === 'not_ours' && e.sheetNames?.some((n) => sheetKey(n) === sheetKey(SHEETS.cover))) {
      try {
        cover = coverSays(await parse(job.data, { ...job, required: undefined, wanted: [SHEETS.cover] }));
      } catch {
        cover = null;
      }
    }
    parentPort?.postMessage({ id: job.id, ok: false, code: e?.code ?? 'parse_error', message, sheetNames: e?.sheetNames ?? [], count: e?.count ?? 0, ...(cover ? { cover } : {}), sha256, ...back }, list);
  }
  heap.check();
}

// One message at a time, in the order they came: the pool times and expects
// the answer of the job at the head of its queue. A file that needs SheetJS
// waits for it to load; without this, the next file (read at once by the
// fast reader) answered first, its answer was dropped as out of turn, and it
// was refused as timed out.
let turn: Promise<void> = Promise.resolve();
parentPort?.on('message', (message: Job | { env: ReadEnvData }) => {
  turn = turn
    .then(() => handle(message))
    .catch((err: unknown) => {
      // Answering failed (handle itself catches what parsing throws): the pool still gets an answer, not a wait for the time cap.
      if (!('env' in message)) parentPort?.postMessage({ id: message.id, ok: false, code: 'parse_error', message: String(err), sheetNames: [], count: 0 });
    });
});
// Loaded: the pool may count on this worker (ParsePool.warm waits for it).
parentPort?.postMessage({ ready: true });
