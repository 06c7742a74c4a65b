// A small, strict reader for the workbooks our own writer produces, used by
// the parser worker before SheetJS. It reads the zip package itself (native
// zlib, every entry's size and CRC-32 checked), refuses DTDs, and reads cells
// with a few regular expressions: no recursion, no entity expansion. Anything
// it does not fully understand makes it step aside (`Bail`), and SheetJS
// reads the file instead, so it never has to be general, only right.
// Plain JavaScript for the same reason as parse-worker.mjs.
import { crc32, inflateRawSync } from 'node:zlib';

/** The fast path cannot read this file; SheetJS will. */
export class Bail extends Error {}

/**
 * A sheet's name or a header's text as compared (format.ts normalizeHeader): without spaces (Excel allows "工作进展 "),
 * full-width forms folded, a remark or unit in brackets at its end left out (工作进展（三季度）, 完成比例（%）).
 */
export const sheetKey = (name) =>
  name
    .normalize('NFKC')
    .replace(/[\s\u3000]+/g, '')
    .replace(/\(.*?\)$/, '')
    .toLowerCase();
/** The keys of the names asked for (the same few in every job): made once. Bounded: names are a caller's, not a file's. */
const wantedKeys = new Map();
const wantedKey = (w) => {
  let k = wantedKeys.get(w);
  if (k === undefined) {
    k = sheetKey(w);
    if (wantedKeys.size < 256) wantedKeys.set(w, k);
  }
  return k;
};
/**
 * Names a clerk gives a sheet from its own title (工作进展 renamed 工作进展情况, as the table is headed 重点任务进展情况表;
 * 指标 renamed 指标完成情况): read as the sheet they name, and said (read-unit.ts, `renamedSheets`).
 */
export const SHEET_ALIASES = {
  工作进展: ['工作进展情况', '重点任务进展情况', '重点任务进展情况表', '进展情况'],
  指标: ['指标完成情况', '指标完成情况表', '指标情况'],
  佐证材料: ['佐证材料清单'],
};
/** An alias's key → the key of the sheet it names. */
const aliasOf = new Map(Object.entries(SHEET_ALIASES).flatMap(([name, aliases]) => aliases.map((a) => [sheetKey(a), sheetKey(name)])));
/** The key of the sheet a name given to a sheet names as its title does (SHEET_ALIASES), or undefined. */
export const aliasedSheetKey = (name) => aliasOf.get(sheetKey(name));
/** Whether `name` is one of `wanted` (by sheetKey), or names one of them as its title does (SHEET_ALIASES). */
export const sheetWanted = (wanted, name) => {
  const k = sheetKey(name);
  if (wanted.some((w) => wantedKey(w) === k)) return true;
  const named = aliasOf.get(k);
  return named !== undefined && wanted.some((w) => wantedKey(w) === named);
};

/** The file is damaged or hostile: refuse it. */
export class Refuse extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

const u16 = (b, o) => b[o] | (b[o + 1] << 8);
const u32 = (b, o) => (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;
const utf8 = new TextDecoder('utf-8');
const latin1 = new TextDecoder('latin1');

/** Whether a Uint16Array's bytes are little-endian, as UTF-16LE text needs them. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
/** Parts up to this size go through the loop (ours are ~5–200 KB); larger ones to TextDecoder, so that the scratch stays small. */
const LOOP_MAX_BYTES = 1024 * 1024;
let utf16 = new Uint16Array(64 * 1024);

/**
 * An XML part's text: the same string as `new TextDecoder('utf-8').decode`
 * (a leading byte order mark dropped), twice as fast for these texts. Node
 * 20's decoder takes ~150 MB/s for Chinese text, this loop into UTF-16 (then
 * decoded natively, ~1 GB/s) ~300 MB/s: the parser worker spent a sixth of
 * its first import decoding. Well-formed UTF-8 only (Unicode's table 3-7);
 * anything else (a damaged or hostile part) is left to TextDecoder, which
 * puts U+FFFD where the bytes are bad, and so are parts over 1 MB (the
 * scratch, kept by the worker, stays at most 2 MB; a large string made from
 * it would sit outside the worker's heap cap).
 */
export function decodeUtf8(b) {
  const n = b.length;
  if (!LITTLE_ENDIAN || n > LOOP_MAX_BYTES) return utf8.decode(b);
  const start = n >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
  let i = start;
  // At most one UTF-16 unit per byte.
  if (utf16.length < n) utf16 = new Uint16Array(n);
  const out = utf16;
  let o = 0;
  while (i < n) {
    const c = b[i];
    if (c < 0x80) {
      out[o++] = c;
      i++;
    } else if (c >= 0xe0 && c <= 0xef && i + 2 < n) {
      const c1 = b[i + 1];
      const c2 = b[i + 2];
      if ((c1 & 0xc0) !== 0x80 || (c2 & 0xc0) !== 0x80) break;
      const cp = ((c & 0x0f) << 12) | ((c1 & 0x3f) << 6) | (c2 & 0x3f);
      // Overlong, or a surrogate's code point.
      if (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff)) break;
      out[o++] = cp;
      i += 3;
    } else if (c >= 0xc2 && c <= 0xdf && i + 1 < n) {
      const c1 = b[i + 1];
      if ((c1 & 0xc0) !== 0x80) break;
      out[o++] = ((c & 0x1f) << 6) | (c1 & 0x3f);
      i += 2;
    } else if (c >= 0xf0 && c <= 0xf4 && i + 3 < n) {
      const c1 = b[i + 1];
      const c2 = b[i + 2];
      const c3 = b[i + 3];
      if ((c1 & 0xc0) !== 0x80 || (c2 & 0xc0) !== 0x80 || (c3 & 0xc0) !== 0x80) break;
      const cp = ((c & 0x07) << 18) | ((c1 & 0x3f) << 12) | ((c2 & 0x3f) << 6) | (c3 & 0x3f);
      if (cp < 0x10000 || cp > 0x10ffff) break;
      out[o++] = 0xd800 | ((cp - 0x10000) >> 10);
      out[o++] = 0xdc00 | ((cp - 0x10000) & 0x3ff);
      i += 4;
    } else break;
  }
  if (i < n) return utf8.decode(b);
  // ASCII only (one unit per byte): a one-byte string, as TextDecoder gives, half the memory.
  if (o === n - start) return Buffer.from(b.buffer, b.byteOffset + start, n - start).toString('latin1');
  return Buffer.from(out.buffer, out.byteOffset, o * 2).toString('utf16le');
}

/**
 * The central directory: name → entry. Null when the package uses something
 * this reader does not handle (ZIP64, a comment that hides the end record).
 */
export function openZip(b) {
  const end = endRecord(b);
  return end && centralDirectory(b, end.offset, end.count);
}

/**
 * The end of central directory record in `b` (the whole zip, or its last
 * 65,557 bytes): where the directory is and how many entries it has. Null
 * when there is none, or for ZIP64.
 */
export function endRecord(b) {
  const eocd = endSignatureAt(b);
  if (eocd < 0) return null;
  const count = u16(b, eocd + 10);
  const size = u32(b, eocd + 12);
  const offset = u32(b, eocd + 16);
  if (count === 0xffff || offset === 0xffffffff || size === 0xffffffff) return null;
  return { count, size, offset };
}

/** Where the end of central directory record's signature is in the last 65,557 bytes of `b`; -1 when it is not. */
export function endSignatureAt(b) {
  for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 65535); i--) {
    if (b[i] === 0x50 && b[i + 1] === 0x4b && b[i + 2] === 0x05 && b[i + 3] === 0x06) return i;
  }
  return -1;
}

/** `count` central directory records from b[at]: name → entry; null for what this reader does not handle. */
export function centralDirectory(b, at, count) {
  const entries = new Map();
  let p = at;
  for (let k = 0; k < count; k++) {
    if (p + 46 > b.length || u32(b, p) !== 0x02014b50) throw new Refuse('damaged', 'central directory');
    const flags = u16(b, p + 8);
    const nameLen = u16(b, p + 28);
    const extraLen = u16(b, p + 30);
    const commentLen = u16(b, p + 32);
    if (p + 46 + nameLen > b.length) throw new Refuse('damaged', 'central directory');
    const rawName = b.subarray(p + 46, p + 46 + nameLen);
    const name = (flags & 0x800 ? utf8 : latin1).decode(rawName).replace(/^\//, '');
    const entry = {
      name,
      flags,
      // Made on Unix (the high byte of "version made by" is 3) with the file type of a symbolic link in the mode.
      link: u16(b, p + 4) >> 8 === 3 && ((u32(b, p + 38) >>> 16) & 0xf000) === 0xa000,
      method: u16(b, p + 10),
      crc: u32(b, p + 16),
      csize: u32(b, p + 20),
      usize: u32(b, p + 24),
      local: u32(b, p + 42),
    };
    if (entry.csize === 0xffffffff || entry.usize === 0xffffffff || entry.local === 0xffffffff) return null;
    if (entry.flags & 1) return null; // encrypted entry: SheetJS names it
    if (!entries.has(name)) entries.set(name, entry);
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** Bytes from an entry's local header to the end of its data: 30, then the header's name and extra field lengths. */
export const localHeaderLength = (b) => {
  if (b.length < 30 || u32(b, 0) !== 0x04034b50) return -1;
  return 30 + u16(b, 26) + u16(b, 28);
};

/** One entry's bytes, inflated with native zlib, size and CRC-32 checked. */
export function inflateEntry(b, e, oneChunk = false) {
  const p = e.local;
  if (p + 30 > b.length || u32(b, p) !== 0x04034b50) throw new Refuse('damaged', `local header of ${e.name}`);
  const start = p + 30 + u16(b, p + 26) + u16(b, p + 28);
  if (start + e.csize > b.length) throw new Refuse('damaged', `truncated ${e.name}`);
  const raw = b.subarray(start, start + e.csize);
  let out;
  if (e.method === 0) out = raw;
  else if (e.method === 8) {
    try {
      // One output chunk of the declared size (up to 1 MB) instead of 16 KB chunks joined at the end; a byte
      // more, so that zlib, finding room left, does not allocate another chunk to look for the stream's end.
      // oneChunk (entries of a received zip, their sizes checked against the caps): one chunk whatever the size, nothing joined.
      out = inflateRawSync(raw, { maxOutputLength: Math.max(1, e.usize), chunkSize: oneChunk ? Math.max(e.usize + 1, 64) : Math.min(Math.max(e.usize + 1, 64), 1024 * 1024) });
    } catch {
      throw new Refuse('damaged', `inflate ${e.name}`);
    }
  } else throw new Refuse('damaged', `method ${e.method} of ${e.name}`);
  if (out.length !== e.usize || crc32(out) !== e.crc) throw new Refuse('damaged', `checksum of ${e.name}`);
  return out;
}

/** Deepest element nesting SpreadsheetML or ODF needs is about a dozen. */
const MAX_DEPTH = 100;

const DTD = Buffer.from('<!DOCTYPE');
const ENTITY = Buffer.from('<!ENTITY');
/** Bytes `<!DOCTYPE` and `<!ENTITY`, after their `<!`. */
const DOCTYPE_REST = [0x44, 0x4f, 0x43, 0x54, 0x59, 0x50, 0x45];
const ENTITY_REST = [0x45, 0x4e, 0x54, 0x49, 0x54, 0x59];

const follows = (b, at, rest) => {
  for (let k = 0; k < rest.length; k++) if (b[at + k] !== rest[k]) return false;
  return true;
};

/** A `<!` at `at` that opens a DTD or an entity declaration. */
const declares = (b, at) => b[at + 1] === 0x21 && (follows(b, at + 2, DOCTYPE_REST) || follows(b, at + 2, ENTITY_REST));

/**
 * Refuses a part holding `<!DOCTYPE` or `<!ENTITY` anywhere (in a comment
 * too), or nested deeper than MAX_DEPTH: one pass over the bytes, no parser,
 * no recursion. Every `<` is looked at: found by indexOf between tags (text
 * may be long), by the loop inside a tag (tags are short; a native call per
 * `>` cost three times as much in a sheet, where tags are dense).
 */
export function checkXml(b, name) {
  const n = b.length;
  let depth = 0;
  let i = b.indexOf(0x3c);
  while (i >= 0) {
    const next = b[i + 1];
    if (next === 0x21 && declares(b, i)) throw new Refuse('dtd', `DTD in ${name}`);
    let end = i + 1;
    for (; end < n; end++) {
      const c = b[end];
      if (c === 0x3e) break;
      if (c === 0x3c && declares(b, end)) throw new Refuse('dtd', `DTD in ${name}`);
    }
    if (end >= n) return;
    if (next === 0x2f) depth--;
    else if (next !== 0x3f && next !== 0x21 && b[end - 1] !== 0x2f) {
      // A declaration further on is said first, as it always was.
      if (++depth > MAX_DEPTH) {
        // Searched as bytes (a plain Uint8Array's indexOf looks for one element).
        const all = Buffer.from(b.buffer, b.byteOffset, b.length);
        throw all.indexOf(DTD) >= 0 || all.indexOf(ENTITY) >= 0 ? new Refuse('dtd', `DTD in ${name}`) : new Refuse('too_deep', `nesting in ${name}`);
      }
    }
    // The next '<': a few bytes looked at here (markup), then indexOf (text).
    i = end + 1;
    const near = Math.min(n, i + 64);
    while (i < near && b[i] !== 0x3c) i++;
    if (i >= n) return;
    if (b[i] !== 0x3c) i = b.indexOf(0x3c, i);
  }
}

/**
 * Inflates every entry (so a flipped bit anywhere is caught by its CRC) and
 * refuses DTDs, which OOXML and ODF never use and entity bombs need. Returns
 * the XML parts by name, or null when the package is beyond this reader.
 */
export function readPackage(data) {
  const entries = openZip(data);
  if (!entries) return null;
  // An ODF package saved with a password says so in its manifest; its other parts cannot be inflated.
  const manifest = entries.get('META-INF/manifest.xml');
  const parts = new Map();
  if (manifest) {
    const m = checkedPart(data, manifest);
    if (Buffer.from(m.buffer, m.byteOffset, m.length).indexOf('encryption-data') >= 0) throw new Refuse('encrypted', 'encrypted ODF package');
    parts.set(manifest.name, m);
  }
  for (const e of entries.values()) {
    if (e.name.endsWith('/') || e === manifest) continue;
    if (/\.(xml|rels)$/i.test(e.name) || e.name === 'mimetype') parts.set(e.name, checkedPart(data, e));
    else inflateEntry(data, e);
  }
  return parts;
}

/**
 * Parts seen before, by their compressed bytes. Our writer gives every unit
 * workbook the same app, workbook, relationship and style parts: a part whose
 * compressed bytes, CRC-32 and sizes equal one inflated and checked before
 * inflates to the same bytes (deflate is deterministic), so those bytes, and
 * what was read from them (structureOf, sheetOf), are used again. One slot
 * per part name, filled when a part comes twice in a row; small parts and a
 * few dozen names only (a new name past those takes the oldest one's slot).
 */
const MEMO_PART_BYTES = 64 * 1024;
const MEMO_NAMES = 64;
const memo = new Map();
/**
 * The bytes the memo hands out again: only what was read from these is worth
 * keeping (sheetsRead and the like). A part met once (a workbook's own sheet,
 * its core.xml) is never seen again, and an entry for it in a WeakMap cost
 * more than it could save: V8's minor GC keeps a young key's entry, so each
 * such part and all that was read from it went to the old generation (over a
 * province's 30,000 files the first look alone grew the heap by ~200 MB
 * before a full GC, and the parser worker spent a tenth of its time in GC).
 */
const memoized = new WeakSet();

function compressedOf(b, e) {
  const p = e.local;
  if (p + 30 > b.length || u32(b, p) !== 0x04034b50) return null;
  const start = p + 30 + u16(b, p + 26) + u16(b, p + 28);
  return start + e.csize > b.length ? null : b.subarray(start, start + e.csize);
}

/** One XML part inflated and checked (checkXml), or the very bytes of the last time when it is the same part. */
function checkedPart(b, e) {
  const small = e.csize <= MEMO_PART_BYTES && e.usize <= MEMO_PART_BYTES * 16;
  const key = small ? `${e.method}|${e.crc}|${e.csize}|${e.usize}` : '';
  const slot = small ? memo.get(e.name) : undefined;
  const raw = slot && slot.key === key ? compressedOf(b, e) : null;
  if (raw && slot.raw && slot.raw.equals(raw)) return slot.bytes;
  let bytes = inflateEntry(b, e);
  checkXml(bytes, e.name);
  if (raw) {
    // A stored entry's bytes are a view of the file's, which may be handed on.
    if (e.method === 0) bytes = Buffer.from(bytes);
    memo.set(e.name, { key, raw: Buffer.from(raw), bytes });
    memoized.add(bytes);
  } else if (small) {
    // A name new to a full memo takes the oldest one's slot: a foreign workbook of many parts cannot keep our own out for good.
    if (!slot && memo.size >= MEMO_NAMES) memo.delete(memo.keys().next().value);
    memo.set(e.name, { key, raw: null, bytes: null });
  }
  return bytes;
}


/**
 * The package's parts inflated only when asked for (each checked as
 * readPackage checks it): for reading one small sheet of a workbook, such as
 * the machine sheet, without inflating the rest. Null as for readPackage.
 */
export function lazyPackage(data, maxPartBytes = Infinity) {
  const entries = openZip(data);
  if (!entries) return null;
  const cache = new Map();
  return {
    get(name) {
      if (cache.has(name)) return cache.get(name);
      const e = entries.get(name);
      let bytes;
      if (e && !e.name.endsWith('/')) {
        if (e.usize > maxPartBytes) throw new Bail(`part ${name} is large`);
        bytes = checkedPart(data, e);
      }
      cache.set(name, bytes);
      return bytes;
    },
  };
}

const ENTITIES = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** XML text as SheetJS reads it: entities, then _xHHHH_ escapes, CR LF as LF. */
function text(s) {
  s = entities(s);
  if (s.indexOf('_x') >= 0) s = s.replace(/_x([\da-fA-F]{4})_/gi, (m, c) => String.fromCharCode(parseInt(c, 16)));
  if (s.indexOf('\r\n') >= 0) s = s.replace(/\r\n/g, '\n');
  return s;
}

/** XML text with its entities decoded, and nothing else. */
function entities(s) {
  if (s.indexOf('&') < 0) return s;
  return s.replace(/&([^;&<>]*);?/g, (m, name) => {
    if (m[m.length - 1] !== ';') throw new Bail('bare &');
    if (name in ENTITIES) return ENTITIES[name];
    const num = /^#(?:x([\da-fA-F]+)|(\d+))$/.exec(name);
    const code = num ? (num[1] !== undefined ? parseInt(num[1], 16) : parseInt(num[2], 10)) : NaN;
    if (!(code >= 0 && code <= 0x10ffff)) throw new Bail(`entity ${name}`);
    return String.fromCodePoint(code);
  });
}

function attrs(tag) {
  const out = {};
  const re = /([\w:]+)\s*=\s*"([^"]*)"/g;
  let m;
  while ((m = re.exec(tag))) out[m[1]] = m[2];
  return out;
}

/**
 * A cell tag's r, s and t, the attributes the reader uses (the last of a
 * name, as attrs), in objects of one shape: attrs' objects took a new shape
 * for each new set of names, and the optimised reader was thrown away.
 */
function cellAttrs(tag) {
  const out = { r: undefined, s: undefined, t: undefined };
  const re = /([\w:]+)\s*=\s*"([^"]*)"/g;
  let m;
  while ((m = re.exec(tag))) {
    const k = m[1];
    if (k === 'r') out.r = m[2];
    else if (k === 's') out.s = m[2];
    else if (k === 't') out.t = m[2];
  }
  return out;
}

/** A string item (<si> or <is>): plain <t>, or rich-text runs without phonetic runs. */
function stringItem(x) {
  if (x.indexOf('<![CDATA[') >= 0) throw new Bail('CDATA');
  const plain = /^\s*<t\b[^>]*?(\/>|>([^<]*)<\/t>)\s*$/.exec(x);
  if (plain) return text(plain[2] ?? '');
  if (!/<r\b/.test(x) && /^\s*$/.test(x)) return '';
  if (!/<r\b/.test(x)) throw new Bail('string item');
  const runs = x.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '');
  let s = '';
  const re = /<t\b[^>]*>([^<]*)<\/t>/g;
  let m;
  while ((m = re.exec(runs))) s += m[1];
  return text(s);
}

function cellRef(ref) {
  const m = /^([A-Z]{1,3})(\d{1,7})$/.exec(ref);
  if (!m) throw new Bail(`cell reference ${ref}`);
  let c = 0;
  for (let i = 0; i < m[1].length; i++) c = c * 26 + (m[1].charCodeAt(i) - 64);
  return [Number(m[2]) - 1, c - 1];
}

function rangeRef(ref) {
  const [a, b] = ref.split(':');
  const s = cellRef(a);
  const e = b ? cellRef(b) : s;
  return [s[0], s[1], e[0], e[1]];
}

function resolveTarget(base, target) {
  if (target.startsWith('/')) return target.slice(1);
  const parts = base.split('/').slice(0, -1);
  for (const seg of target.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.' && seg !== '') parts.push(seg);
  }
  return parts.join('/');
}

function xml(parts, name) {
  const b = parts.get(name);
  return b ? decodeUtf8(b) : null;
}

/** A column's letters (0 → A); grid.ts's colName. */
export function columnLetters(c) {
  let s = '';
  for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** A part's relationships: Id → { target (resolved against the part), type }. */
function relationsOf(base, relsXml) {
  const out = new Map();
  for (const m of relsXml.matchAll(/<Relationship\b([^>]*)\/?>/g)) {
    const a = attrs(m[1]);
    if (a.Id && a.Target && a.TargetMode !== 'External') out.set(a.Id, { target: resolveTarget(base, a.Target), type: a.Type ?? '' });
  }
  return out;
}

/** Whether a drawing's or a note's XML holds any text (<a:t>, <t>, <text:p> with something in it). */
const holdsText = (x) => /<(?:a:t|t|text:p|text:span)(?:\s[^>]*)?>\s*[^<\s]/.test(x);

/**
 * What is placed over an .xlsx's sheets rather than typed into its cells, by sheet name: pictures (a drawing's
 * anchored <xdr:pic>, as Excel, WPS and LibreOffice write a picture pasted onto a sheet), text boxes and shapes with
 * text in them (<xdr:sp>), and comments (批注) with text. Each with the cell it is at ('G6': a drawing's top-left
 * corner, a comment's cell; '' for a drawing placed by position alone). Nothing of them is read; the readers say they
 * were there. Empty when the package has no drawing and no comment.
 */
export function sheetDrawn(parts) {
  const out = new Map();
  if (![...parts.keys()].some((k) => k.startsWith('xl/drawings/') || /^xl\/comments[^/]*\.xml$/.test(k))) return out;
  const wbXml = xml(parts, 'xl/workbook.xml');
  const relsXml = xml(parts, 'xl/_rels/workbook.xml.rels');
  if (!wbXml || !relsXml) return out;
  const rels = relationsOf('xl/workbook.xml', relsXml);
  for (const m of wbXml.matchAll(/<sheet\b([^>]*)\/?>/g)) {
    const a = attrs(m[1]);
    const path = rels.get(a['r:id'])?.target;
    const sheetRels = path && xml(parts, path.replace(/([^/]+)$/, '_rels/$1.rels'));
    if (a.name === undefined || !sheetRels) continue;
    const found = [];
    for (const r of relationsOf(path, sheetRels).values()) {
      if (/\/drawing$/.test(r.type)) {
        const d = xml(parts, r.target);
        for (const anchor of d ? d.matchAll(/<(?:xdr:)?(twoCellAnchor|oneCellAnchor|absoluteAnchor)\b[\s\S]*?<\/(?:xdr:)?\1>/g) : []) {
          const kind = /<(?:xdr:)?pic\b/.test(anchor[0]) ? 'picture' : /<(?:xdr:)?sp\b/.test(anchor[0]) && holdsText(anchor[0]) ? 'text' : null;
          if (!kind) continue;
          const from = /<(?:xdr:)?from>\s*<(?:xdr:)?col>(\d+)<\/(?:xdr:)?col>[\s\S]*?<(?:xdr:)?row>(\d+)<\/(?:xdr:)?row>/.exec(anchor[0]);
          found.push({ kind, at: from ? `${columnLetters(Number(from[1]))}${Number(from[2]) + 1}` : '' });
        }
      } else if (/\/comments$/.test(r.type)) {
        const c = xml(parts, r.target);
        for (const note of c ? c.matchAll(/<comment\b([^>]*)>([\s\S]*?)<\/comment>/g) : []) {
          if (holdsText(note[2])) found.push({ kind: 'comment', at: attrs(note[1]).ref ?? '' });
        }
      }
    }
    if (found.length > 0) out.set(text(a.name), found);
  }
  return out;
}

/** What was read from parts before, by their bytes (the same object when the memo hands the part out again: `memoized`). */
const sheetsRead = new WeakMap();
const structures = new WeakMap();
const savedAt = new WeakMap();
const formatsRead = new WeakMap();

/** Whether a number format shows its number as a percentage (a % outside quoted text and escapes). */
export function isPercentFormat(format) {
  return /%/.test(format.replace(/"[^"]*"|\\.|\[[^\]]*\]/g, ''));
}

/** Whether a number format shows a date or a time (y, m, d, h, s outside quoted text, escapes and [colour]/[$-804] tags). */
export function isDateFormat(format) {
  const f = format.replace(/"[^"]*"|\\.|_.|\*./g, '').replace(/\[(?!h+\]|m+\]|s+\])[^\]]*\]/gi, '');
  return /[ymdhs]|上午|下午|AM\/PM|A\/P/i.test(f.replace(/general/gi, ''));
}

/**
 * Built-in number formats that show a date or time, by id: the common ones
 * (as SheetJS has them) and those Chinese Excel and WPS write (27–36, 50–58),
 * which carry no format code in the file.
 */
export const BUILTIN_DATE_FORMATS = {
  14: 'm/d/yy',
  15: 'd-mmm-yy',
  16: 'd-mmm',
  17: 'mmm-yy',
  18: 'h:mm AM/PM',
  19: 'h:mm:ss AM/PM',
  20: 'h:mm',
  21: 'h:mm:ss',
  22: 'm/d/yy h:mm',
  27: 'yyyy"年"m"月"',
  28: 'm"月"d"日"',
  29: 'm"月"d"日"',
  30: 'm-d-yy',
  31: 'yyyy"年"m"月"d"日"',
  32: 'h"时"mm"分"',
  33: 'h"时"mm"分"ss"秒"',
  34: '上午/下午h"时"mm"分"',
  35: '上午/下午h"时"mm"分"ss"秒"',
  36: 'yyyy"年"m"月"',
  45: 'mm:ss',
  46: '[h]:mm:ss',
  47: 'mmss.0',
  50: 'yyyy"年"m"月"',
  51: 'm"月"d"日"',
  52: 'yyyy"年"m"月"',
  53: 'm"月"d"日"',
  54: 'm"月"d"日"',
  55: '上午/下午h"时"mm"分"',
  56: '上午/下午h"时"mm"分"ss"秒"',
  57: 'yyyy"年"m"月"',
  58: 'm"月"d"日"',
};
const BUILTIN_PERCENT = new Set([9, 10]);

/** The Chinese built-in date formats (27–36, 50–58): SheetJS takes them all for m/d/yy (2021年10月 read as 10/1/21). */
const CJK_DATE_IDS = [27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 50, 51, 52, 53, 54, 55, 56, 57, 58];

/**
 * The parts of a package (.xlsx, .ods) to hand SheetJS changed, by name: the Chinese built-in date formats written out
 * (declaredBuiltinFormats), and characters beyond U+FFFF written as numeric references (&#131072;, as openpyxl writes
 * every character outside ASCII) put in as themselves: SheetJS decodes a reference with String.fromCharCode, which
 * keeps its low 16 bits (𠀾 read as >, 𨭉 as 證, an emoji as a private-use character). Empty when nothing needs it.
 */
export function partsForSheetJS(parts) {
  const out = new Map();
  const formats = parts.has('xl/workbook.xml') ? declaredBuiltinFormats(parts) : null;
  if (formats) out.set(formats[0], formats[1]);
  for (const [name, bytes] of parts) {
    if (!name.endsWith('.xml')) continue;
    const src = out.has(name) ? decodeUtf8(out.get(name)) : decodeUtf8(bytes);
    if (!/&#(?:x0*[1-9a-fA-F][0-9a-fA-F]{4,}|0*[1-9]\d{4,});/.test(src)) continue;
    const next = src.replace(/&#(?:x([0-9a-fA-F]+)|(\d+));/g, (m, hex, dec) => {
      const code = hex !== undefined ? parseInt(hex, 16) : parseInt(dec, 10);
      return code > 0xffff && code <= 0x10ffff ? String.fromCodePoint(code) : m;
    });
    if (next !== src) out.set(name, new TextEncoder().encode(next));
  }
  return out;
}

/**
 * An .xlsx package's styles part with the Chinese built-in date formats its cell styles use written out as formats of
 * their own (numFmt elements under their ids), so that SheetJS shows them as the file's program did; null when the
 * styles use none of them (or declare them already). Returns [path, new bytes].
 */
function declaredBuiltinFormats(parts) {
  const rels = xml(parts, 'xl/_rels/workbook.xml.rels');
  if (!rels) return null;
  let path = null;
  for (const m of rels.matchAll(/<Relationship\b([^>]*)\/?>/g)) {
    const a = attrs(m[1]);
    if (a.Target && a.TargetMode !== 'External' && /\/styles$/.test(a.Type ?? '')) path = resolveTarget('xl/workbook.xml', a.Target);
  }
  const styles = path ? xml(parts, path) : null;
  if (!styles) return null;
  const xfs = /<cellXfs\b[^>]*>([\s\S]*?)<\/cellXfs>/.exec(styles);
  if (!xfs) return null;
  const declared = new Set([...styles.matchAll(/<numFmt\b([^>]*)\/?>/g)].map((m) => Number(attrs(m[1]).numFmtId)));
  const used = new Set([...xfs[1].matchAll(/<xf\b([^>]*)\/?>/g)].map((m) => Number(attrs(m[1]).numFmtId)));
  const missing = CJK_DATE_IDS.filter((id) => used.has(id) && !declared.has(id));
  if (missing.length === 0) return null;
  const escape = (s) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  const added = missing.map((id) => `<numFmt numFmtId="${id}" formatCode="${escape(BUILTIN_DATE_FORMATS[id])}"/>`).join('');
  const next = /<numFmts\b[^>]*\/>/.test(styles)
    ? styles.replace(/<numFmts\b[^>]*\/>/, `<numFmts count="${missing.length}">${added}</numFmts>`)
    : /<numFmts\b[^>]*>/.test(styles)
      ? styles.replace(/<numFmts\b([^>]*)>/, (m, a) => `<numFmts${a.replace(/\scount="\d+"/, '')} count="${declared.size + missing.length}">${added}`)
      : styles.replace(/(<styleSheet\b[^>]*>)/, `$1<numFmts count="${missing.length}">${added}</numFmts>`);
  return next === styles ? null : [path, new TextEncoder().encode(next)];
}

/** Two digits: 8 → 08. */
export const pad2 = (n) => String(n).padStart(2, '0');

/**
 * A number in a date or time format, in words, with the parts the format
 * shows: 2021年10月1日, 10月1日, 2021年10月, 12:00, 08:30:15, or both; an
 * elapsed time ([h]:mm) as 1485:36. The 1904 date system counts from
 * 1904-01-01; the 1900 one from 1900-01-01, with Excel's 29 February 1900
 * (serial 60).
 */
export function dateShown(serial, format, date1904) {
  const f = format.replace(/"[^"]*"|\\.|_.|\*./g, '').replace(/\[(?!h+\]|m+\]|s+\])[^\]]*\]/gi, '');
  const total = Math.round(serial * 86400);
  const elapsed = /\[(h+|m+|s+)\]/i.exec(f);
  if (elapsed) {
    const seconds = /s/i.test(f.replace(elapsed[0], '')) || /s/i.test(elapsed[1]);
    const unit = elapsed[1][0].toLowerCase();
    const sign = total < 0 ? '-' : '';
    const t = Math.abs(total);
    if (unit === 'h') return `${sign}${Math.floor(t / 3600)}:${pad2(Math.floor((t % 3600) / 60))}${seconds ? `:${pad2(t % 60)}` : ''}`;
    if (unit === 'm') return `${sign}${Math.floor(t / 60)}:${pad2(t % 60)}`;
    return `${sign}${t}`;
  }
  const core = f.replace(/\[[^\]]*\]/g, '');
  const hasTime = /[hs]/i.test(core) || /上午|下午|AM\/PM|A\/P/i.test(core);
  const hasYear = /y/i.test(core);
  const hasDay = /d/i.test(core);
  const hasDate = hasYear || hasDay || (/m/i.test(core) && !hasTime);
  const days = Math.floor(total / 86400);
  const secs = total - days * 86400;
  const parts = [];
  if (hasDate) {
    let y;
    let mo;
    let d;
    if (!date1904 && days === 60) [y, mo, d] = [1900, 2, 29];
    else {
      const t = new Date(date1904 ? Date.UTC(1904, 0, 1) + days * 86400000 : Date.UTC(1899, 11, 30) + (days < 60 ? days + 1 : days) * 86400000);
      [y, mo, d] = [t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate()];
    }
    parts.push(hasYear && hasDay ? `${y}年${mo}月${d}日` : hasYear ? `${y}年${mo}月` : hasDay ? `${mo}月${d}日` : `${mo}月`);
  }
  if (hasTime) parts.push(`${pad2(Math.floor(secs / 3600))}:${pad2(Math.floor((secs % 3600) / 60))}${/s/i.test(core) ? `:${pad2(secs % 60)}` : ''}`);
  return parts.join(' ');
}

/** Per cell style (the `s` of a cell): 'pct', a date format's code, or null, from the styles part. */
function formatsOf(parts, stylesPath) {
  const bytes = stylesPath ? parts.get(stylesPath) : undefined;
  if (!bytes) return [];
  const hit = formatsRead.get(bytes);
  if (hit) return hit;
  const src = decodeUtf8(bytes);
  const custom = new Map();
  for (const m of src.matchAll(/<numFmt\b([^>]*?)\/?>/g)) {
    const a = attrs(m[1]);
    if (a.numFmtId !== undefined && a.formatCode !== undefined) custom.set(Number(a.numFmtId), text(a.formatCode));
  }
  const out = [];
  const xfs = /<cellXfs\b[^>]*>([\s\S]*?)<\/cellXfs>/.exec(src);
  for (const m of xfs ? xfs[1].matchAll(/<xf\b([^>]*?)\/?>/g) : []) {
    const id = Number(attrs(m[1]).numFmtId ?? 0);
    const code = custom.get(id);
    out.push(code !== undefined ? (isPercentFormat(code) ? 'pct' : isDateFormat(code) ? code : null) : BUILTIN_PERCENT.has(id) ? 'pct' : (BUILTIN_DATE_FORMATS[id] ?? null));
  }
  if (memoized.has(bytes)) formatsRead.set(bytes, out);
  return out;
}

const tooManyCells = () => Object.assign(new Error('too many cells'), { code: 'too_many_cells' });

/**
 * A sheet's cells and merged areas: read again only when its bytes are new
 * or it refers to the shared strings (another workbook's, maybe).
 */
function sheetOf(bytes, sst, budget, formats, date1904) {
  // Kept by its bytes, and used again only with the same styles and date system (they change what a number shows).
  const kept = sheetsRead.get(bytes);
  let sheet = kept && kept.formats === formats && kept.date1904 === date1904 ? kept.sheet : undefined;
  if (!sheet) {
    let usedSst = false;
    const strings = () => {
      usedSst = true;
      return sst();
    };
    sheet = readSheet(decodeUtf8(bytes), strings, budget.left, formats, date1904);
    if (!usedSst && memoized.has(bytes)) sheetsRead.set(bytes, { sheet, formats, date1904 });
  } else if (sheet.cells.length > budget.left) throw tooManyCells();
  budget.left -= sheet.cells.length;
  return sheet;
}

function readSheet(src, sst, maxCells, formats, date1904) {
  if (!/<worksheet[\s>]/.test(src)) throw new Bail('worksheet root');
  const cells = [];
  const a = src.indexOf('<sheetData');
  if (a >= 0) {
    const selfClosed = /^<sheetData\s*\/>/.test(src.slice(a, a + 14));
    const b = selfClosed ? a : src.indexOf('</sheetData>', a);
    if (b < 0) throw new Bail('sheetData');
    const data = src.slice(a, b);
    const re = /<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g;
    let m;
    while ((m = re.exec(data))) {
      const body = m[2];
      if (body === undefined) continue;
      const at = cellAttrs(m[1]);
      if (at.r === undefined) throw new Bail('cell without reference');
      const t = at.t ?? 'n';
      const formula = /<f\b/.test(body) ? 1 : 0;
      const vm = /<v>([^<]*)<\/v>/.exec(body);
      let type;
      let value;
      // A formula without its result (a file written by a program, never calculated): kept as an error cell showing
      // the formula, for the check to say so, not read as empty.
      // (A formula of text, t="str", with an empty result is an empty text, as SheetJS reads it.)
      if (formula && t === 'n' && (!vm || vm[1] === '')) {
        const [r, c] = cellRef(at.r);
        if (cells.length >= maxCells) throw tooManyCells();
        cells.push([r, c, 'e', `=${text(/<f\b[^>]*>([^<]*)<\/f>/.exec(body)?.[1] ?? '')}`, 1]);
        continue;
      }
      switch (t) {
        case 'n': {
          if (!vm || vm[1] === '') continue;
          type = 'n';
          value = parseFloat(vm[1]);
          // A number shows as its format says: a percentage as the number shown, a date as a date.
          const shownAs = at.s === undefined ? null : formats[Number(at.s)];
          if (shownAs === 'pct') value = percentShown(value);
          else if (typeof shownAs === 'string') {
            type = 'd';
            value = dateShown(value, shownAs, date1904);
          }
          break;
        }
        case 's': {
          if (!vm) continue;
          const s = sst()[parseInt(vm[1], 10)];
          if (s === undefined) throw new Bail('shared string index');
          type = 's';
          value = s;
          break;
        }
        case 'str':
          type = 's';
          value = vm ? text(vm[1]) : '';
          break;
        case 'inlineStr': {
          type = 's';
          const is = /<is>([\s\S]*?)<\/is>/.exec(body);
          value = is ? stringItem(is[1]) : '';
          break;
        }
        case 'b':
          if (!vm) continue;
          type = 'b';
          value = vm[1] === '1' || vm[1] === 'true';
          break;
        default:
          throw new Bail(`cell type ${t}`);
      }
      const [r, c] = cellRef(at.r);
      if (cells.length >= maxCells) throw tooManyCells();
      cells.push([r, c, type, value, formula]);
    }
  }
  const merges = [];
  const mre = /<mergeCell\b([^>]*)\/?>/g;
  let mm;
  while ((mm = mre.exec(src))) {
    const ref = attrs(mm[1]).ref;
    if (ref) merges.push(rangeRef(ref));
  }
  return { cells, merges };
}

/**
 * Reads the package when docProps/app.xml names `application` (our writer);
 * throws Bail otherwise, or for anything unusual. Without `sharedStrings`, a
 * cell that refers to the shared strings is unusual too.
 */
export function readOurs(parts, application, maxCells, required, wanted, maxSheets, sharedStrings = true) {
  const { sheets, sstPath, stylesPath, date1904 } = structureOf(parts, application);
  const formats = formatsOf(parts, stylesPath);
  const names = sheets.map((s) => s.name);
  if (sheets.length > maxSheets) throw Object.assign(new Error('too many sheets'), { code: 'too_many_sheets', count: sheets.length });
  if (required && !names.some((n) => sheetKey(n) === sheetKey(required))) {
    throw Object.assign(new Error(`missing sheet ${required}`), { code: 'not_ours', sheetNames: names });
  }
  // Read when a sheet first refers to it: the machine sheet alone has inline strings.
  let sstItems = null;
  const sst = () => {
    if (sstItems) return sstItems;
    if (!sharedStrings) throw new Bail('shared strings not wanted');
    sstItems = [];
    if (sstPath) {
      const src = xml(parts, sstPath);
      if (src === null) throw new Bail('shared strings part');
      if (!/<sst[\s>]/.test(src)) throw new Bail('sst root');
      for (const m of src.matchAll(/<si>([\s\S]*?)<\/si>|<si\s*\/>/g)) sstItems.push(m[1] === undefined ? '' : stringItem(m[1]));
    }
    return sstItems;
  };
  const budget = { left: maxCells };
  const out = [];
  for (const s of sheets) {
    if (wanted && wanted.length && !sheetWanted(wanted, s.name)) continue;
    const bytes = s.path ? parts.get(s.path) : undefined;
    if (bytes === undefined) throw new Bail('sheet part');
    const { cells, merges } = sheetOf(bytes, sst, budget, formats, date1904);
    out.push({ name: s.name, hidden: s.hidden, cells, merges });
  }
  return { sheets: out, names, modified: modifiedOf(parts.get('docProps/core.xml')), application, date1904 };
}

/** When the file was last saved, from docProps/core.xml; null when it does not say. */
function modifiedOf(bytes) {
  if (!bytes) return null;
  if (savedAt.has(bytes)) return savedAt.get(bytes);
  const mod = /<dcterms:modified\b[^>]*>([^<]*)<\//.exec(decodeUtf8(bytes));
  let modified = null;
  if (mod) {
    const d = new Date(text(mod[1]));
    if (Number.isNaN(d.getTime())) throw new Bail('modified date');
    modified = d.toISOString();
  }
  if (memoized.has(bytes)) savedAt.set(bytes, modified);
  return modified;
}

/**
 * The workbook's sheets (name, visibility, part), its shared strings' part
 * and date system, when docProps/app.xml names `application`; Bail
 * otherwise, or for anything unusual.
 */
function structureOf(parts, application) {
  const appB = parts.get('docProps/app.xml');
  const wbB = parts.get('xl/workbook.xml');
  const relsB = parts.get('xl/_rels/workbook.xml.rels');
  const hit = wbB && structures.get(wbB);
  if (hit && hit.app === appB && hit.rels === relsB && hit.application === application) return hit.value;
  const app = appB ? decodeUtf8(appB) : null;
  const appName = app && /<Application>([^<]*)<\/Application>/.exec(app);
  if (!appName || text(appName[1]) !== application) throw new Bail('not our writer');
  const wbXml = wbB ? decodeUtf8(wbB) : null;
  const relsXml = relsB ? decodeUtf8(relsB) : null;
  if (!wbXml || !relsXml || !/<workbook[\s>]/.test(wbXml)) throw new Bail('workbook part');
  const rels = new Map();
  let sstPath = null;
  let stylesPath = null;
  for (const m of relsXml.matchAll(/<Relationship\b([^>]*)\/?>/g)) {
    const a = attrs(m[1]);
    if (!a.Id || !a.Target) continue;
    if (a.TargetMode === 'External') continue;
    const target = resolveTarget('xl/workbook.xml', a.Target);
    rels.set(a.Id, target);
    if (/\/sharedStrings$/.test(a.Type ?? '')) sstPath = target;
    if (/\/styles$/.test(a.Type ?? '')) stylesPath = target;
  }
  const sheets = [];
  for (const m of wbXml.matchAll(/<sheet\b([^>]*)\/?>/g)) {
    const a = attrs(m[1]);
    const rid = a['r:id'];
    if (a.name === undefined || !rid) throw new Bail('sheet entry');
    sheets.push({ name: text(a.name), hidden: a.state === 'veryHidden' ? 2 : a.state === 'hidden' ? 1 : 0, path: rels.get(rid) });
  }
  const pr = /<workbookPr\b([^>]*)\/?>/.exec(wbXml);
  const d1904 = pr ? attrs(pr[1]).date1904 : undefined;
  const value = { sheets, sstPath, stylesPath, date1904: d1904 === '1' || d1904 === 'true' };
  if (memoized.has(wbB)) structures.set(wbB, { app: appB, rels: relsB, application, value });
  return value;
}

/**
 * A number kept as a fraction and shown as a percentage, as the number shown:
 * Excel, WPS and LibreOffice keep 25.5% typed into a cell as 0.255, and the
 * person meant 25.5 (a 完成比例 of 60% is 60).
 */
export function percentShown(value) {
  return Number((value * 100).toPrecision(12));
}

const ODS_MIME = 'application/vnd.oasis.opendocument.spreadsheet';
const ODS_MAX_REPEAT_TEXT = 10000;

/** An ODF attribute's value, entities decoded (and nothing else: office:string-value keeps `_x0041_`); undefined when absent. */
function odfAttr(tag, name) {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m ? entities(m[1]) : undefined;
}

/**
 * White space in a paragraph's XML text. ODF says a run of white space is
 * one space (spaces that matter are to be written as <text:s/>), but
 * LibreOffice writes the inner and trailing spaces of a text literally and
 * only a leading space as <text:s/>: spaces are kept as they are, and only a
 * run with a tab or line end (XML laid out for reading) becomes one space.
 */
const odfCollapse = (s) => s.replace(/ *[\t\r\n][ \t\r\n]*/g, ' ');

/** The text of one paragraph's content: text:s, text:tab, text:line-break, spans and links; anything else makes the reader step aside. */
function odfParagraph(x) {
  let out = '';
  const re = /<([^>]*)>|([^<]+)/g;
  let m;
  while ((m = re.exec(x))) {
    if (m[2] !== undefined) {
      // Entities only: an ODF cell keeps `_x0041_` as typed.
      out += entities(odfCollapse(m[2]));
      continue;
    }
    const tag = m[1];
    const name = /^\/?([\w:.-]+)/.exec(tag)?.[1];
    if (name === 'text:s') {
      const c = Number(odfAttr(tag, 'text:c') ?? '1');
      if (!Number.isInteger(c) || c < 0 || c > ODS_MAX_REPEAT_TEXT) throw new Bail('text:s count');
      out += ' '.repeat(c);
    } else if (name === 'text:tab') out += '\t';
    else if (name === 'text:line-break') out += '\n';
    else if (name === 'text:span' || name === 'text:a' || name === 'text:soft-page-break' || name === 'text:bookmark' || name === 'text:bookmark-start' || name === 'text:bookmark-end') continue;
    else throw new Bail(`odf element ${name}`);
  }
  return out;
}

/**
 * Reads an OpenDocument spreadsheet (a unit workbook saved by LibreOffice or
 * WPS as .ods) from content.xml: each cell's text exactly as the file keeps
 * it (SheetJS trims a paragraph's trailing spaces and decodes `_x0041_`,
 * which an .ods keeps literally). A number shown as a percentage is read as
 * the number shown, as for .xlsx. Throws Bail for anything unusual (dates,
 * nested tables, drawings, unknown text elements).
 */
export function readOds(parts, maxCells, required, wanted, maxSheets) {
  const mime = parts.get('mimetype');
  if (!mime || latin1.decode(mime).trim() !== ODS_MIME) throw new Bail('not an ods');
  const contentBytes = parts.get('content.xml');
  if (!contentBytes) throw new Bail('content part');
  const src = decodeUtf8(contentBytes);
  const a = src.indexOf('<office:spreadsheet');
  const b = src.lastIndexOf('</office:spreadsheet>');
  if (a < 0 || b < a) throw new Bail('spreadsheet body');
  // Tables hidden by their automatic style (table:display="false").
  const hiddenStyles = new Set();
  for (const m of src.slice(0, a).matchAll(/<style:style\b([^>]*)>([\s\S]*?)<\/style:style>/g)) {
    if (odfAttr(m[1], 'style:family') === 'table' && /table:display="false"/.test(m[2])) hiddenStyles.add(odfAttr(m[1], 'style:name'));
  }
  const body = src.slice(a, b);
  const tables = [];
  for (const m of body.matchAll(/<table:table(?=[\s/>])([^>]*?)(?:\/>|>([\s\S]*?)<\/table:table>)/g)) {
    const xml = m[2] ?? '';
    if (/<table:table[\s/>]/.test(xml)) throw new Bail('nested table');
    const name = odfAttr(m[1], 'table:name');
    if (name === undefined) throw new Bail('table name');
    tables.push({ name, hidden: hiddenStyles.has(odfAttr(m[1], 'table:style-name')) ? 1 : 0, xml });
  }
  const names = tables.map((t) => t.name);
  if (tables.length > maxSheets) throw Object.assign(new Error('too many sheets'), { code: 'too_many_sheets', count: tables.length });
  if (required && !names.some((n) => sheetKey(n) === sheetKey(required))) throw Object.assign(new Error(`missing sheet ${required}`), { code: 'not_ours', sheetNames: names });
  const budget = { left: maxCells };
  const sheets = [];
  for (const t of tables) {
    if (wanted && wanted.length && !sheetWanted(wanted, t.name)) continue;
    const { cells, merges, drawn } = odsTable(t.xml, budget);
    // Placed on the sheet by position (anchored to the page, not a cell): where is not said.
    for (const shapes of t.xml.matchAll(/<table:shapes>([\s\S]*?)<\/table:shapes>/g)) drawn.push(...odsDrawn(shapes[1], ''));
    sheets.push({ name: t.name, hidden: t.hidden, cells, merges, ...(drawn.length > 0 ? { drawn } : {}) });
  }
  return { sheets, names, ...odsMeta(parts), date1904: false };
}

/**
 * An .ods package's save time and the program that saved it, from meta.xml: whichever reader reads its cells (SheetJS
 * reads no meta.xml, and reads the .ods this reader steps aside from: one with a date cell, say).
 */
export function odsMeta(parts) {
  const meta = parts.get('meta.xml') ? decodeUtf8(parts.get('meta.xml')) : '';
  const generator = /<meta:generator>([^<]*)<\/meta:generator>/.exec(meta);
  const date = /<dc:date>([^<]*)<\/dc:date>/.exec(meta);
  // ODF keeps local time without a zone (LibreOffice: "2026-11-29T16:15:34.51"): the unit's, China time, whatever the reader's zone.
  const stamp = date ? text(date[1]) : null;
  const when = stamp ? new Date(/(Z|[+-]\d\d:?\d\d)$/i.test(stamp) ? stamp : `${stamp}+08:00`) : null;
  return { modified: when && !Number.isNaN(when.getTime()) ? when.toISOString() : null, application: generator ? text(generator[1]) : null };
}

function odsTable(xml, budget) {
  const cells = [];
  const merges = [];
  const drawn = [];
  let r = 0;
  for (const row of xml.matchAll(/<table:table-row(?=[\s/>])([^>]*?)(?:\/>|>([\s\S]*?)<\/table:table-row>)/g)) {
    const rowRepeat = Number(odfAttr(row[1], 'table:number-rows-repeated') ?? '1');
    if (!Number.isInteger(rowRepeat) || rowRepeat < 1) throw new Bail('rows repeated');
    const found = [];
    const spans = [];
    let c = 0;
    for (const cell of (row[2] ?? '').matchAll(/<table:(table-cell|covered-table-cell)(?=[\s/>])([^>]*?)(?:\/>|>([\s\S]*?)<\/table:\1>)/g)) {
      const repeat = Number(odfAttr(cell[2], 'table:number-columns-repeated') ?? '1');
      if (!Number.isInteger(repeat) || repeat < 1) throw new Bail('columns repeated');
      // A picture, a text box or a comment anchored to the cell (LibreOffice writes them inside the cell's element): not
      // read, said by the cell.
      if (cell[3]?.includes('<draw:') || cell[3]?.includes('<office:annotation')) drawn.push(...odsDrawn(cell[3], `${columnLetters(c)}${r + 1}`));
      // A covered cell's own text too (under a merge: LibreOffice keeps it when asked to): Grid drops it and says it.
      const v = odsValue(cell[2], cell[3] ?? '');
      const spanC = Number(odfAttr(cell[2], 'table:number-columns-spanned') ?? '1');
      const spanR = Number(odfAttr(cell[2], 'table:number-rows-spanned') ?? '1');
      const formula = odfAttr(cell[2], 'table:formula') !== undefined ? 1 : 0;
      for (let k = 0; k < repeat; k++) {
        if (v) found.push([c + k, v[0], v[1], formula]);
        if (spanC > 1 || spanR > 1) spans.push([c + k, spanR, spanC]);
      }
      c += repeat;
    }
    if (found.length > 0 || spans.length > 0) {
      for (let k = 0; k < rowRepeat; k++) {
        for (const [col, type, value, formula] of found) {
          if (cells.length >= budget.left) throw tooManyCells();
          cells.push([r + k, col, type, value, formula]);
        }
        for (const [col, rows, cols] of spans) merges.push([r + k, col, r + k + rows - 1, col + cols - 1]);
      }
    }
    r += rowRepeat;
  }
  budget.left -= cells.length;
  return { cells, merges, drawn };
}

/** Pictures, text boxes or shapes with text, and comments in a piece of an .ods table, each at `at`. */
function odsDrawn(x, at) {
  const out = [];
  for (const f of x.matchAll(/<draw:(frame|custom-shape|rect|ellipse)\b[\s\S]*?<\/draw:\1>/g)) {
    if (f[0].includes('<draw:image')) out.push({ kind: 'picture', at });
    else if (holdsText(f[0])) out.push({ kind: 'text', at });
  }
  for (const n of x.matchAll(/<office:annotation\b[\s\S]*?<\/office:annotation>/g)) {
    // (The author and date are in dc: elements, not in paragraphs.)
    if (holdsText(n[0].replace(/<dc:[\s\S]*?<\/dc:[a-z]+>/g, '').replace(/<meta:[\s\S]*?<\/meta:[a-z-]+>/g, ''))) out.push({ kind: 'comment', at });
  }
  return out;
}

/** A cell's [type, value], or null when it is empty. */
/** A picture or shape LibreOffice anchors to a cell is written inside the cell's element, beside its text. */
const CELL_DRAWINGS = /<draw:([\w-]+)\b(?:[^>]*\/>|[\s\S]*?<\/draw:\1>)/g;

function odsValue(tag, inner) {
  // A picture anchored to the cell is not the cell's text: passed over (SheetJS, to which the cell was handed, dropped
  // the text beside it, a 工作进展 or a 状态 the clerk could see).
  if (inner.includes('<draw:')) inner = inner.replace(CELL_DRAWINGS, '');
  if (/<(draw|table):/.test(inner)) throw new Bail('cell content');
  const type = odfAttr(tag, 'office:value-type');
  if (type === undefined) return null;
  switch (type) {
    case 'string': {
      const content = inner.replace(/<office:annotation\b[\s\S]*?<\/office:annotation>/g, '');
      const paras = [];
      for (const p of content.matchAll(/<text:p(?=[\s/>])[^>]*?(?:\/>|>([\s\S]*?)<\/text:p>)/g)) paras.push(odfParagraph(p[1] ?? ''));
      if (/<text:(?!p[\s/>]|s[\s/>]|tab[\s/>]|line-break[\s/>]|span[\s/>]|a[\s/>]|soft-page-break[\s/>]|bookmark)/.test(content)) throw new Bail('text element');
      const value = odfAttr(tag, 'office:string-value');
      return ['s', value !== undefined ? value : paras.join('\n')];
    }
    case 'float':
    case 'currency': {
      // TRUE and FALSE as LibreOffice keeps them from a spreadsheet's booleans: a number with the formula =TRUE(), shown TRUE.
      const formula = odfAttr(tag, 'table:formula');
      if (formula !== undefined && /^of:=(TRUE|FALSE)\(\)$/i.test(formula)) return ['b', /TRUE/i.test(formula)];
      const n = Number(odfAttr(tag, 'office:value'));
      if (!Number.isFinite(n)) throw new Bail('number');
      return ['n', n];
    }
    case 'percentage': {
      const n = Number(odfAttr(tag, 'office:value'));
      if (!Number.isFinite(n)) throw new Bail('number');
      return ['n', percentShown(n)];
    }
    case 'boolean':
      return ['b', odfAttr(tag, 'office:boolean-value') === 'true'];
    case 'date': {
      // A date (typed into a text cell, say): as shown when shown in Chinese (2021年10月: a year and month), else in
      // words from its value, with the time when it has one (as the SheetJS reader says a date).
      const m = /^(\d{4})-(\d\d)-(\d\d)(?:T(\d\d):(\d\d))?/.exec(odfAttr(tag, 'office:date-value') ?? '');
      if (!m) throw new Bail('date value');
      const paras = [...inner.matchAll(/<text:p(?=[\s/>])[^>]*?(?:\/>|>([\s\S]*?)<\/text:p>)/g)].map((p) => odfParagraph(p[1] ?? ''));
      const shown = paras.join('').trim();
      if (/^(\d{4}年)?\d{1,2}月(\d{1,2}日)?$|^\d{4}年\d{1,2}月\d{1,2}日(\s+\d{1,2}:\d\d(:\d\d)?)?$/.test(shown)) return ['d', shown];
      const time = m[4] !== undefined && (m[4] !== '00' || m[5] !== '00') ? ` ${m[4]}:${m[5]}` : '';
      return ['d', `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日${time}`];
    }
    default:
      throw new Bail(`value type ${type}`);
  }
}
