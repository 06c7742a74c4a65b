/**
 * What the bureau hands to an import, turned into candidate workbooks: single
 * files, folders (walked), and .zip containers holding one bundle (a workbook
 * and its evidence) or many. Caps are checked before anything is inflated.
 */
import { createHash, webcrypto } from 'node:crypto';
import { closeSync, createReadStream, existsSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { isImportableName, isJunkName, unzippedBundles, WORKBOOK_EXTENSIONS } from '../../../shared/api/exchange';
import { AppError, ERROR_CODES } from '../../../shared/errors';
import { filePieces, notAFile, PIECE_BYTES, sha256, writeFileAtomic } from '../fsutil';
import { EVIDENCE_FOLDER } from './format';
import { MB, type ImportLimits } from './limits';
import { Refuse } from './fast-xlsx.mjs';
import { checkZipCaps, isZip, startsLikeCfb } from './zip-guard';
import type { Upload } from './uploads';
import { DiskZip, MemZip, NestedZip, ZipCache, ZipChanged, type ZipItem, type ZipSource } from './zip-source';

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

/** A file that travelled with a workbook: its size; stored at `path` (read again) unless there already, saying whether it wrote it. */
export interface EvidenceFile {
  /** Where it is in the zip (佐证材料/1a2b3c4d-照片.jpg). */
  name: string;
  size: number;
  store: (path: string) => boolean;
  /** Other places in the zip holding the same bytes (the same photo in two units' folders). */
  also?: string[];
  /**
   * Its entry is damaged (its bytes no longer match the zip's CRC-32: a photo damaged on the way): never stored, kept
   * under a key no listed file's hash can be, so the workbook is taken and this file said as damaged.
   */
  damaged?: true;
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
  /** Files travelling with the workbook (its container's other entries), by SHA-256 (NO_EVIDENCE, shared, when none). */
  evidence: ReadonlyMap<string, EvidenceFile>;
  /** The only workbook of its zip (a unit's bundle): every evidence file there is its. */
  soleBook?: boolean;
  /** In a zip of several workbooks, the folder this one is in ('' at the top): a template's files are looked for there only. */
  folder?: string;
  /** Another workbook of the zip is in the same folder: whose files are whose cannot be told. */
  folderShared?: boolean;
  /** The folders of all the zip's workbooks: a file is the one's whose folder is the nearest above it. */
  bookFolders?: readonly string[];
  /** In a zip of several workbooks, that zip as shown (its files no workbook lists are named after the run). */
  zip?: string;
  /** Met in a folder and not a workbook or zip by its name: passed over (listed as such), not checked. */
  skipped?: boolean;
  /** A refused file's SHA-256 and size as received, when the refusal did not read it (a zip refused as a whole, a file too large). */
  digest?: () => Promise<{ sha256: string; size: number }>;
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
 * GB18030, else left as it is; as GB18030 first when the zip's unflagged
 * names are GBK (`gb`, see unflaggedGb: 通知.pdf in GBK is also valid UTF-8).
 * A backslash is a folder separator (佐证材料\照片.jpg, as some Windows tools
 * write names), as unzip tools take it.
 */
export function entryName(name: string, unflagged: ReadonlySet<string>, gb = false): string {
  let out = name;
  if (unflagged.has(name) && /[\u0080-\u00ff]/.test(name)) {
    const bytes = Buffer.from(name, 'latin1');
    for (const d of gb ? [gbStrict, utf8Strict] : [utf8Strict, gbStrict]) {
      try {
        out = d.decode(bytes);
        break;
      } catch {
        // not this encoding
      }
    }
  }
  return out.replace(/\\/g, '/');
}

/**
 * Whether a zip's names stored without the UTF-8 flag are GBK: one of them is not valid UTF-8. They are read together,
 * as one program wrote them all: a GBK name whose bytes happen to be valid UTF-8 as well (通知.pdf, 图片.jpg) is then
 * read as GBK, not as the mojibake UTF-8 makes of it.
 */
export function unflaggedGb(unflagged: ReadonlySet<string>): boolean {
  for (const name of unflagged) {
    if (!/[\u0080-\u00ff]/.test(name)) continue;
    try {
      utf8Strict.decode(Buffer.from(name, 'latin1'));
    } catch {
      return true;
    }
  }
  return false;
}

const WORKBOOK_EXT = new Set(WORKBOOK_EXTENSIONS);
const EMPTY = new Uint8Array(0);
const MAX_DEPTH = 2;

/** The evidence of the many candidates that have none: one map for all (a map each came to ~7 MB over 30,000 files). */
export const NO_EVIDENCE: ReadonlyMap<string, EvidenceFile> = new Map();

const refused = (file: string, code: string, message: string): Candidate => ({ file, read: () => EMPTY, refused: { code, message }, evidence: NO_EVIDENCE });

const inMemory = (file: string, data: Uint8Array): Candidate => ({ file, read: () => data, evidence: NO_EVIDENCE });

function looksLikeWorkbookPackage(names: string[]): boolean {
  const set = new Set(names.map((n) => n.toLowerCase()));
  return set.has('xl/workbook.xml') || set.has('xl/workbook.bin') || (set.has('mimetype') && set.has('content.xml'));
}

/** How to read the whole of a file that turned out not to be a container after all. */
interface Whole {
  read: () => Uint8Array;
  /** See Candidate.fresh. */
  fresh: boolean;
}

/** Zips inflated from a received zip, kept for reading their files one after another. */
const NESTED_CACHE_BYTES = 128 * 1024 * 1024;
/** Workbooks in zips inside a received zip, read as it is opened and kept (up to 1 MB each, this much in all). */
const NESTED_BOOKS_BYTES = 64 * 1024 * 1024;
const NESTED_BOOK_BYTES = 1024 * 1024;

interface Budget {
  left: number;
}

/**
 * What one import run shares while reading its zips: the cache of zips
 * inflated from zips and the budget of nested workbooks kept (both for the
 * run, not per zip received: what the run's checked files hold on to stays
 * bounded however many zips of zips it is given).
 */
export interface ReadRun {
  cache: ZipCache;
  kept: Budget;
}

export const newReadRun = (): ReadRun => ({ cache: new ZipCache(NESTED_CACHE_BYTES), kept: { left: NESTED_BOOKS_BYTES } });

const DAMAGED_ZIP = '压缩包已损坏（可能未传送完整），无法解压：请报送单位重新压缩后再报送';

/** What a failed read of a file on disk says: in Chinese, never the system's words or our folders' paths. */
export function ioMessage(err: unknown): string {
  const code = (err as { code?: string }).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return '文件已不在（被移走、改名或删除？）';
  if (code === 'EACCES' || code === 'EPERM') return '没有读取该文件的权限';
  if (code === 'EBUSY' || code === 'ETXTBSY') return '文件正被其他程序占用';
  if (code === 'EISDIR') return '这是文件夹，不是文件';
  if (code === 'EIO') return '磁盘读取出错（U 盘或网络盘是否已拔出？）';
  if (err instanceof Error && /[\u4e00-\u9fff]/.test(err.message) && !/[A-Za-z]:\\|\//.test(err.message)) return err.message;
  if (code === 'ELOOP') return '路径中的快捷方式（链接）形成了循环';
  if (code === 'ENAMETOOLONG') return '文件路径过长';
  if (code === 'EMFILE' || code === 'ENFILE') return '同时打开的文件过多，请稍后重试';
  return '读取出错（系统未说明原因），请重试；仍不行请把文件复制到本机后再导入';
}

/**
 * How a workbook in a zip is read. One in a zip inside the received zip is
 * read now and kept while small (else every read would inflate its zip
 * again); a copy each time, as the check may move it to a worker.
 */
function bookReader(zip: ZipSource, item: ZipItem, depth: number, kept: Budget): () => Uint8Array {
  const again = (): Uint8Array => readEntry(zip, item);
  if (depth === 0 || item.originalSize > NESTED_BOOK_BYTES || item.originalSize > kept.left) return again;
  let bytes: Uint8Array;
  try {
    bytes = zip.read(item);
  } catch {
    // said when it is read for the check
    return again;
  }
  kept.left -= bytes.length;
  return () => new Uint8Array(bytes);
}

/** An entry's bytes; what cannot be read is said in words (the check says 无法读取文件 and this). */
function readEntry(zip: ZipSource, item: ZipItem): Uint8Array {
  try {
    return zip.read(item);
  } catch (err) {
    if (err instanceof Refuse) throw new Error('压缩包中的此文件已损坏，无法解压', { cause: err });
    if (err instanceof ZipChanged) throw new Error('压缩包在导入期间被改动过，请重新导入', { cause: err });
    throw new Error(`压缩包已无法读取：${ioMessage(err)}`, { cause: err });
  }
}

/**
 * An evidence file's SHA-256 and size. A large stored entry of a zip on disk
 * (a video in our own bundles) is hashed a piece at a time, never whole in
 * memory; anything else is read whole.
 */
function hashEntry(zip: ZipSource, item: ZipItem): { hash: string; size: number } {
  if (item.originalSize > PIECE_BYTES && zip.pieces) {
    const h = createHash('sha256');
    let size = 0;
    if (
      zip.pieces(item, (b) => {
        h.update(b);
        size += b.length;
      })
    )
      return { hash: h.digest('hex'), size };
  }
  const bytes = zip.read(item, true);
  return { hash: sha256(bytes), size: bytes.length };
}

/**
 * An evidence file stored by its hash: read again (a large stored entry a
 * piece at a time, into a temporary file renamed into place), refused unless
 * it is still what was hashed as the import began.
 */
function storeEvidence(zip: ZipSource, item: ZipItem, hash: string, display: string, name: string, path: string): boolean {
  const gone = (): AppError =>
    new AppError(ERROR_CODES.evidenceDamaged, `压缩包“${display}”中的佐证材料“${name}”已无法按导入开始时的内容读取（导入期间被移走或改动？），此文件未导入，请重新导入`);
  return storeChecked(path, hash, gone, (piece) => {
    if (!(item.originalSize > PIECE_BYTES && zip.pieces?.(item, piece))) piece(zip.read(item, true));
  });
}

/**
 * Stores at `path` what `feed` hands over a piece at a time, unless a file is
 * there already; whether it wrote it. Refused (`gone`) when it cannot be read
 * or is no longer what `hash` says; a failure to write (a full disk) is
 * thrown as it is, not taken for the sender's file.
 */
function storeChecked(path: string, hash: string, gone: () => AppError, feed: (piece: (b: Uint8Array) => void) => void): boolean {
  if (existsSync(path)) return false;
  writeFileAtomic(path, (write) => {
    const h = createHash('sha256');
    let writing: unknown = null;
    try {
      feed((b) => {
        h.update(b);
        try {
          write(b);
        } catch (err) {
          writing = err;
          throw err;
        }
      });
    } catch {
      throw writing ?? gone();
    }
    if (h.digest('hex') !== hash) throw gone();
  });
  return true;
}

/**
 * A .zip's candidates. Its directory is read and checked against the caps
 * first; the workbooks in it are read when checked, each evidence file once
 * now for its SHA-256 and again only when stored. `whole`: the zip's own
 * bytes, when it turns out to be a workbook merely renamed to .zip.
 */
function expandZip(display: string, open: () => ZipSource, whole: Whole, limits: ImportLimits, run: ReadRun, depth = 0): Candidate[] {
  let zip: ZipSource;
  let items: ZipItem[];
  try {
    zip = open();
    items = zip.items();
  } catch (err) {
    if (err instanceof Refuse) return [refused(display, 'damaged', '压缩包已损坏（可能未传送完整），无法打开：请报送单位重新压缩后再报送')];
    return [refused(display, 'unreadable', `无法读取文件：${ioMessage(err)}`)];
  }
  // A workbook that was merely renamed to .zip is still a workbook.
  if (looksLikeWorkbookPackage(items.map((e) => e.name))) return [{ file: display, ...whole, evidence: NO_EVIDENCE }];
  const caps = checkZipCaps(items, limits.maxZipEntries, limits.maxZipUncompressed, limits, '压缩包');
  if (caps) return [refused(display, 'zip_bomb', caps)];
  const unflagged = new Set(items.filter((e) => e.unflagged).map((e) => e.name));
  const gb = unflaggedGb(unflagged);
  const evidence = new Map<string, EvidenceFile>();
  const books: [string, ZipItem][] = [];
  const nested: [string, ZipItem][] = [];
  // Links zipped as links: the path of a file on the sender's computer, not the file. Each is said, none read.
  const links: Candidate[] = [];
  // An evidence file: by its bytes' hash (the same bytes under another name are that file's other name).
  const keep = (name: string, item: ZipItem): void => {
    let read: { hash: string; size: number };
    try {
      read = hashEntry(zip, item);
    } catch (err) {
      if (!(err instanceof Refuse)) throw err;
      evidence.set(`damaged:${name}`, { name, size: item.originalSize, store: () => false, damaged: true });
      return;
    }
    const { hash, size } = read;
    const seen = evidence.get(hash);
    if (seen) (seen.also ??= []).push(name);
    else evidence.set(hash, { name, size, store: (path) => storeEvidence(zip, item, hash, display, name, path) });
  };
  // The entry being read, named when it is one that cannot be read and refuses the bundle (a damaged evidence file does
  // not: keep says it as damaged).
  let reading = '';
  try {
    for (const item of items) {
      const name = entryName(item.name, unflagged, gb);
      if (name.endsWith('/') || isJunkName(name)) continue;
      reading = name;
      if (item.link) {
        links.push(refused(`${display}/${name}`, 'link', LINK_IN_ZIP));
        continue;
      }
      const ext = extname(name).toLowerCase();
      const inEvidence = name.split('/').includes(EVIDENCE_FOLDER);
      if (!inEvidence && WORKBOOK_EXT.has(ext)) books.push([name, item]);
      else if (!inEvidence && ext === '.zip') nested.push([name, item]);
      else keep(name, item);
    }
  } catch (err) {
    if (err instanceof Refuse) return [refused(display, 'damaged', reading ? `压缩包中的“${reading}”已损坏（可能未传送完整），无法解压，整个压缩包未导入：请报送单位重新压缩后再报送` : DAMAGED_ZIP)];
    return [refused(display, 'unreadable', `无法读取文件：${ioMessage(err)}`)];
  }
  const byName = ([x]: [string, ZipItem], [y]: [string, ZipItem]): number => x.localeCompare(y);
  // The zips inside: bundles of their own (a zip of units' zips), or, beside one workbook, a zip holding no workbook (a
  // unit's 现场照片.zip its hand-filled template lists): that workbook's evidence file, as one in its 佐证材料 folder.
  const inner: Candidate[] = [];
  for (const [name, item] of nested.sort(byName)) {
    const found = nestedZip(display, name, zip, item, limits, run, depth);
    if (books.length === 1 && found.length === 1 && found[0]!.refused?.code === 'no_workbook') {
      try {
        keep(name, item);
        continue;
      } catch (err) {
        inner.push(err instanceof Refuse ? refused(`${display}/${name}`, 'damaged', DAMAGED_ZIP) : refused(`${display}/${name}`, 'unreadable', `无法读取文件：${ioMessage(err)}`));
        continue;
      }
    }
    inner.push(...found);
  }
  const sole = books.length === 1 && inner.length === 0;
  const folderOf = (name: string): string => (name.includes('/') ? name.slice(0, name.lastIndexOf('/')) : '');
  const perFolder = new Map<string, number>();
  for (const [name] of books) perFolder.set(folderOf(name), (perFolder.get(folderOf(name)) ?? 0) + 1);
  const theirs = evidence.size > 0 ? evidence : NO_EVIDENCE;
  const out: Candidate[] = books.sort(byName).map(([name, item]) => ({
    file: `${display}/${name}`,
    read: bookReader(zip, item, depth, run.kept),
    fresh: true,
    evidence: theirs,
    ...(sole ? { soleBook: true } : { folder: folderOf(name), folderShared: (perFolder.get(folderOf(name)) ?? 0) > 1, bookFolders: [...perFolder.keys()], zip: display }),
  }));
  out.push(...inner, ...links.sort((x, y) => x.file.localeCompare(y.file)));
  if (out.length === links.length) out.push(refused(display, 'no_workbook', '压缩包中没有工作簿（.xlsx、.xls 或 .ods 文件）'));
  // A zip of units' zips: its other files (a 说明.docx beside them) are no workbook's: passed over, and listed so.
  else if (books.length === 0) {
    for (const f of evidence.values()) for (const n of [f.name, ...(f.also ?? [])]) out.push({ file: `${display}/${n}`, read: () => EMPTY, evidence: NO_EVIDENCE, skipped: true });
  }
  return out;
}

const LINK_IN_ZIP = '是压缩时保留下来的符号链接（只记着另一个文件在报送单位电脑上的位置，不是文件本身），未读取：请报送单位压缩文件本身（不勾选“保留符号链接”，或不用 zip -y）后重新报送';

/** The candidates of a zip inside a zip (its own bundles, or why it is refused). */
function nestedZip(display: string, name: string, zip: ZipSource, item: ZipItem, limits: ImportLimits, run: ReadRun, depth: number): Candidate[] {
  const file = `${display}/${name}`;
  if (depth + 1 > MAX_DEPTH) return [refused(file, 'too_deep', '压缩包里套压缩包的层数过多，不予导入：请先解开外层压缩包，再导入其中的文件')];
  if (item.originalSize > limits.maxZipBytes) return [refused(file, 'too_large', `压缩包过大（${MB(item.originalSize)}，上限 ${MB(limits.maxZipBytes)}）`)];
  let bytes: Uint8Array;
  try {
    bytes = zip.read(item);
  } catch (err) {
    return [err instanceof Refuse ? refused(file, 'damaged', DAMAGED_ZIP) : refused(file, 'unreadable', `无法读取文件：${ioMessage(err)}`)];
  }
  const again: Whole = { read: () => readEntry(zip, item), fresh: true };
  if (!isZip(bytes)) return [{ file, ...again, evidence: NO_EVIDENCE }];
  let opened: NestedZip | null = null;
  const out = expandZip(file, () => (opened = new NestedZip(zip, item, run.cache, bytes)), again, limits, run, depth + 1);
  (opened as NestedZip | null)?.release();
  return out;
}

/** A received .zip's candidates, each knowing the zip it came out of. */
function fromZip(name: string, open: () => ZipSource, whole: Whole, source: ContainerSource, limits: ImportLimits, run: ReadRun): Candidate[] {
  const out = expandZip(name, open, whole, limits, run);
  const inner = out.filter((c) => c.file !== name && !c.skipped);
  if (inner.length === 0) {
    // Refused as a whole (damaged, a zip bomb, no workbook in it): recorded with its own digest, as received.
    for (const c of out) if (c.refused) c.digest = () => digestOf(source);
    return out;
  }
  // Read from disk: archived from the file, its bytes not kept for the run.
  const container = new Container(name, source);
  for (const c of inner) {
    c.container = container;
    container.hold();
  }
  return out;
}

/** A file named .zip that is neither a zip nor an old workbook renamed: said as the zip it was meant to be. */
const notAZip = (display: string): Candidate => refused(display, 'damaged', '不是有效的 .zip 压缩包（文件内容无法识别：可能已损坏、未传送完整，或只是改了扩展名）：请报送单位重新导出或重新压缩后再报送');

/** One named file's bytes into candidates. */
export function fromBytes(name: string, data: Uint8Array, limits: ImportLimits, run: ReadRun = newReadRun()): Candidate[] {
  if (extname(name).toLowerCase() !== '.zip') return [inMemory(name, data)];
  if (data.length > limits.maxZipBytes) return [refused(name, 'too_large', `压缩包过大（${MB(data.length)}，上限 ${MB(limits.maxZipBytes)}）`)];
  if (!isZip(data)) return data.length === 0 || startsLikeCfb(data) ? [inMemory(name, data)] : [notAZip(name)];
  return fromZip(name, () => MemZip.open(data), { read: () => data, fresh: false }, { data }, limits, run);
}

/** What a received file is, by its bytes: SHA-256 and size (a file on disk read in chunks by libuv's threads). */
async function digestOf(source: ContainerSource): Promise<{ sha256: string; size: number }> {
  if ('data' in source) return { sha256: sha256(source.data), size: source.data.length };
  const size = statSync(source.path).size;
  return { sha256: await hashFile(source.path), size };
}

/** A .zip on disk (shown as `display`): only its directory is read now, its files when they are checked. */
function fromZipFile(f: string, limits: ImportLimits, display: string, run: ReadRun): Candidate[] {
  const whole: Whole = { read: () => readFileSync(f), fresh: true };
  let head: Uint8Array;
  try {
    const fd = openSync(f, 'r');
    try {
      head = new Uint8Array(4);
      head = head.subarray(0, readSync(fd, head, 0, 4, 0));
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    return [refused(display, 'unreadable', `无法读取文件：${ioMessage(err)}`)];
  }
  if (!isZip(head)) return head.length === 0 || startsLikeCfb(head) ? [{ file: display, ...whole, evidence: NO_EVIDENCE }] : [notAZip(display)];
  return fromZip(display, () => DiskZip.open(f), whole, { path: f }, limits, run);
}

/**
 * A folder's files (sorted, junk skipped), its subfolders' too; a folder that cannot be read is a refused candidate in
 * its place. A link to a file is the file; a link to a folder is not followed (it may lead back up). A named pipe or a
 * device is listed, to be refused by its name (fromFile) when it is named as a workbook, never read.
 */
function walk(dir: string, out: (string | Candidate)[]): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    out.push(refused(dir, 'unreadable', `无法读取文件夹：${ioMessage(err)}`));
    return;
  }
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (isJunkName(e.name)) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (!e.isSymbolicLink()) out.push(p);
    else if (!isFolder(p)) out.push(p);
  }
}

/** Whether a path leads to a folder (false when it leads nowhere). */
function isFolder(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Files of an unzipped bundle's 佐证材料 folder (read from `path`, known as
 * `name`), as a zip's evidence: hashed now a piece at a time, copied in
 * (checked again) when stored.
 */
function folderEvidence(book: string, files: readonly { path: string; name: string }[]): Map<string, EvidenceFile> {
  const out = new Map<string, EvidenceFile>();
  // Known by their place beside the workbook (佐证材料/任务4/现场照片.jpg): two files of one name in two folders stay two.
  const beside = book.replace(/\\/g, '/').replace(/[^/]*$/, '');
  for (const { path, name: shown } of files) {
    let digest: { hash: string; size: number };
    try {
      digest = digestSync(path);
    } catch {
      // unreadable: its workbook's warning says it did not come
      continue;
    }
    const { hash, size } = digest;
    const at = shown.replace(/\\/g, '/');
    const name = at.startsWith(`${beside}${EVIDENCE_FOLDER}/`) ? at.slice(beside.length) : `${EVIDENCE_FOLDER}/${at.split('/').pop() ?? at}`;
    // The same bytes under another name (现场照片副本.jpg): one file, known by both names.
    const seen = out.get(hash);
    if (seen) {
      (seen.also ??= []).push(name);
      continue;
    }
    const gone = (): AppError => new AppError(ERROR_CODES.evidenceDamaged, `佐证材料“${shown}”已无法按导入开始时的内容读取（导入期间被移走或改动？），此文件未导入，请重新导入`);
    out.set(hash, {
      name,
      size,
      store: (target) =>
        storeChecked(target, hash, gone, (piece) => {
          for (const b of filePieces(path)) piece(b);
        }),
    });
  }
  return out;
}

/** A file's SHA-256 and size, read a piece at a time (synchronously: the import's candidates are made so). */
function digestSync(path: string): { hash: string; size: number } {
  const h = createHash('sha256');
  let size = 0;
  for (const b of filePieces(path)) {
    h.update(b);
    size += b.length;
  }
  return { hash: h.digest('hex'), size };
}

/**
 * Why a received file is too large to take (a .zip, or an unzipped bundle's
 * evidence file, by the container cap; anything else by the workbook cap), or null.
 */
export function sizeRefusal(name: string, size: number, limits: ImportLimits, evidence = false): string | null {
  const cap = evidence || extname(name).toLowerCase() === '.zip' ? limits.maxZipBytes : limits.maxWorkbookBytes;
  return size > cap ? `文件过大（${MB(size)}，上限 ${MB(cap)}）` : null;
}

/** A file on disk, shown as `display` (its path, or the name of a file uploaded in the app). */
function* fromFile(f: string, limits: ImportLimits, run: ReadRun, display = f): Generator<Candidate> {
  let size: number;
  try {
    const st = statSync(f);
    const special = notAFile(st);
    if (special) {
      yield refused(display, 'unreadable', `无法读取：${special}`);
      return;
    }
    size = st.size;
  } catch (err) {
    yield refused(display, 'unreadable', `无法读取文件：${ioMessage(err)}`);
    return;
  }
  const isZipName = extname(display).toLowerCase() === '.zip';
  const tooLarge = sizeRefusal(display, size, limits);
  if (tooLarge) {
    yield { ...refused(display, 'too_large', tooLarge), digest: () => digestOf({ path: f }) };
    return;
  }
  if (!isZipName) {
    // Read when parsed (and again when archived), not now.
    yield { file: display, read: () => readFileSync(f), fresh: true, evidence: NO_EVIDENCE };
    return;
  }
  yield* fromZipFile(f, limits, display, run);
}

/**
 * The workbook of a bundle unzipped into a folder, with the files of its
 * 佐证材料 folder as its evidence; refused, as its zip would be, when they
 * come to more than a bundle may hold (their sizes, before any is read).
 */
function* unzippedBook(path: string, display: string, files: readonly { path: string; name: string }[], limits: ImportLimits, run: ReadRun): Generator<Candidate> {
  let total = 0;
  for (const f of files) {
    try {
      total += statSync(f.path).size;
    } catch {
      // unreadable: its workbook's warning says it did not come
    }
  }
  if (total > limits.maxZipBytes) {
    yield {
      ...refused(display, 'too_large', `此工作簿所在文件夹的“佐证材料”共 ${MB(total)}（其中的所有文件，含工作簿未登记的），超过一份报送可带的上限 ${MB(limits.maxZipBytes)}，未导入；请只保留该单位报送的文件后重新导入，或导入该单位导出的压缩包`),
      digest: () => digestOf({ path }),
    };
    return;
  }
  for (const c of fromFile(path, limits, run, display)) yield c.refused ? c : { ...c, evidence: folderEvidence(display, files), soleBook: true };
}

/**
 * Files uploaded in the app (uploads.ts), under the names the user knows them
 * by. A picked folder's unzipped bundles come with the files of their
 * 佐证材料 folders, taken as a zip's evidence; other files that are not
 * workbooks or zips by their names are passed over, as in a folder.
 */
export function* fromUploads(uploads: readonly Upload[], limits: ImportLimits, run: ReadRun = newReadRun()): Generator<Candidate> {
  const unzipped = unzippedBundles(uploads.map((u) => u.name).filter((n) => !isJunkName(n)));
  const byName = new Map(uploads.map((u) => [u.name, u]));
  for (const u of uploads) {
    if (isJunkName(u.name) && /[\\/]/.test(u.name)) continue;
    if (unzipped.taken.has(u.name)) continue;
    if (u.tooLarge) yield refused(u.name, 'too_large', u.tooLarge);
    // From a picked folder (a relative path): passed over as in a folder. A file picked on its own is checked whatever its name.
    else if (!isImportableName(u.name) && /[\\/]/.test(u.name)) yield { file: u.name, read: () => EMPTY, evidence: NO_EVIDENCE, skipped: true };
    else if (unzipped.evidence.has(u.name)) {
      const named = (unzipped.evidence.get(u.name) ?? []).flatMap((n) => byName.get(n) ?? []);
      // An evidence file over the cap (not sent): the bundle is more than a bundle may hold, refused as its zip would be.
      const big = named.find((e) => e.tooLarge);
      if (big) {
        yield {
          ...refused(u.name, 'too_large', `此工作簿的“佐证材料”中的“${big.name.split('/').pop() ?? big.name}”${big.tooLarge}，超过一份报送可带的上限，未导入；请该单位删减或压缩佐证材料后重新导出`),
          digest: () => digestOf({ path: u.path }),
        };
        continue;
      }
      yield* unzippedBook(u.path, u.name, named.map((e) => ({ path: e.path, name: e.name })), limits, run);
    } else yield* fromFile(u.path, limits, run, u.name);
  }
}

/**
 * Paths given on the command line (files, folders, zips) into candidates, in
 * the order given, one at a time: only the list of names is held up front.
 */
export function* fromPaths(paths: readonly string[], limits: ImportLimits, run: ReadRun = newReadRun()): Generator<Candidate> {
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch {
      yield refused(p, 'not_found', '找不到该文件或文件夹');
      continue;
    }
    const files: (string | Candidate)[] = [];
    if (st.isDirectory()) walk(p, files);
    else files.push(p);
    const unzipped = unzippedBundles(files.filter((f): f is string => typeof f === 'string'));
    for (const f of files) {
      if (typeof f !== 'string') yield f;
      else if (unzipped.taken.has(f)) continue;
      else if (unzipped.evidence.has(f)) {
        // A unit's bundle unzipped into a folder: its workbook with the files of its 佐证材料 folder, as from the zip.
        yield* unzippedBook(f, f, (unzipped.evidence.get(f) ?? []).map((path) => ({ path, name: path })), limits, run);
      } else if (f !== p && !isImportableName(f)) {
        // In a folder, what is not a workbook or a zip by its name (a photo, a 说明.docx beside the workbooks) is
        // passed over, as in a zip; a file named on its own is checked whatever its name.
        yield { file: f, read: () => EMPTY, evidence: NO_EVIDENCE, skipped: true };
      } else yield* fromFile(f, limits, run);
    }
  }
}
