/**
 * A received .zip read one entry at a time: its central directory up front,
 * each entry inflated (size and CRC-32 checked) only when asked for. A zip on
 * disk is read with positional reads, never whole, so a folder of large
 * bundles never sits in memory at once; a zip inside a zip is inflated when
 * one of its entries is wanted, a few kept (ZipCache) while their files are
 * read one after another.
 */
import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { PIECE_BYTES, readFully } from '../fsutil';
import { unzipSync } from 'fflate';
import { centralDirectory, endRecord, endSignatureAt, inflateEntry, localHeaderLength, openZip, Refuse, type ZipEntry } from './fast-xlsx.mjs';
import { zipDirectory } from './zip-guard';

export interface ZipItem {
  name: string;
  /** Compressed and uncompressed sizes, as the directory declares them. */
  size: number;
  originalSize: number;
  /** Stored without the UTF-8 flag: the name was read as Latin-1 (see sources.ts entryName). */
  unflagged: boolean;
  /** A symbolic link zipped as one (`zip -y`): its bytes are the path of another file, not a file. */
  link?: boolean;
}

/** A zip whose entries are read when wanted. `items` throws Refuse (fast-xlsx.mjs) when the directory is damaged. */
export interface ZipSource {
  items(): ZipItem[];
  /**
   * An entry's bytes, in a buffer no one else holds; throws when they cannot
   * be read or fail their checksum. `view`: they may be a view of bytes held
   * elsewhere (to be looked at, say hashed, not kept or moved).
   */
  read(item: ZipItem, view?: boolean): Uint8Array;
  /**
   * A stored (not deflated) entry handed to `piece` a piece at a time, never
   * whole in memory; its CRC-32 checked once all of it has gone by (throws
   * then, as read does). False, having read nothing, for an entry this
   * cannot do (deflated, or a zip held in memory anyway): read it whole.
   */
  pieces?(item: ZipItem, piece: (b: Uint8Array) => void): boolean;
}

const TAIL = 22 + 65535;

/** A zip on disk changed since its directory was read (its size or modification time). */
export class ZipChanged extends Error {
  constructor() {
    super('压缩包在导入期间被改动过');
  }
}

/** Bytes [at, at + length) of an open file; Refuse (damaged) when the file is shorter. */
function readAt(fd: number, at: number, length: number): Uint8Array {
  const b = new Uint8Array(length);
  if (readFully(fd, b, at) < length) throw new Refuse('damaged', 'shorter than its directory says');
  return b;
}

type Entries = Map<string, ZipEntry>;

const itemsOf = (entries: Entries): (ZipItem & { entry: ZipEntry })[] =>
  [...entries.values()].map((e) => ({ name: e.name, size: e.csize, originalSize: e.usize, unflagged: (e.flags & 0x800) === 0, link: e.link, entry: e }));

const entryOf = (item: ZipItem): ZipEntry => (item as ZipItem & { entry: ZipEntry }).entry;

/**
 * An entry inflated from `data`, in a buffer of its own (a stored entry is a
 * view of `data`): whoever reads it may move it to a worker. Copied with
 * `new Uint8Array`: a Buffer's slice() is a view.
 */
function entryFrom(data: Uint8Array, item: ZipItem, view = false): Uint8Array {
  const out = inflateEntry(data, entryOf(item), true);
  return out.buffer === data.buffer && !view ? new Uint8Array(out) : out;
}

/** A zip in memory (received through the API, or inflated from another zip). */
export class MemZip implements ZipSource {
  private constructor(
    private readonly data: Uint8Array,
    private readonly entries: Entries,
  ) {}

  /** A zip this reader does not handle (ZIP64, encrypted entries) is read by fflate. Throws Refuse when damaged. */
  static open(data: Uint8Array): ZipSource {
    const entries = openZip(data);
    return entries ? new MemZip(data, entries) : new FflateZip(() => data);
  }

  items(): ZipItem[] {
    return itemsOf(this.entries);
  }

  read(item: ZipItem, view = false): Uint8Array {
    return entryFrom(this.data, item, view);
  }
}

/**
 * A zip on disk: its directory read from the file's end, each entry from
 * where the directory says it is. What does not match the directory is
 * damage (Refuse), unless the file has changed since it was opened (an Error
 * saying so).
 */
export class DiskZip implements ZipSource {
  private constructor(
    private readonly path: string,
    private readonly entries: Entries,
    private readonly size: number,
    private readonly mtimeMs: number,
  ) {}

  /** A zip this reader does not handle (ZIP64, encrypted entries) is read whole, by fflate. Throws Refuse when damaged. */
  static open(path: string): ZipSource {
    const fd = openSync(path, 'r');
    let entries: Entries | null;
    let st;
    try {
      st = fstatSync(fd);
      const tailAt = Math.max(0, st.size - TAIL);
      const tail = readAt(fd, tailAt, st.size - tailAt);
      // No end record at all: cut short (a download or copy broken off), not merely a kind this reader leaves to fflate.
      if (endSignatureAt(tail) < 0) throw new Refuse('damaged', 'no end of central directory');
      const end = endRecord(tail);
      if (end && end.offset + end.size > st.size) throw new Refuse('damaged', 'central directory beyond the end');
      entries = end && centralDirectory(readAt(fd, end.offset, end.size), 0, end.count);
    } finally {
      closeSync(fd);
    }
    return entries ? new DiskZip(path, entries, st.size, st.mtimeMs) : new FflateZip(() => readFileSync(path));
  }

  items(): ZipItem[] {
    return itemsOf(this.entries);
  }

  /** The zip opened again, checked to be the one whose directory was read; `f` given it and where the entry's data begins. */
  private withEntry<T>(e: ZipEntry, f: (fd: number, head: number) => T): T {
    const fd = openSync(this.path, 'r');
    try {
      const st = fstatSync(fd);
      if (st.size !== this.size || st.mtimeMs !== this.mtimeMs) throw new ZipChanged();
      const head = localHeaderLength(readAt(fd, e.local, 30));
      if (head < 0) throw new Refuse('damaged', `local header of ${e.name}`);
      return f(fd, head);
    } finally {
      closeSync(fd);
    }
  }

  read(item: ZipItem): Uint8Array {
    const e = entryOf(item);
    return this.withEntry(e, (fd, head) => {
      const b = readAt(fd, e.local, head + e.csize);
      // Read for this call alone: a stored entry may stay a view of it.
      return entryFrom(b, { ...item, entry: { ...e, local: 0 } } as ZipItem, true);
    });
  }

  pieces(item: ZipItem, piece: (b: Uint8Array) => void): boolean {
    const e = entryOf(item);
    if (e.method !== 0) return false;
    if (e.csize !== e.usize) throw new Refuse('damaged', `sizes of stored ${e.name}`);
    return this.withEntry(e, (fd, head) => {
      let crc = 0;
      for (let at = 0; at < e.csize; ) {
        const b = readAt(fd, e.local + head + at, Math.min(PIECE_BYTES, e.csize - at));
        crc = crc32(b, crc);
        piece(b);
        at += b.length;
      }
      if (crc >>> 0 !== e.crc >>> 0) throw new Refuse('damaged', `checksum of ${e.name}`);
      return true;
    });
  }
}

/** fflate's failures are the file's damage (its words are English, and not for the user). */
function damaged<T>(f: () => T): T {
  try {
    return f();
  } catch (err) {
    // Ours, or the system's (ENOENT…: a file gone is not a damaged one); fflate's codes are numbers.
    if (err instanceof Refuse || typeof (err as { code?: unknown }).code === 'string') throw err;
    throw new Refuse('damaged', (err as Error).message);
  }
}

/**
 * What the reader above does not handle, read as before: the directory by
 * fflate, and on the first entry wanted every entry inflated and kept.
 */
class FflateZip implements ZipSource {
  private all: Record<string, Uint8Array> | null = null;
  private data: Uint8Array | null = null;
  constructor(private readonly load: () => Uint8Array) {}

  private bytes(): Uint8Array {
    this.data ??= this.load();
    return this.data;
  }

  items(): ZipItem[] {
    // Names as fflate reads them; which were stored without the UTF-8 flag is not known here.
    return damaged(() => zipDirectory(this.bytes()).map((e) => ({ ...e, unflagged: false })));
  }

  read(item: ZipItem, view = false): Uint8Array {
    if (!this.all) {
      this.all = damaged(() => unzipSync(this.bytes(), { filter: (f) => !f.name.endsWith('/') }));
      this.data = null;
    }
    const b = this.all[item.name];
    if (!b) throw new Error(`压缩包中找不到“${item.name}”`);
    // Else a copy: the caller may move it to a worker, and the entry may be read again.
    return view ? b : new Uint8Array(b);
  }
}

/**
 * Zips inflated from other zips: the one used last, whatever its size (a
 * bundle's evidence is stored one file after another), and others used
 * recently while they fit in the budget.
 */
export class ZipCache {
  private readonly kept = new Map<object, Uint8Array>();
  private bytes = 0;
  constructor(private readonly budget: number) {}

  get(key: object, load: () => Uint8Array): Uint8Array {
    const b = this.kept.get(key) ?? load();
    this.bytes -= this.kept.get(key)?.length ?? 0;
    this.kept.delete(key);
    for (const [k, v] of this.kept) {
      if (this.bytes + b.length <= this.budget) break;
      this.kept.delete(k);
      this.bytes -= v.length;
    }
    this.kept.set(key, b);
    this.bytes += b.length;
    return b;
  }
}

/** A zip that is an entry of another: inflated again when one of its entries is wanted and the cache has let it go. */
export class NestedZip implements ZipSource {
  private readonly entries: Entries | null;
  private readonly fallback: FflateZip | null;
  /** The bytes it was opened from, kept until released (while its directory and evidence are read). */
  private held: Uint8Array | null;
  /** `first`: its bytes, inflated to look inside it. Throws Refuse when its directory is damaged. */
  constructor(
    private readonly parent: ZipSource,
    private readonly item: ZipItem,
    private readonly cache: ZipCache,
    first: Uint8Array,
  ) {
    this.entries = openZip(first);
    this.fallback = this.entries ? null : new FflateZip(() => this.bytes());
    this.held = first;
  }

  /** From now on its bytes are inflated again when wanted (kept by the cache while they fit). */
  release(): void {
    if (this.held) this.cache.get(this, () => this.held as Uint8Array);
    this.held = null;
  }

  private bytes(): Uint8Array {
    return this.held ?? this.cache.get(this, () => this.parent.read(this.item));
  }

  items(): ZipItem[] {
    return this.entries ? itemsOf(this.entries) : (this.fallback as FflateZip).items();
  }

  read(item: ZipItem, view = false): Uint8Array {
    return this.entries ? entryFrom(this.bytes(), item, view) : (this.fallback as FflateZip).read(item, view);
  }
}
