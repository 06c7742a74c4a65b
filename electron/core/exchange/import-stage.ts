/**
 * Helpers that keep a bulk import of tens of thousands of files inside a
 * small memory budget and off the fsync treadmill:
 *
 * - `BookStage` holds the checked content of accepted workbooks between the
 *   check pass and the apply pass (conflicts between files of one run can
 *   only be judged once every file is read). Up to a budget it keeps them in
 *   memory; beyond it they are written to a temporary file and read back.
 * - `ArchiveWriter` archives original bytes by SHA-256: a workbook's in the
 *   database as it is checked (the commit of its rows makes it durable), a
 *   .zip's as a file, written, fsynced and renamed into place in the
 *   background while parsing goes on; the commit that points at them waits
 *   until they are durable. Originals whose rows never commit are removed at
 *   the end of the run.
 */
import { createHash, randomUUID } from 'node:crypto';
import { close, closeSync, createReadStream, existsSync, fdatasync, mkdirSync, open, openSync, rename, rm, rmSync, write } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fsyncDirInBackground, readFully, writeAll } from '../fsutil';
import { hashPath } from '../paths';
import { AppError, ERROR_CODES } from '../../../shared/errors';

/** A staged file read back short or gone (the temporary folder cleaned meanwhile?): the run cannot finish. */
const STAGING_LOST = '导入的暂存文件已损坏或被删除（临时文件夹被清理？），本次导入未完成；请重新导入';

/** Rough size of a value in memory: string lengths count twice (UTF-16). */
function estimate(v: unknown): number {
  if (typeof v === 'string') return 2 * v.length + 16;
  if (Array.isArray(v)) return v.reduce((a: number, x) => a + estimate(x), 16);
  if (v && typeof v === 'object') return Object.values(v).reduce((a: number, x) => a + estimate(x), 32);
  return 8;
}

export class BookStage<T> {
  private readonly memory = new Map<number, { value: T; size: number }>();
  private memoryBytes = 0;
  private readonly spilled = new Map<number, [position: number, length: number]>();
  private fd: number | null = null;
  private path: string | null = null;
  private position = 0;
  private next = 0;

  constructor(private readonly budgetBytes: number) {}

  put(value: T): number {
    const id = this.next++;
    const size = estimate(value);
    if (this.memoryBytes + size <= this.budgetBytes) {
      this.memory.set(id, { value, size });
      this.memoryBytes += size;
      return id;
    }
    if (this.fd === null) {
      this.path = join(tmpdir(), `eco-import-${randomUUID()}.stage`);
      this.fd = openSync(this.path, 'w+', 0o600);
    }
    const buf = Buffer.from(JSON.stringify(value));
    writeAll(this.fd, buf, this.position);
    this.spilled.set(id, [this.position, buf.length]);
    this.position += buf.length;
    return id;
  }

  /** The value put under id; each id is taken once. */
  take(id: number): T {
    const held = this.memory.get(id);
    if (held !== undefined) {
      // Taken content no longer counts: later files of a long run stay in memory too.
      this.memory.delete(id);
      this.memoryBytes -= held.size;
      return held.value;
    }
    const at = this.spilled.get(id);
    if (!at || this.fd === null) throw new AppError(ERROR_CODES.ioError, STAGING_LOST);
    this.spilled.delete(id);
    const buf = Buffer.allocUnsafe(at[1]);
    if (readFully(this.fd, buf, at[0]) < buf.length) throw new AppError(ERROR_CODES.ioError, STAGING_LOST);
    return JSON.parse(buf.toString('utf8')) as T;
  }

  close(): void {
    this.memory.clear();
    this.spilled.clear();
    if (this.fd !== null) closeSync(this.fd);
    if (this.path) rmSync(this.path, { force: true });
    this.fd = null;
    this.path = null;
  }
}

/** Where workbooks' originals are kept in the database (ImportRepo). */
export interface OriginalStore {
  /** Whether it stored them now (false: held already). */
  storeOriginal(hash: string, data: Uint8Array): boolean;
  /** Drops these originals (one commit). */
  dropOriginals(hashes: string[]): void;
  /** Whether an import's rows (not a rejection's) name this original: it stays, whoever archived it. */
  originalInUse(hash: string): boolean;
}

export class ArchiveWriter {
  /**
   * The writers of the runs going on in this process: a run that archived an
   * original another run found there already (and so counts on) leaves it to
   * that run when its own rows are not committed.
   */
  private static readonly live = new Set<ArchiveWriter>();

  /** Each hash this run archives: true once its original is in place and durable, false when it was there already. */
  private readonly pending = new Map<string, Promise<boolean>>();
  private readonly made = new Set<string>();
  /** Hashes whose rows are committed: their originals stay whatever happens next. */
  private readonly kept = new Set<string>();
  /** Originals this run put in the database, or took over from a run that did. */
  private readonly stored = new Set<string>();
  /** Files another run of this process wrote and left to this one. */
  private readonly adopted = new Set<string>();

  /** `root`: the archive's folder (a .zip's original, and workbooks archived before migration 014); `inDatabase`: where workbooks go. */
  constructor(
    private readonly root: string,
    private readonly inDatabase: OriginalStore,
  ) {}

  /**
   * Starts archiving the bytes: a workbook's into the database (see `store`);
   * `large` (a .zip, maybe hundreds of MB) as a file under `root`: written
   * under a pending name, synced, renamed into place and the folder synced,
   * all by libuv's threads (callbacks, not promise-based calls: those cost
   * the main thread ~0.6 ms per file in dispatching alone), the bytes held
   * until then. Nothing happens when the original is archived already.
   */
  start(hash: string, data: Uint8Array, large = false): void {
    if (!large) return this.store(hash, data);
    this.begin(hash, (dir, final) => writeDurablyInBackground(dir, final, data));
  }

  /**
   * As start, for a large file (a .zip): from its bytes, or copied from the
   * file it was read from (checked against `hash` on the way: a file changed
   * since is refused, not archived under a digest it no longer has). All of
   * it by libuv's threads.
   */
  startFrom(hash: string, source: { data: Uint8Array } | { path: string }, shown: string): void {
    if ('data' in source) this.start(hash, source.data, true);
    else this.begin(hash, (dir, final) => copyDurablyInBackground(dir, final, source.path, hash, shown));
  }

  /**
   * A workbook's original into the database now (on the main thread, between
   * the run's commits: one insert costs less than a file's creation and
   * syncs); durable by the time the commit that points at it is. One
   * archived as a file by an earlier version stays there.
   */
  private store(hash: string, data: Uint8Array): void {
    if (this.pending.has(hash)) return;
    // Live from its first original until discard() (a run that fails before archiving anything never is).
    ArchiveWriter.live.add(this);
    let done: Promise<boolean>;
    try {
      if (existsSync(hashPath(this.root, hash))) done = Promise.resolve(false);
      else {
        const now = this.inDatabase.storeOriginal(hash, data);
        if (now) this.stored.add(hash);
        done = Promise.resolve(now);
      }
    } catch (err) {
      done = Promise.reject(err);
    }
    done.catch(() => undefined);
    this.pending.set(hash, done);
  }

  /** The file for `hash` written by `write` into its folder (made once), unless pending or archived already. */
  private begin(hash: string, write: (dir: string, final: string) => Promise<boolean>): void {
    if (this.pending.has(hash)) return;
    ArchiveWriter.live.add(this);
    let done: Promise<boolean>;
    try {
      const final = hashPath(this.root, hash);
      const dir = dirname(final);
      if (!this.made.has(dir)) {
        mkdirSync(dir, { recursive: true });
        this.made.add(dir);
      }
      done = existsSync(final) ? Promise.resolve(false) : write(dir, final);
    } catch (err) {
      done = Promise.reject(err);
    }
    // Failures surface in ready(); never as an unhandled rejection.
    done.catch(() => undefined);
    this.pending.set(hash, done);
  }

  /**
   * Waits until the originals of these hashes are in place and durable
   * (called before the commit that points at them); throws the first failure.
   */
  async ready(hashes: string[]): Promise<void> {
    for (const h of hashes) await this.pending.get(h);
  }

  /** These hashes' rows are committed: their originals are kept. */
  keep(hashes: string[]): void {
    for (const h of hashes) this.kept.add(h);
  }

  /**
   * Removes the originals this run archived whose rows were never committed
   * (refused at the end, a failed batch): unless another run of this process
   * counts on one (it takes it over), or some import's rows name it.
   */
  async discard(): Promise<void> {
    ArchiveWriter.live.delete(this);
    const left = [...this.pending.entries()].filter(([h]) => !this.kept.has(h));
    this.pending.clear();
    const rows: string[] = [];
    for (const [hash, done] of left) {
      const inDb = this.stored.has(hash);
      const wrote = (await done.catch(() => false)) || this.adopted.has(hash);
      if (!wrote && !inDb) continue;
      // Another run into the same database (its archive the same folder).
      const other = [...ArchiveWriter.live].find((w) => w.root === this.root && w.pending.has(hash));
      if (other) {
        (inDb ? other.stored : other.adopted).add(hash);
        continue;
      }
      try {
        if (this.inDatabase.originalInUse(hash)) continue;
      } catch {
        continue; // the database failing: kept, as an original without rows is harmless
      }
      if (inDb) rows.push(hash);
      else rmSync(hashPath(this.root, hash), { force: true });
    }
    try {
      if (rows.length > 0) this.inDatabase.dropOriginals(rows);
    } catch {
      // Left behind (the database failing): originals without rows, harmless, taken again by the next import of their files.
    }
  }
}

/** Written under a pending name, synced, renamed to `final`, the folder synced, all by libuv's threads: true when done. */
function writeDurablyInBackground(dir: string, final: string, data: Uint8Array): Promise<boolean> {
  const tmp = join(dir, `.${basename(final)}.${randomUUID().slice(0, 8)}.pending`);
  return new Promise<boolean>((resolve, reject) => {
    const fail = (err: unknown, fd?: number): void => {
      const drop = (): void => rm(tmp, { force: true }, () => reject(err));
      if (fd === undefined) drop();
      else close(fd, drop);
    };
    open(tmp, 'w', 0o644, (opened, fd) => {
      if (opened) return fail(opened);
      const from = (off: number): void => {
        if (off >= data.length) {
          fdatasync(fd, (synced) => {
            if (synced) return fail(synced, fd);
            close(fd, (closed) => {
              if (closed) return fail(closed);
              rename(tmp, final, (renamed) => (renamed ? fail(renamed) : fsyncDirInBackground(dir, () => resolve(true))));
            });
          });
          return;
        }
        write(fd, data, off, data.length - off, null, (wrote, n) => (wrote ? fail(wrote, fd) : from(off + n)));
      };
      from(0);
    });
  });
}

/** `source` copied under a pending name (its digest checked on the way), synced, renamed to `final`, the folder synced. */
function copyDurablyInBackground(dir: string, final: string, source: string, hash: string, shown: string): Promise<boolean> {
  const tmp = join(dir, `.${basename(final)}.${randomUUID().slice(0, 8)}.pending`);
  return new Promise<boolean>((resolve, reject) => {
    let failed = false;
    // Once: the pending file closed and removed, the promise rejected.
    const fail = (err: unknown, fd?: number): void => {
      if (failed) return;
      failed = true;
      const drop = (): void => rm(tmp, { force: true }, () => reject(err));
      if (fd === undefined) drop();
      else close(fd, drop);
    };
    open(tmp, 'w', 0o644, (opened, fd) => {
      if (opened) return fail(opened);
      const h = createHash('sha256');
      const input = createReadStream(source, { highWaterMark: 1024 * 1024 });
      let writing = Promise.resolve();
      input.on('data', (chunk) => {
        const buf = chunk as Buffer;
        h.update(buf);
        input.pause();
        writing = new Promise<void>((ok, bad) => {
          const from = (off: number): void => {
            if (off >= buf.length) return ok();
            write(fd, buf, off, buf.length - off, null, (wrote, n) => (wrote ? bad(wrote) : from(off + n)));
          };
          from(0);
        }).then(() => void input.resume(), (err: unknown) => {
          input.destroy();
          fail(err, fd);
        });
      });
      input.on('error', (err) => fail(err, fd));
      input.on('end', () => {
        void writing.then(() => {
          if (failed) return;
          if (h.digest('hex') !== hash) return fail(new AppError(ERROR_CODES.ioError, `压缩包“${shown}”在导入期间被改动（内容与读取时不同），未能存档原件，本次导入未完成；请重新导入`), fd);
          fdatasync(fd, (synced) => {
            if (synced) return fail(synced, fd);
            close(fd, (closed) => {
              if (closed) return fail(closed);
              rename(tmp, final, (renamed) => (renamed ? fail(renamed) : fsyncDirInBackground(dir, () => resolve(true))));
            });
          });
        });
      });
    });
  });
}

