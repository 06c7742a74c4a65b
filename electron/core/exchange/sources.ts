/**
 * What the bureau hands to an import, turned into candidate workbooks: single
 * files, folders (walked), and .zip containers holding one bundle (a workbook
 * and its evidence) or many. Caps are checked before anything is inflated.
 */
import { createHash, webcrypto } from 'node:crypto';
import { createReadStream, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { unzipSync } from 'fflate';
import { sha256 } from '../fsutil';
import { EVIDENCE_FOLDER } from './format';
import { MB, type ImportLimits } from './limits';
import { openZip } from './fast-xlsx.mjs';
import { checkZipCaps, isZip, zipDirectory } from './zip-guard';

/** What a .zip is archived from: its bytes (received through the API), or the file it was read from. */
export type ContainerSource = { data: Uint8Array } | { path: string };

/**
 * The .zip a candidate arrived in, as the bureau received it (the outermost
 * one when zips are nested). A zip read from disk is not kept in memory: its
 * SHA-256 is read from the file when first asked for, and it is archived by
 * copying the file. A zip received as bytes keeps them only until they are
 * handed over to be archived, or until the last file taken from it has been
 * checked (a zip none of whose files was accepted is not archived); its
 * SHA-256 is computed off the main thread.
 */
export class Container {
  private digest: Promise<string> | null = null;
  private data: Uint8Array | null;
  private readonly path: string | null;
  private handedOver = false;
  private left = 0;

  constructor(
    readonly file: string,
    source: ContainerSource,
  ) {
    this.data = 'data' in source ? source.data : null;
    this.path = 'path' in source ? source.path : null;
    if (this.data) {
      this.digest = webcrypto.subtle.digest('SHA-256', this.data).then((d) => Buffer.from(d).toString('hex'));
      // Never an unhandled rejection: whoever awaits it sees the failure.
      this.digest.catch(() => undefined);
    }
  }

  get sha256(): Promise<string> {
    this.digest ??= this.path !== null ? hashFile(this.path) : Promise.reject(new Error(`压缩包“${this.file}”的内容已不在内存中`));
    return this.digest;
  }

  /** One more file of the run was taken from it. */
  hold(): void {
    this.left++;
  }

  /** A file taken from it has been checked: after the last, its bytes go (unless handed over already). */
  checked(): void {
    if (--this.left <= 0) this.data = null;
  }

  /** What to archive it from: handed over once (null afterwards, or once its bytes were let go). */
  take(): ContainerSource | null {
    if (this.handedOver) return null;
    const s: ContainerSource | null = this.path !== null ? { path: this.path } : this.data ? { data: this.data } : null;
    this.handedOver = s !== null;
    this.data = null;
    return s;
  }
}

/** A file's SHA-256, read in chunks by libuv's threads. */
function hashFile(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(path, { highWaterMark: 1024 * 1024 })
      .on('data', (chunk) => h.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(h.digest('hex')));
  });
}

export interface Candidate {
  /** As shown to the user; inside a zip `archive.zip/inner/name.xlsx`. */
  file: string;
  /**
   * The bytes. A file on disk is read when this is called (and again when
   * archived), so a run over 30,000 files never holds them all at once.
   */
  read: () => Uint8Array;
  /** Each read() returns a new buffer no one else holds (it may be moved to a worker). */
  fresh?: boolean;
  /** Set when the file is refused before parsing. */
  refused?: { code: string; message: string };
  /** Files travelling with the workbook (its container's other entries), by SHA-256. */
  evidence: Map<string, Uint8Array>;
  /** The .zip it came out of, archived beside it so the import traces back to the file received. */
  container?: Container;
}

const utf8Strict = new TextDecoder('utf-8', { fatal: true });
const gbStrict = new TextDecoder('gb18030', { fatal: true });

/**
 * A zip entry's name as its maker meant it. Zips made by Windows' 发送到 →
 * 压缩(zipped)文件夹, 7-Zip or WinRAR on a Chinese system store names in GBK
 * without the UTF-8 flag, and fflate reads such names as Latin-1: a name
 * stored without the flag (`unflagged`) is read again as UTF-8, else as
 * GB18030, else left as it is.
 */
export function entryName(name: string, unflagged: ReadonlySet<string>): string {
  if (!unflagged.has(name) || !/[\u0080-\u00ff]/.test(name)) return name;
  const bytes = Buffer.from(name, 'latin1');
  for (const d of [utf8Strict, gbStrict]) {
    try {
      return d.decode(bytes);
    } catch {
      // not this encoding
    }
  }
  return name;
}

const WORKBOOK_EXT = new Set(['.xlsx', '.xls', '.ods', '.xlsm', '.xlsb', '.et', '.csv']);
const EMPTY = new Uint8Array(0);
const MAX_DEPTH = 2;

const refused = (file: string, code: string, message: string): Candidate => ({ file, read: () => EMPTY, refused: { code, message }, evidence: new Map() });

const inMemory = (file: string, data: Uint8Array, evidence: Map<string, Uint8Array> = new Map()): Candidate => ({ file, read: () => data, evidence });

/** Office lock files, macOS resource forks, hidden files. */
const isJunk = (name: string): boolean => {
  const b = basename(name);
  return b.startsWith('~$') || b.startsWith('.') || name.startsWith('__MACOSX/') || b === 'Thumbs.db' || b === 'desktop.ini';
};

function looksLikeWorkbookPackage(names: string[]): boolean {
  const set = new Set(names.map((n) => n.toLowerCase()));
  return set.has('xl/workbook.xml') || set.has('xl/workbook.bin') || (set.has('mimetype') && set.has('content.xml'));
}

export function expandZip(display: string, data: Uint8Array, limits: ImportLimits, depth = 0): Candidate[] {
  if (data.length > limits.maxZipBytes) return [refused(display, 'too_large', `压缩包过大（${MB(data.length)}，上限 ${MB(limits.maxZipBytes)}）`)];
  if (!isZip(data)) return [inMemory(display, data)];
  let dir;
  try {
    dir = zipDirectory(data);
  } catch {
    return [refused(display, 'damaged', '压缩包已损坏，无法读取其目录')];
  }
  // A workbook that was merely renamed to .zip is still a workbook.
  if (looksLikeWorkbookPackage(dir.map((e) => e.name))) return [inMemory(display, data)];
  const caps = checkZipCaps(dir, limits.maxZipEntries, limits.maxZipUncompressed, limits);
  if (caps) return [refused(display, 'zip_bomb', caps)];
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(data, { filter: (f) => !f.name.endsWith('/') && !isJunk(f.name) });
  } catch {
    return [refused(display, 'damaged', '压缩包已损坏，无法解压')];
  }
  const evidence = new Map<string, Uint8Array>();
  const books: [string, Uint8Array][] = [];
  const nested: [string, Uint8Array][] = [];
  // Names stored without the UTF-8 flag (read as Latin-1 by fflate and by openZip alike).
  let unflagged = new Set<string>();
  try {
    unflagged = new Set([...(openZip(data)?.values() ?? [])].filter((e) => (e.flags & 0x800) === 0).map((e) => e.name));
  } catch {
    // fflate read the directory; names stay as it read them
  }
  for (const [raw, bytes] of Object.entries(entries)) {
    const name = entryName(raw, unflagged);
    const ext = extname(name).toLowerCase();
    const inEvidence = name.split('/').includes(EVIDENCE_FOLDER);
    if (!inEvidence && WORKBOOK_EXT.has(ext)) books.push([name, bytes]);
    else if (!inEvidence && ext === '.zip') nested.push([name, bytes]);
    else evidence.set(sha256(bytes), bytes);
  }
  const out: Candidate[] = books.sort(([a], [b]) => a.localeCompare(b)).map(([name, bytes]) => inMemory(`${display}/${name}`, bytes, evidence));
  for (const [name, bytes] of nested.sort(([a], [b]) => a.localeCompare(b))) {
    if (depth + 1 > MAX_DEPTH) out.push(refused(`${display}/${name}`, 'too_deep', '压缩包嵌套层数过多'));
    else out.push(...expandZip(`${display}/${name}`, bytes, limits, depth + 1));
  }
  if (out.length === 0) out.push(refused(display, 'no_workbook', '压缩包中没有工作簿（.xlsx、.xls 或 .ods 文件）'));
  return out;
}

/** A received .zip's candidates, each knowing the zip it came out of. */
function fromZip(name: string, data: Uint8Array, limits: ImportLimits, path?: string): Candidate[] {
  const out = expandZip(name, data, limits);
  const inner = out.filter((c) => c.file !== name);
  if (inner.length === 0) return out;
  // Read from disk: archived from the file, its bytes not kept for the run.
  const container = new Container(name, path !== undefined ? { path } : { data });
  for (const c of inner) {
    c.container = container;
    container.hold();
  }
  return out;
}

/** One named file's bytes into candidates (`path`: the file on disk they were read from). */
export function fromBytes(name: string, data: Uint8Array, limits: ImportLimits, path?: string): Candidate[] {
  if (extname(name).toLowerCase() === '.zip') return fromZip(name, data, limits, path);
  return [inMemory(name, data)];
}

function walk(dir: string, out: string[]): void {
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (isJunk(e.name)) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile()) out.push(p);
  }
}

function* fromFile(f: string, limits: ImportLimits): Generator<Candidate> {
  let size: number;
  try {
    size = statSync(f).size;
  } catch (err) {
    yield refused(f, 'unreadable', `无法读取文件：${(err as Error).message}`);
    return;
  }
  const isZipName = extname(f).toLowerCase() === '.zip';
  const cap = isZipName ? limits.maxZipBytes : limits.maxWorkbookBytes;
  if (size > cap) {
    yield refused(f, 'too_large', `文件过大（${MB(size)}，上限 ${MB(cap)}）`);
    return;
  }
  if (!isZipName) {
    // Read when parsed (and again when archived), not now.
    yield { file: f, read: () => readFileSync(f), fresh: true, evidence: new Map() };
    return;
  }
  let data: Uint8Array;
  try {
    data = readFileSync(f);
  } catch (err) {
    yield refused(f, 'unreadable', `无法读取文件：${(err as Error).message}`);
    return;
  }
  yield* fromBytes(f, data, limits, f);
}

/**
 * Paths given on the command line (files, folders, zips) into candidates, in
 * the order given, one at a time: only the list of names is held up front.
 */
export function* fromPaths(paths: readonly string[], limits: ImportLimits): Generator<Candidate> {
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch {
      yield refused(p, 'not_found', '找不到该文件或文件夹');
      continue;
    }
    const files: string[] = [];
    if (st.isDirectory()) walk(p, files);
    else files.push(p);
    for (const f of files) yield* fromFile(f, limits);
  }
}
