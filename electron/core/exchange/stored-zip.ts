/**
 * A .zip written a piece at a time through a sink, its entries stored as they
 * are (not deflated: what goes in is mostly photos, video, PDF and Office
 * files, compressed already), named in UTF-8 and "made by Unix" (ZIP_ENTRY).
 * What the unit's bundle and the 佐证材料包 are written with.
 *
 * Any size: an entry of 4 GiB or more, an entry starting 4 GiB or more into
 * the file, a central directory that does, or 65,535 entries or more, are
 * written with ZIP64's records (APPNOTE 6.3.10, 4.5.3 and 4.3.14); a
 * package within the classic limits is written without them. Read back in
 * tests by Python's zipfile, Info-ZIP's unzip and fflate (and, in a review,
 * 7-Zip, bsdtar and Java's ZipFile); Windows' own 全部解压缩 and macOS's
 * Archive Utility could not be tried here.
 */
import { statSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { AppError, ERROR_CODES } from '../../../shared/errors';
import { readInPieces } from '../fsutil';
import { dosDateTime, ZIP_ENTRY } from './excel-text';

const MAX32 = 0xffffffff;
const MAX16 = 0xffff;
const UTF8_NAME = 0x0800;
const DATA_DESCRIPTOR = 0x0008;
/** Version 2.0; 4.5 for an entry or an archive with ZIP64 records. */
const V20 = 20;
const V45 = 45;

/** Where ZIP64 begins: the classic fields' limits. Tests lower them to write ZIP64's records for small files. */
export interface Zip64From {
  /** A size or offset at or above this is written in a ZIP64 field. */
  bytes: number;
  /** This many entries or more are counted in the ZIP64 end record. */
  entries: number;
}

const CLASSIC: Zip64From = { bytes: MAX32, entries: MAX16 };

interface Written {
  name: Buffer;
  flags: number;
  crc: number;
  size: number;
  offset: number;
  /** Whether the local header carried a ZIP64 field (then the version needed is 4.5 in both headers). */
  zip64Local: boolean;
}

/** A ZIP64 extended information field (0x0001) holding `values`, each eight bytes. */
function zip64Field(values: number[]): Buffer {
  const b = Buffer.alloc(4 + 8 * values.length);
  b.writeUInt16LE(0x0001, 0);
  b.writeUInt16LE(8 * values.length, 2);
  values.forEach((v, i) => b.writeBigUInt64LE(BigInt(v), 4 + 8 * i));
  return b;
}

export class StoredZip {
  private at = 0;
  private readonly written: Written[] = [];
  private readonly stamp: number;

  constructor(
    private readonly sink: (chunk: Uint8Array) => void,
    mtime: Date,
    private readonly from: Zip64From = CLASSIC,
  ) {
    this.stamp = dosDateTime(mtime);
  }

  private emit(b: Uint8Array): void {
    this.sink(b);
    this.at += b.length;
  }

  /** The local header; `known`: the entry's CRC and size, or (streamed) none, then a data descriptor follows the data. */
  private local(name: string, known: { crc: number; size: number } | null, zip64: boolean): Written {
    const nameBytes = Buffer.from(name, 'utf8');
    // Names are capped long before this (paths in a package stay under 160 characters); said in words all the same.
    if (nameBytes.length > MAX16) throw new AppError(ERROR_CODES.invalidInput, `压缩包中的文件名过长（${nameBytes.length} 字节，上限 65535）：${Array.from(name).slice(0, 40).join('')}…`);
    const flags = (nameBytes.length !== name.length ? UTF8_NAME : 0) | (known ? 0 : DATA_DESCRIPTOR);
    // Sizes in the ZIP64 field: the entry's own, or zeros before a descriptor with eight-byte sizes.
    const extra = zip64 ? zip64Field([known?.size ?? 0, known?.size ?? 0]) : Buffer.alloc(0);
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0);
    h.writeUInt16LE(zip64 ? V45 : V20, 4);
    h.writeUInt16LE(flags, 6);
    h.writeUInt16LE(0, 8); // stored
    h.writeUInt32LE(this.stamp, 10);
    h.writeUInt32LE(known?.crc ?? 0, 14);
    // With the ZIP64 field, 0xFFFFFFFF says "see there" (APPNOTE 4.5.3), a streamed entry's too (as Python's zipfile and libarchive write it).
    const size32 = zip64 ? MAX32 : (known?.size ?? 0);
    h.writeUInt32LE(size32, 18);
    h.writeUInt32LE(size32, 22);
    h.writeUInt16LE(nameBytes.length, 26);
    h.writeUInt16LE(extra.length, 28);
    const w: Written = { name: nameBytes, flags, crc: known?.crc ?? 0, size: known?.size ?? 0, offset: this.at, zip64Local: zip64 };
    this.emit(Buffer.concat([h, nameBytes, extra]));
    return w;
  }

  /** An entry of bytes at hand. */
  add(name: string, bytes: Uint8Array): void {
    const w = this.local(name, { crc: crc32(bytes), size: bytes.length }, bytes.length >= this.from.bytes);
    this.emit(bytes);
    this.written.push(w);
  }

  /**
   * An entry read from a file a piece at a time (the event loop given its
   * turns between pieces); the file's SHA-256. A failure to read the file is
   * said by `unreadable`; one to write (the sink's: a full disk) is thrown as
   * it is. `known`: its CRC-32 and size from a pass before (the caller's
   * check), so the local header carries them and no data descriptor follows
   * (streaming readers such as Java's ZipInputStream cannot read a stored
   * entry with one); a file that differs from them is said by `unreadable`.
   */
  async addFile(name: string, path: string, turn: () => Promise<void>, unreadable: (err: unknown) => Error, known?: { crc: number; size: number }): Promise<string> {
    let declared: number;
    try {
      declared = known?.size ?? statSync(path).size;
    } catch (err) {
      throw unreadable(err);
    }
    // A file of 4 GiB or more gets ZIP64's field in its local header (its descriptor, if any, carries eight-byte sizes).
    const zip64 = declared >= this.from.bytes;
    const w = this.local(name, known ?? null, zip64);
    let writing: unknown = null;
    let crc = 0;
    let read: { sha256: string; bytes: number };
    try {
      read = await readInPieces(
        path,
        (b) => {
          try {
            crc = crc32(b, crc);
            this.emit(b);
          } catch (err) {
            writing = err;
            throw err;
          }
        },
        turn,
      );
    } catch (err) {
      throw writing ?? unreadable(err);
    }
    if (known) {
      // The header said what it would hold: the file must be what the pass before found.
      if (read.bytes !== known.size || crc !== known.crc) throw unreadable(new Error(`文件在读取时被改动${read.bytes !== known.size ? `（${known.size} → ${read.bytes} 字节）` : ''}`));
      this.written.push(w);
      return read.sha256;
    }
    // Grown past 4 GiB while it was read: its descriptor's four-byte sizes could not say so.
    if (!zip64 && read.bytes >= this.from.bytes) throw unreadable(new Error(`文件在读取时变大（${declared} → ${read.bytes} 字节）`));
    const d = Buffer.alloc(zip64 ? 24 : 16);
    d.writeUInt32LE(0x08074b50, 0);
    d.writeUInt32LE(crc, 4);
    if (zip64) {
      d.writeBigUInt64LE(BigInt(read.bytes), 8);
      d.writeBigUInt64LE(BigInt(read.bytes), 16);
    } else {
      d.writeUInt32LE(read.bytes, 8);
      d.writeUInt32LE(read.bytes, 12);
    }
    this.emit(d);
    this.written.push({ ...w, crc, size: read.bytes });
    return read.sha256;
  }

  /** The central directory and the end records. */
  end(): void {
    const over = (n: number): boolean => n >= this.from.bytes;
    const start = this.at;
    for (const w of this.written) {
      // In the order APPNOTE 4.5.3 gives: uncompressed size, compressed size, offset of the local header.
      const big = [...(over(w.size) ? [w.size, w.size] : []), ...(over(w.offset) ? [w.offset] : [])];
      const extra = big.length ? zip64Field(big) : Buffer.alloc(0);
      const version = big.length || w.zip64Local ? V45 : V20;
      const c = Buffer.alloc(46);
      c.writeUInt32LE(0x02014b50, 0);
      c.writeUInt16LE((ZIP_ENTRY.os << 8) | version, 4);
      c.writeUInt16LE(version, 6);
      c.writeUInt16LE(w.flags, 8);
      c.writeUInt16LE(0, 10);
      c.writeUInt32LE(this.stamp, 12);
      c.writeUInt32LE(w.crc, 16);
      c.writeUInt32LE(over(w.size) ? MAX32 : w.size, 20);
      c.writeUInt32LE(over(w.size) ? MAX32 : w.size, 24);
      c.writeUInt16LE(w.name.length, 28);
      c.writeUInt16LE(extra.length, 30);
      // comment length, disk number, internal attributes: 0
      c.writeUInt32LE(ZIP_ENTRY.attrs >>> 0, 38);
      c.writeUInt32LE(over(w.offset) ? MAX32 : w.offset, 42);
      this.emit(Buffer.concat([c, w.name, extra]));
    }
    const size = this.at - start;
    const count = this.written.length;
    const manyEntries = count >= this.from.entries;
    if (manyEntries || over(start) || over(size)) {
      const endAt = this.at;
      const e64 = Buffer.alloc(56);
      e64.writeUInt32LE(0x06064b50, 0);
      e64.writeBigUInt64LE(44n, 4); // the record's size after this field
      e64.writeUInt16LE((ZIP_ENTRY.os << 8) | V45, 12);
      e64.writeUInt16LE(V45, 14);
      // this disk, the disk the directory starts on: 0
      e64.writeBigUInt64LE(BigInt(count), 24);
      e64.writeBigUInt64LE(BigInt(count), 32);
      e64.writeBigUInt64LE(BigInt(size), 40);
      e64.writeBigUInt64LE(BigInt(start), 48);
      const locator = Buffer.alloc(20);
      locator.writeUInt32LE(0x07064b50, 0);
      locator.writeBigUInt64LE(BigInt(endAt), 8);
      locator.writeUInt32LE(1, 16); // disks in all
      this.emit(Buffer.concat([e64, locator]));
    }
    const e = Buffer.alloc(22);
    e.writeUInt32LE(0x06054b50, 0);
    e.writeUInt16LE(manyEntries ? MAX16 : count, 8);
    e.writeUInt16LE(manyEntries ? MAX16 : count, 10);
    e.writeUInt32LE(over(size) ? MAX32 : size, 12);
    e.writeUInt32LE(over(start) ? MAX32 : start, 16);
    this.emit(e);
  }
}
