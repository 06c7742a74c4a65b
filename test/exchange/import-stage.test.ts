import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ArchiveWriter, BookStage, type OriginalStore } from '../../electron/core/exchange/import-stage';
import { sha256 } from '../../electron/core/fsutil';
import { hashPath } from '../../electron/core/paths';
import { checkpointsDone } from '../../electron/core/store/checkpoint';
import { newBureau, tempDir } from '../helpers/db';

describe('BookStage', () => {
  it('keeps content in memory up to its budget, spills the rest, and gives every value back once', () => {
    const stage = new BookStage<{ text: string }>(10_000);
    try {
      const ids = Array.from({ length: 10 }, (_, i) => stage.put({ text: String(i).repeat(1_000) }));
      // ~2 KB each: about four fit, the rest went to the temporary file.
      expect((stage as unknown as { spilled: Map<number, unknown> }).spilled.size).toBeGreaterThan(4);
      ids.forEach((id, i) => expect(stage.take(id)).toEqual({ text: String(i).repeat(1_000) }));
      expect(() => stage.take(ids[0]!)).toThrow();
    } finally {
      stage.close();
    }
  });

  it('content taken no longer counts against the budget: a long run of put-take stays in memory', () => {
    const stage = new BookStage<{ text: string }>(10_000);
    try {
      for (let i = 0; i < 1_000; i++) expect(stage.take(stage.put({ text: 'x'.repeat(1_000) })).text).toHaveLength(1_000);
      expect((stage as unknown as { spilled: Map<number, unknown>; fd: number | null }).fd).toBeNull();
    } finally {
      stage.close();
    }
  });
});

describe('ArchiveWriter', () => {
  const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
  /** A database's originals as a map; `inUse`: hashes some import's rows name. */
  const memoryStore = (inUse: ReadonlySet<string> = new Set()): OriginalStore & { held: Map<string, Uint8Array> } => {
    const held = new Map<string, Uint8Array>();
    return {
      held,
      storeOriginal: (h, d) => (held.has(h) ? false : (held.set(h, d), true)),
      dropOriginals: (hs) => hs.forEach((h) => held.delete(h)),
      originalInUse: (h) => inUse.has(h),
    };
  };

  it('archives a .zip by hash off the main thread: in place and whole once ready, nothing left under a pending name', async () => {
    const root = join(tempDir(), 'archive');
    const w = new ArchiveWriter(root, memoryStore());
    const items = Array.from({ length: 20 }, (_, i) => bytes(`压缩包 ${i} `.repeat(100 + i)));
    const hashes = items.map((b) => sha256(b));
    items.forEach((b, i) => w.start(hashes[i]!, b, true));
    await w.ready(hashes);
    w.keep(hashes);
    await w.discard();
    hashes.forEach((h, i) => expect(readFileSync(hashPath(root, h))).toEqual(Buffer.from(items[i]!)));
    const pending = readdirSync(root, { recursive: true }).filter((f) => String(f).endsWith('.pending'));
    expect(pending).toEqual([]);
  });

  it('removes what it wrote for files never committed, and never a file that was archived before', async () => {
    const root = join(tempDir(), 'archive');
    const before = bytes('已归档');
    const old = sha256(before);
    const first = new ArchiveWriter(root, memoryStore());
    first.start(old, before, true);
    await first.ready([old]);
    first.keep([old]);
    await first.discard();

    const w = new ArchiveWriter(root, memoryStore());
    const fresh = bytes('新文件');
    const h = sha256(fresh);
    w.start(old, before, true);
    w.start(h, fresh, true);
    await w.ready([old, h]);
    expect(existsSync(hashPath(root, h))).toBe(true);
    // Neither was committed: the new one goes, the one archived by an earlier run stays.
    await w.discard();
    expect(existsSync(hashPath(root, h))).toBe(false);
    expect(readFileSync(hashPath(root, old))).toEqual(Buffer.from(before));
  });

  it('workbooks go into the database: what this run stored and never committed is dropped, what was held before or some import names stays; a failing store surfaces in ready()', async () => {
    const root = join(tempDir(), 'archive');
    const named = bytes('另一次导入的行指向它');
    const db = memoryStore(new Set([sha256(named)]));
    const before = bytes('早先导入的工作簿');
    db.held.set(sha256(before), before);
    const w = new ArchiveWriter(root, db);
    const kept = bytes('提交了的工作簿');
    const dropped = bytes('未提交的工作簿');
    const zip = bytes('压缩包');
    for (const b of [before, kept, dropped, named]) w.start(sha256(b), b);
    w.start(sha256(zip), zip, true);
    await w.ready([before, kept, dropped, named, zip].map(sha256));
    expect([...db.held.keys()].sort()).toEqual([before, kept, dropped, named].map(sha256).sort());
    // A .zip is a file still; no workbook is.
    expect(readFileSync(hashPath(root, sha256(zip)))).toEqual(Buffer.from(zip));
    expect(existsSync(hashPath(root, sha256(kept)))).toBe(false);
    w.keep([sha256(kept)]);
    await w.discard();
    expect([...db.held.keys()].sort()).toEqual([before, kept, named].map(sha256).sort());
    expect(existsSync(hashPath(root, sha256(zip)))).toBe(false);

    const failing = new ArchiveWriter(root, {
      ...memoryStore(),
      storeOriginal: () => {
        throw new Error('database or disk is full');
      },
    });
    failing.start(sha256(kept), kept);
    await expect(failing.ready([sha256(kept)])).rejects.toThrow('database or disk is full');
    await failing.discard();
  });

  it('two runs at once with the same files: the one not committing leaves the originals to the one that counts on them', async () => {
    const root = join(tempDir(), 'archive');
    const db = memoryStore();
    const book = bytes('两次导入中的同一工作簿');
    const zip = bytes('两次导入中的同一压缩包');
    const a = new ArchiveWriter(root, db);
    const b = new ArchiveWriter(root, db);
    // A run into another database with the same files counts for nothing here.
    const elsewhere = new ArchiveWriter(join(tempDir(), 'archive'), memoryStore());
    elsewhere.start(sha256(book), book);
    a.start(sha256(book), book);
    a.start(sha256(zip), zip, true);
    await a.ready([sha256(book), sha256(zip)]);
    // The second run finds both there already.
    b.start(sha256(book), book);
    b.start(sha256(zip), zip, true);
    await b.ready([sha256(book), sha256(zip)]);
    // The first commits nothing (refused meanwhile): both stay for the second.
    await a.discard();
    expect(db.held.has(sha256(book))).toBe(true);
    expect(existsSync(hashPath(root, sha256(zip)))).toBe(true);
    // Nor does the second: now they go.
    await b.discard();
    expect(db.held.has(sha256(book))).toBe(false);
    expect(existsSync(hashPath(root, sha256(zip)))).toBe(false);
    await elsewhere.discard();
  });

  it('a .zip read from disk is archived by copying its file, checked on the way: a file changed since is refused, nothing left behind', async () => {
    const dir = tempDir();
    const root = join(dir, 'archive');
    const zip = join(dir, '收件.zip');
    const bytes0 = bytes('压缩包内容'.repeat(300_000));
    writeFileSync(zip, bytes0);
    const w = new ArchiveWriter(root, memoryStore());
    const h = sha256(bytes0);
    w.startFrom(h, { path: zip }, '收件.zip');
    await w.ready([h]);
    // Compared by digest (a deep equality of 4 MB takes vitest half a minute).
    expect(sha256(readFileSync(hashPath(root, h)))).toBe(h);

    writeFileSync(zip, bytes('改过的内容'));
    const stale = sha256(bytes('读取时的内容'));
    w.startFrom(stale, { path: zip }, '区局收件/收件.zip');
    // Named as received (not the path it was read from: for a file picked in the app, a folder of ours), in words.
    await expect(w.ready([stale])).rejects.toMatchObject({ code: 'io_error', message: '压缩包“区局收件/收件.zip”在导入期间被改动（内容与读取时不同），未能存档原件，本次导入未完成；请重新导入' });
    expect(existsSync(hashPath(root, stale))).toBe(false);
    expect(readdirSync(root, { recursive: true }).filter((f) => String(f).endsWith('.pending'))).toEqual([]);
    await w.discard();
  });

  it('a write that fails surfaces in ready(), not as an unhandled rejection', async () => {
    const dir = tempDir();
    // The archive's root is a file: no folder can be made under it.
    writeFileSync(join(dir, 'archive'), 'not a folder');
    const w = new ArchiveWriter(join(dir, 'archive'), memoryStore());
    const b = bytes('x');
    w.start(sha256(b), b, true);
    await expect(w.ready([sha256(b)])).rejects.toThrow();
    await w.discard();
  });
});

describe('bulk import commits', () => {
  it('a batch commits with synchronous = NORMAL, everything else with FULL; the settings come back and the WAL is copied back in the background', async () => {
    const { core, path } = await newBureau();
    try {
      const db = core.ctx.store.db;
      const imports = core.ctx.store.imports;
      const sync = (): number => db.pragma('synchronous', { simple: true }) as number;
      expect(sync()).toBe(2);
      const sizeBefore = statSync(path).size;
      imports.beginBulk();
      // 128 MB of 16 KB pages (a new database's).
      expect(db.pragma('page_size', { simple: true })).toBe(16384);
      expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(8192);
      // Outside a batch (another request while an import runs): FULL.
      expect(sync()).toBe(2);
      for (let i = 0; i < 5; i++) {
        imports.beginBatch();
        expect(sync()).toBe(1);
        db.prepare("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(`bulk-test-${i}`, 'x'.repeat(100_000));
        imports.commitBatch();
        expect(sync()).toBe(2);
      }
      // A failed batch rolls back and restores FULL too.
      imports.beginBatch();
      imports.rollbackBatch();
      expect(sync()).toBe(2);
      // A workbook's original: committed at once as a batch of its own (NORMAL), FULL again after; once only.
      const original = new Uint8Array(40_000).fill(7);
      const spied: number[] = [];
      const realCommit = imports.commitBatch.bind(imports);
      imports.commitBatch = () => {
        spied.push(sync());
        realCommit();
      };
      try {
        expect(imports.storeOriginal('a'.repeat(64), original)).toBe(true);
        expect(imports.storeOriginal('a'.repeat(64), original)).toBe(false);
      } finally {
        imports.commitBatch = realCommit;
      }
      expect(spied).toEqual([1, 1]);
      expect(sync()).toBe(2);
      expect(db.inTransaction).toBe(false);
      // Inside a transaction of the caller's: part of it (its rollback takes the original too).
      db.prepare('BEGIN').run();
      expect(imports.storeOriginal('b'.repeat(64), original)).toBe(true);
      db.prepare('ROLLBACK').run();
      expect(imports.original('b'.repeat(64))).toBeNull();
      expect(imports.original('a'.repeat(64))).toEqual(Buffer.from(original));
      await imports.endBulk();
      expect(sync()).toBe(2);
      expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(256);
      await checkpointsDone();
      // The background checkpoint (no other connection checkpoints here) copied the batches into the database file.
      expect(statSync(path).size - sizeBefore).toBeGreaterThan(400_000);
    } finally {
      core.close();
    }
  });
});
