/**
 * Text going into ExcelJS. Three problems are handled here:
 * - XML 1.0 cannot carry most control characters, and turns CR into LF: the
 *   text is normalised the way a spreadsheet would keep it.
 * - ExcelJS 4.4.0 encodes its XML in chunks and splits a surrogate pair that
 *   falls on a chunk boundary, turning an emoji into two U+FFFD. So every
 *   character outside the BMP (and our two marker characters themselves) is
 *   written as a private-use marker and put back into the package afterwards.
 * - A literal "_x0041_" in a text is read back by Excel, WPS and SheetJS as
 *   the escaped character ("A"); ExcelJS does not protect it, so its "_" is
 *   written escaped (_x005F_), as our own writer does (xlsx-writer.ts).
 */
import { crc32, deflateRawSync } from 'node:zlib';
import { strFromU8, strToU8, unzipSync } from 'fflate';
import { normalizeText } from './content';
import { CHINA_OFFSET_MS } from '../../../shared/period';

const OPEN = '\ue000';
const CLOSE = '\ue001';
const NEEDS_MARKER = /[\u{10000}-\u{10ffff}\ue000\ue001]/gu;
const MARKER = /\ue000([0-9a-f]{1,6})\ue001/g;

export function cellText(s: string): string {
  return normalizeText(s)
    .replace(/_(?=x[0-9a-fA-F]{4}_)/g, '_x005F_')
    .replace(NEEDS_MARKER, (ch) => `${OPEN}${(ch.codePointAt(0) as number).toString(16)}${CLOSE}`);
}

/** U+E000 (OPEN) in UTF-8: a part without these bytes has no marker and is left as it is. */
const OPEN_UTF8 = Buffer.from(OPEN, 'utf8');

export interface FinishOptions {
  /** Whole entries to put in place of ExcelJS's. */
  replace?: Record<string, string>;
  /** The entries' modified time (default: now). */
  mtime?: Date;
}

/**
 * Puts the marked characters back, optionally replaces whole entries, and
 * zips the package again. ExcelJS's own compression is wasted here: writers
 * ask it for a stored package (`STORED_PACKAGE`), which unzips almost for
 * free, and the package is deflated once, natively (zlib).
 */
export function finishPackage(xlsx: Uint8Array, opts: FinishOptions = {}): Buffer {
  const entries = unzipSync(xlsx);
  for (const [name, data] of Object.entries(entries)) {
    if (!name.endsWith('.xml') || Buffer.from(data.buffer, data.byteOffset, data.byteLength).indexOf(OPEN_UTF8) < 0) continue;
    const xml = strFromU8(data);
    entries[name] = strToU8(xml.replace(MARKER, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16))));
  }
  for (const [name, xml] of Object.entries(opts.replace ?? {})) entries[name] = strToU8(xml);
  return zipPackage(entries, opts.mtime ?? new Date());
}

/** Deflate level of the finished package. */
export const PACKAGE_LEVEL = 6;

/**
 * Zip entries "made by Unix" with ordinary file permissions: with their UTF-8
 * flag, Chinese names are read right by Windows, 7-Zip and Debian's unzip (made
 * by MS-DOS, the last converts them from a DOS code page and garbles them).
 */
export const ZIP_ENTRY = { os: 3, attrs: 0o100644 << 16 } as const;

/** ExcelJS write options for a package that `finishPackage` zips again. */
export const STORED_PACKAGE = { zip: { compression: 'STORE' } } as const;

/**
 * MS-DOS date and time (2-second steps, no zone), as zip entries carry them: in China time, as the computers that unzip
 * them show it (and as the app shows every time), whatever zone the computer that zipped them is set to.
 */
export function dosDateTime(at: Date): number {
  const t = new Date(at.getTime() + CHINA_OFFSET_MS);
  const year = Math.min(Math.max(t.getUTCFullYear(), 1980), 2107) - 1980;
  const date = (year << 9) | ((t.getUTCMonth() + 1) << 5) | t.getUTCDate();
  const time = (t.getUTCHours() << 11) | (t.getUTCMinutes() << 5) | (t.getUTCSeconds() >> 1);
  return ((date << 16) | time) >>> 0;
}

/**
 * A plain zip (no data descriptors, no zip64): every entry deflated with
 * zlib, except empty ones (folders), which are stored. Entries keep their order.
 */
export function zipPackage(entries: Record<string, Uint8Array>, mtime: Date): Buffer {
  const stamp = dosDateTime(mtime);
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of Object.entries(entries)) {
    const nameBytes = Buffer.from(name, 'utf8');
    const utf8Flag = nameBytes.length !== name.length ? 0x0800 : 0;
    const stored = data.length === 0;
    const body = stored ? Buffer.alloc(0) : deflateRawSync(data, { level: PACKAGE_LEVEL });
    const crc = crc32(data);
    const local = Buffer.alloc(30 + nameBytes.length);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0
    local.writeUInt16LE(utf8Flag, 6);
    local.writeUInt16LE(stored ? 0 : 8, 8);
    local.writeUInt32LE(stamp, 10);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(0, 28);
    nameBytes.copy(local, 30);
    const central = Buffer.alloc(46 + nameBytes.length);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // made by: MS-DOS, 2.0
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(utf8Flag, 8);
    central.writeUInt16LE(stored ? 0 : 8, 10);
    central.writeUInt32LE(stamp, 12);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    // extra, comment, disk number, internal attributes: 0
    central.writeUInt32LE(name.endsWith('/') ? 0x10 : 0, 38); // external: MS-DOS directory bit
    central.writeUInt32LE(offset, 42);
    nameBytes.copy(central, 46);
    locals.push(local, body);
    centrals.push(central);
    offset += local.length + body.length;
  }
  const centralSize = centrals.reduce((n, c) => n + c.length, 0);
  if (offset + centralSize > 0xffffffff || centrals.length > 0xffff) throw new RangeError('package too large for a zip without zip64');
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(centrals.length, 8);
  end.writeUInt16LE(centrals.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}
