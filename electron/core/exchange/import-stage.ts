/**
 * Helpers that keep a bulk import of tens of thousands of files inside a
 * small memory budget and off the fsync treadmill:
 *
 * - `BookStage` holds the checked content of accepted workbooks between the
 *   check pass and the apply pass (conflicts between files of one run can
 *   only be judged once every file is read). Up to a budget it keeps them in
 *   memory; beyond it they are written to a temporary file and read back.
 * - `ArchiveWriter` archives original bytes by SHA-256: written and fsynced
 *   in the background while parsing goes on, under a pending name; renamed
 *   into place just before the database commit that points at them.
 */
import { randomUUID } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fsyncDir } from '../fsutil';
import { hashPath } from '../paths';

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
    let off = 0;
    while (off < buf.length) off += writeSync(this.fd, buf, off, buf.length - off, this.position + off);
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
    if (!at || this.fd === null) throw new Error(`staged book ${id} missing`);
    this.spilled.delete(id);
    const buf = Buffer.allocUnsafe(at[1]);
    let off = 0;
    while (off < buf.length) {
      const n = readSync(this.fd, buf, off, buf.length - off, at[0] + off);
      if (n === 0) throw new Error('staging file truncated');
      off += n;
    }
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

export class ArchiveWriter {
  private readonly pending = new Map<string, { tmp: string; done: Promise<void> }>();
  private readonly dirs = new Set<string>();

  constructor(private readonly root: string) {}

  private pendingPath(hash: string): string {
    const final = hashPath(this.root, hash);
    return join(dirname(final), `.${basename(final)}.${randomUUID().slice(0, 8)}.pending`);
  }

  /** Starts writing (and fsyncing) the bytes under a pending name, unless already archived. */
  start(hash: string, data: Uint8Array): void {
    if (this.pending.has(hash) || existsSync(hashPath(this.root, hash))) return;
    const tmp = this.pendingPath(hash);
    const done = (async () => {
      mkdirSync(dirname(tmp), { recursive: true });
      const fh = await open(tmp, 'w', 0o644);
      try {
        await fh.writeFile(data);
        await fh.datasync();
      } finally {
        await fh.close();
      }
    })();
    // Failures surface in ready(); never as an unhandled rejection.
    done.catch(() => undefined);
    this.pending.set(hash, { tmp, done });
  }

  /** Waits for the background writes of these hashes; throws the first failure. */
  async ready(hashes: string[]): Promise<void> {
    for (const h of hashes) await this.pending.get(h)?.done;
  }

  /** Moves a finished pending file into place (synchronously, inside the batch). */
  place(hash: string): void {
    const p = this.pending.get(hash);
    if (!p) return;
    const final = hashPath(this.root, hash);
    renameSync(p.tmp, final);
    this.pending.delete(hash);
    this.dirs.add(dirname(final));
  }

  /** Makes the renames durable: called before the commit that points at them. */
  flush(): void {
    for (const d of this.dirs) fsyncDir(d);
    this.dirs.clear();
  }

  /** Removes what was written for files that were not accepted in the end. */
  async discard(): Promise<void> {
    const left = [...this.pending.values()];
    this.pending.clear();
    await Promise.allSettled(left.map((p) => p.done));
    for (const p of left) rmSync(p.tmp, { force: true });
  }
}
