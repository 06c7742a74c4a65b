/**
 * Received zips are read one entry at a time (electron/core/exchange/zip-source.ts):
 * the directory when the run reaches the zip, each workbook when it is
 * checked, each evidence file once for its SHA-256 and again only when
 * stored. So a folder of large bundles, or a zip of many units' bundles, is
 * never in memory at once (peak figures: bench/PROFILE.md). What that must
 * not change: every entry read exactly as before, each read in a buffer of its
 * own, and a zip changed or removed in the meantime refused, saying so.
 */
import ExcelJS from 'exceljs';
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync, zipSync, type Zippable } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { importBlobs, importCandidates } from '../../electron/core/exchange/import-run';
import { DEFAULT_LIMITS } from '../../electron/core/exchange/limits';
import { fromPaths, type Candidate } from '../../electron/core/exchange/sources';
import { DiskZip, MemZip, NestedZip, ZipCache, type ZipItem, type ZipSource } from '../../electron/core/exchange/zip-source';
import { PIECE_BYTES, sha256 } from '../../electron/core/fsutil';
import { evidenceDir, hashPath } from '../../electron/core/paths';
import { missingEvidenceNames, unlistedText } from '../../shared/api/exchange';
import { reviewEventText } from '../../shared/period';
import { Core } from '../../electron/core/service';
import { dumpDb, FIXED_NOW, newBureau, tempDir } from '../helpers/db';
import { exportTo, handEdited, importFiles, newUnit, PERIOD, reportOne, reportsOf, TOWN } from './helpers';

const open: Core[] = [];
afterEach(() => {
  for (const c of open.splice(0)) c.close();
});

const enc = new TextEncoder();
/** Entries stored and deflated, names in folders and in Chinese. */
const SAMPLE: Zippable = {
  '新市镇.xlsx': [enc.encode('workbook bytes '.repeat(200)), { level: 6 }],
  '佐证材料/照片.jpg': [Uint8Array.from({ length: 5000 }, (_, i) => (i * 7919) % 256), { level: 0 }],
  '佐证材料/说明.txt': [enc.encode('说明'.repeat(1000)), { level: 9 }],
  'empty.txt': [new Uint8Array(0), { level: 0 }],
};

/** Entries as Buffers, whichever kind of array they were read into. */
const asBuffers = (files: Record<string, Uint8Array>): Record<string, Buffer> => Object.fromEntries(Object.entries(files).map(([n, b]) => [n, Buffer.from(b)]));

function readAll(zip: ZipSource): Record<string, Buffer> {
  return asBuffers(Object.fromEntries(zip.items().map((i) => [i.name, zip.read(i)])));
}

const itemNamed = (zip: ZipSource, name: string): ZipItem => zip.items().find((i) => i.name === name)!;

describe('reading a received zip entry by entry', () => {
  it('reads every entry as fflate does, from disk and from memory, each read a buffer of its own', () => {
    const bytes = zipSync(SAMPLE);
    const path = join(tempDir('eco-zipsrc-'), 'a.zip');
    writeFileSync(path, bytes);
    const expected = asBuffers(unzipSync(bytes));
    for (const zip of [DiskZip.open(path), MemZip.open(bytes)]) {
      expect(readAll(zip)).toEqual(expected);
      expect(zip.items().map((i) => [i.name, i.originalSize])).toEqual(Object.entries(expected).map(([n, b]) => [n, b.length]));
      // A read moved to a worker (its buffer detached) leaves the zip and the next read whole:
      // a stored entry too, which is a view of the zip's bytes until copied.
      const stored = zip.read(itemNamed(zip, '佐证材料/照片.jpg'));
      structuredClone(stored, { transfer: [stored.buffer as ArrayBuffer] });
      expect(stored.length).toBe(0);
      expect(readAll(zip)).toEqual(expected);
    }
  });

  it('a zip its own reader does not handle (an entry flagged as encrypted) is read by fflate, as before', () => {
    const bytes = zipSync(SAMPLE);
    // Bit 0 of the general purpose flags in every central directory record.
    const flagged = Uint8Array.from(bytes);
    for (let p = 0; p + 4 <= flagged.length; p++) {
      if (flagged[p] === 0x50 && flagged[p + 1] === 0x4b && flagged[p + 2] === 0x01 && flagged[p + 3] === 0x02) flagged[p + 8]! |= 1;
    }
    const zip = MemZip.open(flagged);
    expect(zip).not.toBeInstanceOf(MemZip);
    expect(readAll(zip)).toEqual(asBuffers(unzipSync(bytes)));
  });

  it('a zip inside a zip is inflated again from its parent when the cache has let it go', () => {
    const inner = zipSync(SAMPLE);
    const outer = MemZip.open(zipSync({ 'units/新市镇.zip': [inner, { level: 6 }] }));
    let parentReads = 0;
    const parent: ZipSource = { items: () => outer.items(), read: (i, v) => (parentReads++, outer.read(i, v)) };
    const item = itemNamed(parent, 'units/新市镇.zip');
    const first = parent.read(item);
    // A cache of no bytes keeps the one used last only: two nested zips take turns.
    const cache = new ZipCache(0);
    const a = new NestedZip(parent, item, cache, first);
    const b = new NestedZip(parent, item, cache, parent.read(item));
    // While held (being listed), reading costs the parent nothing.
    expect(readAll(a)).toEqual(asBuffers(unzipSync(inner)));
    expect(parentReads).toBe(2);
    a.release();
    b.release();
    expect(readAll(a)).toEqual(asBuffers(unzipSync(inner)));
    expect(parentReads).toBe(3);
    expect(readAll(b)).toEqual(asBuffers(unzipSync(inner)));
    // A stored entry moved to a worker leaves the kept zip whole (Buffer#slice would have given a view of it).
    const stored = b.read(itemNamed(b, '佐证材料/照片.jpg'));
    structuredClone(stored, { transfer: [stored.buffer as ArrayBuffer] });
    expect(stored.length).toBe(0);
    expect(readAll(b)).toEqual(asBuffers(unzipSync(inner)));
    expect(parentReads).toBe(4);
    expect(readAll(a)).toEqual(asBuffers(unzipSync(inner)));
    expect(parentReads).toBe(5);
  });
});

/** A unit's bundle with evidence, its workbook first and the evidence after it. */
async function bundle(dir: string, unit: string, evidence: Uint8Array, more: Uint8Array[] = []): Promise<{ book: [string, Uint8Array]; photo: string; photos: string[] }> {
  const u = await newUnit(dir, unit);
  open.push(u.core);
  await reportOne(u.core, unit);
  const task = (await u.core.run('reports.forUnit', { unit, period: PERIOD })).tasks[0]!.task;
  for (const [i, bytes] of [evidence, ...more].entries()) {
    await u.core.run('evidence.add', { unit, period: PERIOD, task, name: `照片${i || ''}.jpg`, dataBase64: Buffer.from(bytes).toString('base64') });
  }
  const file = await exportTo(u.core, dir, unit);
  const entries = Object.entries(unzipSync(readFileSync(file)));
  rmSync(file);
  const book = entries.find(([n]) => n.endsWith('.xlsx'))!;
  const photos = entries.filter(([n]) => !n.endsWith('.xlsx')).map(([n]) => n);
  return { book, photo: photos[0]!, photos };
}

const zipOf = (book: [string, Uint8Array], photo: string, evidence: Uint8Array): Uint8Array => zipSync({ [book[0]]: [book[1], { level: 6 }], [photo]: [evidence, { level: 6 }] });

/** 新市镇's bundle written as a zip, and a fresh bureau with its database as it stands before the import. */
async function bundleOnDisk(sent: Uint8Array) {
  const dir = tempDir('eco-zipsrc-');
  const { book, photo } = await bundle(dir, TOWN, sent);
  const path = join(dir, '新市镇.zip');
  writeFileSync(path, zipOf(book, photo, sent));
  const bureau = await newBureau(tempDir('eco-zipsrc-b-'));
  open.push(bureau.core);
  return { book, photo, path, bureau, before: dumpDb(bureau.path) };
}

describe('importing bundles read entry by entry', () => {
  it('a zip of two units’ bundles (zips in a zip), from disk and as bytes: both imported, each one’s evidence stored as sent', async () => {
    const dir = tempDir('eco-zipsrc-');
    const evidence = { [TOWN]: enc.encode('新市镇的照片'.repeat(3000)), 济阳街道: enc.encode('济阳街道的照片'.repeat(3000)) };
    const inner: Zippable = {};
    for (const [unit, bytes] of Object.entries(evidence)) {
      const { book, photo } = await bundle(dir, unit, bytes);
      inner[`各单位/${unit}.zip`] = [zipOf(book, photo, bytes), { level: 6 }];
    }
    const all = zipSync(inner);
    const path = join(dir, '汇总.zip');
    writeFileSync(path, all);
    for (const via of ['disk', 'bytes'] as const) {
      const bureau = await newBureau(tempDir('eco-zipsrc-b-'));
      open.push(bureau.core);
      const r = via === 'disk' ? await importFiles(bureau.core, [path]) : await importBlobs(bureau.core.ctx, [{ name: '汇总.zip', data: all }]);
      expect(r.files.map((f) => [f.file.split('/').slice(-2).join('/'), f.status, f.errors])).toEqual([
        [`${TOWN}.zip/${r.files[0]!.file.split('/').pop()}`, 'imported', []],
        [`济阳街道.zip/${r.files[1]!.file.split('/').pop()}`, 'imported', []],
      ]);
      for (const [unit, bytes] of Object.entries(evidence)) {
        const [report] = (await reportsOf(bureau.core, unit)).filter((t) => !('none' in t));
        expect(report).toMatchObject({ evidence: [{ name: '照片.jpg', hash: sha256(bytes), size: bytes.length }] });
        expect(sha256(readFileSync(hashPath(evidenceDir(bureau.path), sha256(bytes))))).toBe(sha256(bytes));
      }
    }
  });

  it('links zipped as links (zip -y) are said and never read: the workbook beside them imported with the files themselves', async () => {
    const dir = tempDir('eco-zipsrc-');
    const sent = enc.encode('现场照片'.repeat(800));
    const { book, photo } = await bundle(dir, TOWN, sent);
    const folder = join(dir, '打包');
    mkdirSync(join(folder, '佐证材料'), { recursive: true });
    writeFileSync(join(folder, book[0]), book[1]);
    writeFileSync(join(folder, photo), sent);
    // A link to a file outside the bundle, and one to the workbook under a workbook's name.
    writeFileSync(join(dir, '外面的文件.txt'), '报送单位电脑上的文件');
    symlinkSync(join(dir, '外面的文件.txt'), join(folder, '佐证材料', '链接.txt'));
    symlinkSync(book[0], join(folder, '副本.xlsx'));
    const path = join(dir, '新市镇.zip');
    const made = spawnSync('zip', ['-q', '-y', '-r', path, '.'], { cwd: folder });
    expect(made.status, made.stderr?.toString()).toBe(0);
    const zip = DiskZip.open(path);
    // (Info-ZIP stores names without the UTF-8 flag: read here as Latin-1, by the import as UTF-8 again.)
    expect(zip.items().filter((i) => i.link)).toHaveLength(2);
    const bureau = await newBureau(tempDir('eco-zipsrc-b-'));
    open.push(bureau.core);
    const r = await importFiles(bureau.core, [path]);
    const said = '是压缩时保留下来的符号链接（只记着另一个文件在报送单位电脑上的位置，不是文件本身），未读取';
    expect(r.files.map((f) => [f.file.slice(path.length + 1), f.status, f.errors.map((e) => e.message.slice(0, said.length))])).toEqual([
      [book[0], 'imported', []],
      ...['佐证材料/链接.txt', '副本.xlsx'].sort((x, y) => x.localeCompare(y)).map((n) => [n, 'rejected', [said]]),
    ]);
    expect((await reportsOf(bureau.core))[0]).toMatchObject({ evidence: [{ name: '照片.jpg', hash: sha256(sent) }] });
  });

  it('a bundle whose evidence changed on disk after the zip was listed: refused, saying so; nothing of it is kept', async () => {
    const sent = enc.encode('照片'.repeat(4000));
    const { book, photo, path, bureau, before } = await bundleOnDisk(sent);
    const other = Uint8Array.from(sent).reverse();
    // A time of whole seconds, which can be put back exactly.
    const mtime = new Date('2021-10-03T02:00:00Z');
    utimesSync(path, mtime, mtime);
    // Listed (the evidence hashed); then the file is replaced: the same workbook, other evidence of the same
    // length; its modification time put back, so that only the evidence's own check can tell.
    let candidates = [...fromPaths([path], DEFAULT_LIMITS)];
    writeFileSync(path, zipOf(book, photo, other));
    utimesSync(path, mtime, mtime);
    let r = await importCandidates(bureau.core.ctx, candidates);
    expect(r.files.map((f) => [f.status, f.errors.map((e) => e.message)])).toEqual([
      ['rejected', [`压缩包“${path}”中的佐证材料“${photo}”已无法按导入开始时的内容读取（导入期间被移走或改动？），此文件未导入，请重新导入`]],
    ]);
    // Replaced as it would be (its time changed): the workbook itself is not read from it.
    writeFileSync(path, zipOf(book, photo, sent));
    candidates = [...fromPaths([path], DEFAULT_LIMITS)];
    writeFileSync(path, zipOf(book, photo, other));
    utimesSync(path, new Date(Date.now() + 5000), new Date(Date.now() + 5000));
    r = await importCandidates(bureau.core.ctx, candidates);
    expect(r.files.map((f) => [f.status, f.errors.map((e) => e.message)])).toEqual([['rejected', ['无法读取文件：压缩包在导入期间被改动过，请重新导入']]]);
    const after = dumpDb(bureau.path);
    for (const table of ['reports', 'report_versions', 'report_evidence', 'evidence_files', 'submissions']) expect(after[table], table).toEqual(before[table]);
    expect(() => readFileSync(hashPath(evidenceDir(bureau.path), sha256(other)))).toThrow();
    expect(() => readFileSync(hashPath(evidenceDir(bureau.path), sha256(sent)))).toThrow();
  });

  it('two evidence files, the second changed after listing: the first, already stored, is removed again with the refusal', async () => {
    const dir = tempDir('eco-zipsrc-');
    const one = enc.encode('第一张'.repeat(3000));
    const two = enc.encode('第二张'.repeat(3000));
    const { book, photos } = await bundle(dir, TOWN, one, [two]);
    const contents = [one, two];
    const path = join(dir, '新市镇.zip');
    const mtime = new Date('2021-10-03T02:00:00Z');
    // Each in turn changed: whichever the import stores first, nothing of the refused file stays.
    for (const changed of [0, 1]) {
      const bureau = await newBureau(tempDir('eco-zipsrc-b-'));
      open.push(bureau.core);
      const zipWith = (bytes: Uint8Array[]) => zipSync({ [book[0]]: [book[1], { level: 6 }], ...Object.fromEntries(photos.map((p, i) => [p, [bytes[i]!, { level: 0 }]])) });
      writeFileSync(path, zipWith(contents));
      utimesSync(path, mtime, mtime);
      const candidates = [...fromPaths([path], DEFAULT_LIMITS)];
      writeFileSync(path, zipWith(contents.map((b, i) => (i === changed ? Uint8Array.from(b).reverse() : b))));
      utimesSync(path, mtime, mtime);
      const r = await importCandidates(bureau.core.ctx, candidates);
      expect(r.files.map((f) => f.status)).toEqual(['rejected']);
      const stored = existsSync(evidenceDir(bureau.path)) ? readdirSync(evidenceDir(bureau.path), { recursive: true, withFileTypes: true }).filter((e) => e.isFile()) : [];
      expect(stored).toEqual([]);
    }
  });

  it('large stored evidence (our own bundles) is hashed and stored a piece at a time, never read whole; changed, refused as before; damaged, the workbook taken without it', async () => {
    const dir = tempDir('eco-zipsrc-');
    const big = randomBytes(2 * PIECE_BYTES + 777);
    const { book, photo } = await bundle(dir, TOWN, big);
    const stored = (evidence: Uint8Array): Uint8Array => zipSync({ [book[0]]: [book[1], { level: 6 }], [photo]: [evidence, { level: 0 }] });
    const path = join(dir, '新市镇.zip');

    // The reader's pieces: each at most PIECE_BYTES, together the entry; a deflated entry is left to read().
    writeFileSync(path, zipSync({ 'a.bin': [big, { level: 0 }], 'b.txt': [enc.encode('说明'.repeat(100)), { level: 6 }] }));
    const zip = DiskZip.open(path);
    const pieces: Uint8Array[] = [];
    expect(zip.pieces!(itemNamed(zip, 'a.bin'), (b) => pieces.push(new Uint8Array(b)))).toBe(true);
    expect(pieces.map((b) => b.length)).toEqual([PIECE_BYTES, PIECE_BYTES, 777]);
    expect(Buffer.concat(pieces).equals(big)).toBe(true);
    expect(zip.pieces!(itemNamed(zip, 'b.txt'), () => pieces.push(new Uint8Array(0)))).toBe(false);
    expect(pieces).toHaveLength(3);

    // An import never reads it whole: read() of so large an entry fails here, and the import goes through.
    const read = DiskZip.prototype.read;
    DiskZip.prototype.read = function (this: DiskZip, item: ZipItem) {
      if (item.originalSize > PIECE_BYTES) throw new Error('read whole');
      return read.call(this, item);
    };
    try {
      writeFileSync(path, stored(big));
      const bureau = await newBureau(tempDir('eco-zipsrc-b-'));
      open.push(bureau.core);
      const r = await importFiles(bureau.core, [path]);
      expect(r.files.map((f) => [f.status, f.errors])).toEqual([['imported', []]]);
      expect(sha256(readFileSync(hashPath(evidenceDir(bureau.path), sha256(big))))).toBe(sha256(big));

      // Changed after listing (the same size, its time put back): refused when stored, nothing of it kept.
      const other = await newBureau(tempDir('eco-zipsrc-b-'));
      open.push(other.core);
      const mtime = new Date('2021-10-03T02:00:00Z');
      utimesSync(path, mtime, mtime);
      const candidates = [...fromPaths([path], DEFAULT_LIMITS)];
      writeFileSync(path, stored(Uint8Array.from(big).reverse()));
      utimesSync(path, mtime, mtime);
      const changed = await importCandidates(other.core.ctx, candidates);
      expect(changed.files.map((f) => [f.status, f.errors.map((e) => e.message)])).toEqual([
        ['rejected', [`压缩包“${path}”中的佐证材料“${photo}”已无法按导入开始时的内容读取（导入期间被移走或改动？），此文件未导入，请重新导入`]],
      ]);
      expect(existsSync(evidenceDir(other.path)) ? readdirSync(evidenceDir(other.path), { recursive: true, withFileTypes: true }).filter((e) => e.isFile()) : []).toEqual([]);

      // A byte of it damaged on the way (its CRC-32 no longer matches): the workbook taken, the photo said as damaged
      // and not kept (the unit's texts are in on time; the photo is asked for again).
      const damaged = Buffer.from(stored(big));
      const at = damaged.indexOf(big.subarray(0, 64)) + PIECE_BYTES + 5;
      damaged[at] = damaged[at]! ^ 0xff;
      writeFileSync(path, damaged);
      const third = await newBureau(tempDir('eco-zipsrc-b-'));
      open.push(third.core);
      const bad = await importFiles(third.core, [path]);
      expect(bad.files.map((f) => [f.status, f.errors, f.evidenceMissing])).toEqual([['imported', [], 1]]);
      expect(bad.files[0]!.warnings.join()).toMatch(/佐证材料“[^”]+”（第 \d+ 项任务）在压缩包中已损坏（可能未传送完整），无法解压，未能导入；工作簿中的填报内容已导入/);
      expect(existsSync(evidenceDir(third.path)) ? readdirSync(evidenceDir(third.path), { recursive: true, withFileTypes: true }).filter((e) => e.isFile()) : []).toEqual([]);
    } finally {
      DiskZip.prototype.read = read;
    }
  });

  it('a damaged zip is refused in words, from disk and as bytes: cut short, or a file inside it damaged', async () => {
    const dir = tempDir('eco-zipsrc-');
    const sent = enc.encode('照片'.repeat(500));
    const { book, photo } = await bundle(dir, TOWN, sent);
    const good = zipOf(book, photo, sent);
    const cut = good.subarray(0, good.length - 30);
    // The evidence first, then the workbook, whose local header is then no longer one.
    const badHeader = zipSync({ [photo]: [sent, { level: 0 }], [book[0]]: [book[1], { level: 6 }] });
    const second = Buffer.from(badHeader).indexOf(Buffer.from([0x50, 0x4b, 0x03, 0x04]), 4);
    badHeader[second + 2] = 0;
    const cases: [string, Uint8Array, string[]][] = [
      ['截断.zip', cut, ['压缩包已损坏（可能未传送完整），无法打开：请报送单位重新压缩后再报送']],
      ['坏文件头.zip', badHeader, ['无法读取文件：压缩包中的此文件已损坏，无法解压']],
    ];
    for (const [name, bytes, messages] of cases) {
      writeFileSync(join(dir, name), bytes);
      for (const via of ['disk', 'bytes'] as const) {
        const bureau = await newBureau(tempDir('eco-zipsrc-b-'));
        open.push(bureau.core);
        const r = via === 'disk' ? await importFiles(bureau.core, [join(dir, name)]) : await importBlobs(bureau.core.ctx, [{ name, data: bytes }]);
        expect(r.files.map((f) => [f.status, f.errors.map((e) => e.message)]), `${name} ${via}`).toEqual([['rejected', messages]]);
      }
    }
  });

  it('takes its files one at a time: a file is looked at before the next is listed (a folder of zips is never listed, and held, all at once)', async () => {
    const dir = tempDir('eco-zipsrc-');
    const books: Uint8Array[] = [];
    for (const unit of [TOWN, '济阳街道', '济北街道', '回河街道']) {
      const u = await newUnit(dir, unit);
      open.push(u.core);
      await reportOne(u.core, unit);
      books.push(new Uint8Array(readFileSync(await exportTo(u.core, dir, unit))));
    }
    const bureau = await newBureau(tempDir('eco-zipsrc-b-'));
    open.push(bureau.core);
    const read: boolean[] = [];
    const seenBefore: boolean[] = [];
    function* candidates(): Generator<Candidate> {
      for (const [i, bytes] of books.entries()) {
        // When the run asks for file i, has it looked at file i − 1 already?
        seenBefore.push(i === 0 || read[i - 1] === true);
        read[i] = false;
        yield { file: `f${i}.xlsx`, read: () => ((read[i] = true), bytes), evidence: new Map() };
      }
    }
    const r = await importCandidates(bureau.core.ctx, candidates());
    expect(r.files.map((f) => f.status)).toEqual(['imported', 'imported', 'imported', 'imported']);
    // The first two are taken together (one file or more decides how the run commits); from then on, one at a time.
    expect(seenBefore.slice(2)).toEqual([true, true]);
  });

  it('a zip removed after it was listed: its workbook is refused as unreadable, and nothing is kept', async () => {
    const { path, bureau, before } = await bundleOnDisk(enc.encode('照片'));
    const candidates = [...fromPaths([path], DEFAULT_LIMITS)];
    rmSync(path);
    const r = await importCandidates(bureau.core.ctx, candidates);
    expect(r.files.map((f) => [f.status, f.errors.map((e) => e.message)])).toEqual([['rejected', ['无法读取文件：压缩包已无法读取：文件已不在（被移走、改名或删除？）']]]);
    const after = dumpDb(bureau.path);
    for (const table of ['reports', 'report_evidence', 'evidence_files', 'submissions']) expect(after[table], table).toEqual(before[table]);
  });
});

describe('what a bundle holds that its workbook does not say', () => {
  it('a file added to a unit’s bundle by hand is said and not imported; a listed file replaced is said as replaced, not as missing', async () => {
    const dir = tempDir('eco-zipsrc-');
    const sent = enc.encode('现场照片'.repeat(500));
    const { book, photo } = await bundle(dir, TOWN, sent);
    const path = join(dir, '新市镇.zip');
    const cases: [string, Zippable, string[]][] = [
      [
        'added',
        { [book[0]]: book[1], [photo]: sent, '佐证材料/补充照片.jpg': enc.encode('另一张') },
        ['压缩包中的“佐证材料/补充照片.jpg”没有列在工作簿的“佐证材料”表中，未导入（如需报送，请该单位在系统中添加为佐证材料后重新导出）'],
      ],
      [
        'replaced',
        { [book[0]]: book[1], [photo]: enc.encode('换过的照片') },
        [expect.stringMatching(/^佐证材料“照片\.jpg”（第 \d+ 项任务）与工作簿中登记的不是同一个文件（被替换或已损坏？），未能导入：请该单位重新导出含佐证材料的压缩包后报送$/)],
      ],
    ];
    for (const [what, files, warnings] of cases) {
      writeFileSync(path, zipSync(files));
      const bureau = await newBureau(tempDir('eco-zipsrc-b-'));
      open.push(bureau.core);
      const r = await importFiles(bureau.core, [path]);
      expect(r.files.map((f) => [f.status, f.warnings]), what).toEqual([['imported', warnings]]);
      // A listed file replaced on the way is counted as missing where the bureau reviews the unit, not only said here.
      const missing = what === 'replaced' ? 1 : 0;
      expect(r.files[0]!.evidenceMissing ?? 0, what).toBe(missing);
      expect((await bureau.core.run('submissions.status', { period: PERIOD })).find((u) => u.unitName === TOWN)?.evidenceMissing, what).toBe(missing);
      expect(existsSync(hashPath(evidenceDir(bureau.path), sha256(enc.encode('另一张')))), what).toBe(false);
    }
  });

  it('a zip of several units’ folders names the files none of its workbooks lists (dry run and import), not those of a workbook refused', async () => {
    const dir = tempDir('eco-zipsrc-');
    const a = await bundle(dir, TOWN, enc.encode('新市镇照片'.repeat(300)));
    const b = await bundle(dir, '济阳街道', enc.encode('济阳照片'.repeat(300)));
    const path = join(dir, '收件箱.zip');
    writeFileSync(
      path,
      zipSync({
        [`新市镇/${a.book[0]}`]: a.book[1],
        [`新市镇/${a.photo}`]: enc.encode('新市镇照片'.repeat(300)),
        '新市镇/佐证材料/补充照片.jpg': enc.encode('没有列出的照片'),
        [`济阳街道/${b.book[0]}`]: b.book[1],
        [`济阳街道/${b.photo}`]: enc.encode('济阳照片'.repeat(300)),
        '说明.docx': enc.encode('报送说明'),
        // A unit whose workbook is refused: its photo went with it, and its refusal is said.
        '回河街道/回河街道.xlsx': enc.encode('不是工作簿'),
        '回河街道/佐证材料/照片.jpg': enc.encode('回河照片'),
      }),
    );
    const bureau = await newBureau(tempDir('eco-zipsrc-b-'));
    open.push(bureau.core);
    const expected = ['收件箱.zip/新市镇/佐证材料/补充照片.jpg', '收件箱.zip/说明.docx'].map((f) => join(dir, f));
    const dry = await importFiles(bureau.core, [path], { dryRun: true });
    expect(dry.files.map((f) => f.status)).toEqual(['rejected', 'imported', 'imported']);
    expect(dry.unlisted).toEqual(expected);
    const r = await importFiles(bureau.core, [path]);
    expect(r.unlisted).toEqual(expected);
    // Kept with the run (导入记录), once the result is gone; the dry run kept nothing.
    expect((await bureau.core.run('exchange.importRuns', {})).map((x) => x.unlisted)).toEqual([expected]);
    expect(unlistedText(r.unlisted)).toBe(`压缩包中 2 个文件没有列在其中任何工作簿的“佐证材料”表中，未导入：${expected.join('、')}（如是某单位的佐证材料，请该单位在系统中添加后重新导出，或在模板的“佐证材料”表中填写后重新报送）`);
    expect(existsSync(hashPath(evidenceDir(bureau.path), sha256(enc.encode('没有列出的照片'))))).toBe(false);
    // A unit's bundle alone says such a file in its own warnings, not here.
    writeFileSync(path, zipSync({ [a.book[0]]: a.book[1], '佐证材料/补充照片.jpg': enc.encode('没有列出的照片') }));
    expect((await importFiles(bureau.core, [path], { dryRun: true })).unlisted).toEqual([]);
    // A listed file come with other bytes (changed on the way): its workbook says so; it is listed, not unlisted.
    writeFileSync(
      path,
      zipSync({ [`新市镇/${a.book[0]}`]: a.book[1], [`新市镇/${a.photo}`]: enc.encode('换过的照片'), [`济阳街道/${b.book[0]}`]: b.book[1], [`济阳街道/${b.photo}`]: enc.encode('济阳照片'.repeat(300)) }),
    );
    const fresh = await newBureau(tempDir('eco-zipsrc-b2-'));
    open.push(fresh.core);
    const changed = await importFiles(fresh.core, [path], { dryRun: true });
    expect(changed.files.find((f) => f.unitName === TOWN)!.warnings.some((w) => w.includes('与工作簿中登记的不是同一个文件'))).toBe(true);
    expect(changed.unlisted).toEqual([]);
    // A zip of units' zips with a note beside them: the note is passed over and listed as such.
    const zipA = zipSync({ [a.book[0]]: a.book[1], [a.photo]: enc.encode('新市镇照片'.repeat(300)) });
    writeFileSync(path, zipSync({ '新市镇.zip': zipA, '说明.docx': enc.encode('报送说明') }));
    const zips = await importFiles(bureau.core, [path], { dryRun: true });
    expect(zips.files.map((f) => f.status)).toEqual(['unchanged']);
    expect([zips.skipped, zips.unlisted]).toEqual([[join(dir, '收件箱.zip/说明.docx')], []]);
  });

  it('a filled hand-fill template zipped with its evidence: the files it lists are attached by name; one not listed, or listed and not sent, is said', async () => {
    const dir = tempDir('eco-zipsrc-tpl-');
    const bureau = await newBureau(tempDir('eco-zipsrc-b-'));
    open.push(bureau.core);
    const t = await bureau.core.run('exchange.template', { unit: TOWN, period: PERIOD });
    const blank = join(dir, 'template.xlsx');
    writeFileSync(blank, Buffer.from(t.dataBase64, 'base64'));
    const filled = join(dir, 'filled.xlsx');
    await handEdited(blank, filled, '开展巡查');
    // The clerk lists two files on the 佐证材料 sheet's entry rows (one typed in other case), as Excel or WPS would save them.
    const task = (await bureau.core.run('reports.forUnit', { unit: TOWN, period: PERIOD })).tasks[0]!.task;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(filled) as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('佐证材料')!;
    const first = sheet.getColumn(1).values.indexOf('任务序号') + 1;
    sheet.getRow(first).getCell(1).value = task;
    sheet.getRow(first).getCell(2).value = '巡河照片.JPG';
    sheet.getRow(first + 1).getCell(1).value = task;
    sheet.getRow(first + 1).getCell(2).value = '会议纪要.pdf';
    // Typed as Windows shows it, without the extension it hides.
    sheet.getRow(first + 2).getCell(1).value = task;
    sheet.getRow(first + 2).getCell(2).value = '现场记录';
    // And an empty file (a copy that failed): no evidence.
    sheet.getRow(first + 3).getCell(1).value = task;
    sheet.getRow(first + 3).getCell(2).value = '空.pdf';
    // And one damaged on the way (its bytes no longer match the zip's CRC-32).
    sheet.getRow(first + 4).getCell(1).value = task;
    sheet.getRow(first + 4).getCell(2).value = '台账.jpg';
    writeFileSync(filled, Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer));
    const photo = enc.encode('巡河照片的内容');
    const record = enc.encode('现场记录的内容');
    const path = join(dir, '新市镇.zip');
    const ledger = enc.encode('台账照片的内容'.repeat(20));
    const zipped = Buffer.from(
      zipSync({ '新市镇.xlsx': readFileSync(filled), '佐证材料/巡河照片.jpg': photo, '佐证材料/其他.jpg': enc.encode('另一张'), '佐证材料/现场记录.docx': record, '佐证材料/空.pdf': new Uint8Array(0), '佐证材料/台账.jpg': [ledger, { level: 0 }] }),
    );
    const at = zipped.indexOf(Buffer.from(ledger)) + 40;
    zipped[at] = zipped[at]! ^ 0xff;
    writeFileSync(path, zipped);
    const r = await importFiles(bureau.core, [path]);
    expect(r.files.map((f) => f.status)).toEqual(['imported']);
    expect(r.files[0]!.warnings).toEqual(
      expect.arrayContaining([
        '“佐证材料”表第 5 行列出的“会议纪要.pdf”（第 ' + task + ' 项任务）不在压缩包中，未导入（请该单位把它放入“佐证材料”文件夹，与工作簿一起压缩为 .zip 重新报送）',
        '压缩包中的“佐证材料/其他.jpg”没有列在工作簿的“佐证材料”表中，未导入（如需报送，请该单位在模板的“佐证材料”表中填写它的任务序号和文件名后重新报送）',
        `“佐证材料”表第 7 行列出的“空.pdf”（第 ${task} 项任务）是空文件（0 字节），未导入：请该单位放入实际的文件后重新报送`,
        `“佐证材料”表第 8 行列出的“台账.jpg”（第 ${task} 项任务）在压缩包中已损坏（可能未传送完整），无法解压，未导入；工作簿中的填报内容已导入：请该单位重新压缩后报送`,
      ]),
    );
    // The damaged one is said as such only: not as a file the workbook does not list.
    expect(r.files[0]!.warnings.filter((w) => w.includes('台账.jpg'))).toHaveLength(1);
    // The listed files that did not come (or came empty, or damaged) are counted; a file it does not list is not evidence of it.
    expect(r.files[0]!.evidenceMissing).toBe(3);
    const held = (await reportsOf(bureau.core)).find((x) => x.task === task);
    expect(held && 'evidence' in held ? held.evidence?.map((e) => [e.name, e.hash]).sort() : null).toEqual([
      ['巡河照片.JPG', sha256(photo)],
      ['现场记录.docx', sha256(record)],
    ]);
    expect(r.files[0]!.warnings).toContain(`“佐证材料”表第 6 行列出的“现场记录”（第 ${task} 项任务）没有写扩展名，按文件名取了压缩包中的“佐证材料/现场记录.docx”`);
    expect(existsSync(hashPath(evidenceDir(bureau.path), sha256(photo)))).toBe(true);
    // The same bundle again: the same content (its files' hashes counted in), nothing new.
    expect((await importFiles(bureau.core, [path])).files.map((f) => f.status)).toEqual(['unchanged']);
  });

  it('a zip refused as a whole, and a file too large to read, are recorded with their own SHA-256 and size', async () => {
    const dir = tempDir('eco-zipsrc-');
    const noBook = join(dir, '只有说明.zip');
    writeFileSync(noBook, zipSync({ '说明.txt': enc.encode('只有说明') }));
    const big = join(dir, '太大.xlsx');
    writeFileSync(big, Buffer.alloc(60_000, 1));
    // With a file accepted, so that the run is recorded (one that takes nothing writes nothing).
    const { path: good, bureau } = await bundleOnDisk(enc.encode('照片'.repeat(100)));
    const r = await importFiles(bureau.core, [good, noBook, big], { limits: { maxWorkbookBytes: 50_000 } });
    expect(r.files.map((f) => [f.status, f.sha256])).toEqual([
      ['imported', expect.any(String)],
      ['rejected', sha256(readFileSync(noBook))],
      ['rejected', sha256(readFileSync(big))],
    ]);
    const rows = bureau.core.ctx.store.db.prepare("SELECT file_hash, size FROM import_files WHERE status = 'rejected' ORDER BY size").all();
    expect(rows).toEqual([
      { file_hash: sha256(readFileSync(noBook)), size: readFileSync(noBook).length },
      { file_hash: sha256(readFileSync(big)), size: 60_000 },
    ]);
  });
});

describe('a unit’s bundle unzipped into a folder', () => {
  it('imports as the zip would: the workbook with the files of its 佐证材料 folder; two workbooks in one folder share none', async () => {
    const dir = tempDir('eco-unzipped-');
    const sent = enc.encode('现场照片'.repeat(800));
    const { book, photo } = await bundle(dir, TOWN, sent);
    const folder = join(dir, '收件箱', '新市镇（已解压）');
    mkdirSync(join(folder, '佐证材料'), { recursive: true });
    writeFileSync(join(folder, book[0]), book[1]);
    writeFileSync(join(folder, photo), sent);
    writeFileSync(join(dir, '收件箱', '说明.txt'), '请查收');
    const bureau = await newBureau(tempDir('eco-unzipped-b-'));
    open.push(bureau.core);
    const r = await importFiles(bureau.core, [join(dir, '收件箱')]);
    expect(r.files.map((f) => [f.status, f.warnings])).toEqual([['imported', []]]);
    // The evidence files were taken, not passed over; only the note is.
    expect(r.skipped).toEqual([join(dir, '收件箱', '说明.txt')]);
    expect(sha256(readFileSync(hashPath(evidenceDir(bureau.path), sha256(sent))))).toBe(sha256(sent));
    expect((await reportsOf(bureau.core))[0]).toMatchObject({ evidence: [{ hash: sha256(sent), size: sent.length }] });

    // A second workbook beside it: whose the files are is not known, so they are nobody's (passed over, said as not sent).
    writeFileSync(join(folder, '另一份.xlsx'), book[1]);
    const other = await newBureau(tempDir('eco-unzipped-b-'));
    open.push(other.core);
    const again = await importFiles(other.core, [folder]);
    expect(again.skipped).toEqual([join(folder, photo)]);
    expect(again.files.flatMap((f) => f.warnings).some((w) => w.includes('没有随工作簿报送'))).toBe(true);

    // More evidence than a bundle may hold: refused as its zip would be, nothing written.
    rmSync(join(folder, '另一份.xlsx'));
    const capped = await newBureau(tempDir('eco-unzipped-b-'));
    open.push(capped.core);
    const before = dumpDb(capped.path);
    const over = await importFiles(capped.core, [folder], { limits: { maxZipBytes: sent.length - 1 } });
    expect(over.files.map((f) => [f.status, f.errors.map((e) => e.message)])).toEqual([
      ['rejected', [expect.stringMatching(/^此工作簿所在文件夹的“佐证材料”共 .*（其中的所有文件，含工作簿未登记的），超过一份报送可带的上限 .*，未导入；请只保留该单位报送的文件后重新导入，或导入该单位导出的压缩包$/)]],
    ]);
    expect(dumpDb(capped.path)).toEqual(before);
  });
});

describe('a workbook imported without its evidence, then its bundle', () => {
  async function aloneThenBundle() {
    const dir = tempDir('eco-complete-');
    const sent = enc.encode('现场照片'.repeat(800));
    const more = enc.encode('第二张照片'.repeat(700));
    const { book, photos } = await bundle(dir, TOWN, sent, [more]);
    const alone = join(dir, book[0]);
    writeFileSync(alone, book[1]);
    const bureau = await newBureau(tempDir('eco-complete-b-'));
    open.push(bureau.core);
    const first = await importFiles(bureau.core, [alone]);
    expect(first.files[0]!.status).toBe('imported');
    expect(first.files[0]!.warnings.filter((w) => w.includes('没有随工作簿报送'))).toHaveLength(2);
    expect(first.files[0]!.evidenceMissing).toBe(2);
    const whole = join(dir, '全部.zip');
    writeFileSync(whole, zipSync({ [book[0]]: book[1], [photos[0]!]: sent, [photos[1]!]: more }));
    return { dir, sent, more, book, photos, bureau, whole };
  }

  it('the bundle completes the evidence (updated, said so, texts untouched), then is unchanged; a bundle with a file still missing completes what came', async () => {
    const { dir, sent, book, photos, bureau, whole } = await aloneThenBundle();
    expect((await reportsOf(bureau.core))[0]).toMatchObject({ evidence: [] });
    // Its zip with one of the two files: that one is attached; the other is still said as not sent.
    const partial = join(dir, '部分.zip');
    writeFileSync(partial, zipSync({ [book[0]]: book[1], [photos[0]!]: sent }));
    const second = await importFiles(bureau.core, [partial]);
    expect(second.files[0]!.status).toBe('updated');
    // What is still missing is said as well: 补齐 is not read as complete.
    expect(second.files[0]!.warnings).toEqual([
      expect.stringMatching(/^此文件（第 \d+ 版）的内容此前已导入；此次补齐此前未能导入的佐证材料：“照片\.jpg”（第 \d+ 项任务），填报内容不变$/),
      expect.stringMatching(/^佐证材料“照片1\.jpg”（第 \d+ 项任务）没有随工作簿报送，未能导入：请该单位导出含佐证材料的压缩包（\.zip）重新报送$/),
    ]);
    expect((await reportsOf(bureau.core))[0]).toMatchObject({ evidence: [{ hash: sha256(sent), size: sent.length }] });
    // Counted where the bureau reviews the unit (the 待审核 row, 审核通过, the printed 报送情况统计表), as it stands.
    const missingNow = async (): Promise<number | undefined> => (await bureau.core.run('submissions.status', { period: PERIOD })).find((u) => u.unitName === TOWN)?.evidenceMissing;
    expect(second.files[0]!.evidenceMissing).toBe(1);
    expect(await missingNow()).toBe(1);
    const printed = (await bureau.core.run('forms.render', { form: 'submissions', period: PERIOD })).html;
    expect(printed).toContain('导入时佐证材料缺 1 个');
    // Counted in 合计 and explained under the table.
    expect(printed).toContain('；导入时佐证材料不全 1 个');
    expect(printed).toContain('注：“导入时佐证材料缺 N 个”指该单位工作簿列出、但导入时没有随文件收到或已损坏的佐证材料个数。');
    // The import history keeps each file's count.
    expect((await bureau.core.run('exchange.importRuns', {})).flatMap((run) => run.files).map((f) => f.evidenceMissing ?? 0).sort()).toEqual([1, 2]);
    // The whole bundle: the last file too; afterwards the same bundle is unchanged, and nothing more is written.
    const third = await importFiles(bureau.core, [whole]);
    expect(third.files[0]!.status).toBe('updated');
    expect(third.files[0]!.warnings[0]).toContain('“照片1.jpg”');
    expect((await reportsOf(bureau.core))[0]!.evidence).toHaveLength(2);
    expect(third.files[0]!.evidenceMissing).toBeUndefined();
    expect(await missingNow()).toBe(0);
    const before = dumpDb(bureau.path);
    const fourth = await importFiles(bureau.core, [whole], { dryRun: true });
    expect(fourth.files[0]!.status).toBe('unchanged');
    expect(dumpDb(bureau.path)).toEqual(before);
    // The report's history shows each step.
    const history = await bureau.core.run('reports.history', { unit: TOWN, period: PERIOD, task: (await reportsOf(bureau.core))[0]!.task });
    expect(history.filter((h) => h.note.includes('补齐佐证材料'))).toHaveLength(2);
    expect(history).toHaveLength(3);
  });

  it('the files missing are named where the bureau reviews the unit; one the bureau attaches itself (代为填报) is no longer counted', async () => {
    const { bureau: imported } = await aloneThenBundle();
    // Attached an hour after the file came.
    await imported.core.close();
    const bureau = { core: await Core.open(imported.path, { now: () => new Date(FIXED_NOW.getTime() + 3_600_000) }) };
    open.push(bureau.core);
    const task = (await reportsOf(bureau.core))[0]!.task;
    const status = async () => (await bureau.core.run('submissions.status', { period: PERIOD })).find((u) => u.unitName === TOWN)!;
    const names = ['照片.jpg', '照片1.jpg'];
    expect(await status()).toMatchObject({ evidenceMissing: 2, evidenceMissingFiles: names.map((name) => ({ task, name })) });
    // Said by task, as the 审核通过 dialog and the overview's row name them.
    expect(missingEvidenceNames([...(await status()).evidenceMissingFiles, { task: task + 1, name: '纪要.pdf' }])).toBe(`第 ${task} 项任务的“照片.jpg”“照片1.jpg”、第 ${task + 1} 项任务的“纪要.pdf”`);
    // The import's history keeps which, and so does the task's 修改记录.
    expect((await bureau.core.run('exchange.importRuns', {}))[0]!.files[0]!.evidenceMissingFiles).toEqual(names.map((name) => ({ task, name })));
    expect((await bureau.core.run('reports.history', { unit: TOWN, period: PERIOD, task })).at(-1)!.note).toMatch(/；工作簿列出的佐证材料“照片\.jpg”“照片1\.jpg”未随之收到$/);
    // Attached under the listed name with another extension (a scan as .pdf for the .jpg): taken as the one missing.
    const unitView = () => bureau.core.run('reports.forUnit', { unit: TOWN, period: PERIOD });
    expect(await unitView()).toMatchObject({ editedSince: null, evidenceMissing: names.map((name) => ({ task, name })) });
    const other = names[1]!.replace(/\.jpg$/, '.PDF');
    await bureau.core.run('evidence.add', { unit: TOWN, period: PERIOD, task, name: other, dataBase64: Buffer.from('扫描件').toString('base64') });
    expect(await status()).toMatchObject({ evidenceMissing: 1, evidenceMissingFiles: [{ task, name: names[0] }] });
    // 报送与审核记录 says who supplied it and when.
    expect((await bureau.core.run('submissions.log', { unit: TOWN, period: PERIOD })).map(reviewEventText).at(-1)).toBe(`区局补上导入时缺少的佐证材料“${other}”（第 ${task} 项任务）`);
    // The submission completed, not changed: still the revision received (not 收到后已修改), and not registered again.
    expect(await unitView()).toMatchObject({ editedSince: null, evidenceMissing: [{ task, name: names[0] }] });
    await expect(bureau.core.run('submissions.enter', { unit: TOWN, period: PERIOD })).rejects.toThrow(/只补上了该版缺少的佐证材料，填报内容没有修改，无需再次登记/);
    // A file of another name is not that one, and is a change since the file came.
    await bureau.core.run('evidence.add', { unit: TOWN, period: PERIOD, task, name: '其他.jpg', dataBase64: Buffer.from('其他').toString('base64') });
    expect((await status()).evidenceMissing).toBe(1);
    expect((await unitView()).editedSince).toMatchObject({ revision: expect.any(Number) });
    expect((await bureau.core.run('forms.render', { form: 'submissions', period: PERIOD })).html).toContain('导入时佐证材料缺 1 个');
  });

  it('a missing file is still counted when the unit’s own bundle brought another of the same name with another extension', async () => {
    const dir = tempDir('eco-missing-stem-');
    const u = await newUnit(dir);
    open.push(u.core);
    await reportOne(u.core);
    const task = (await u.core.run('reports.forUnit', { unit: TOWN, period: PERIOD })).tasks[0]!.task;
    for (const [name, text] of [['现场照片.jpg', '照片'], ['现场照片.pdf', '扫描件']] as const) {
      await u.core.run('evidence.add', { unit: TOWN, period: PERIOD, task, name, dataBase64: Buffer.from(text.repeat(300)).toString('base64') });
    }
    const zip = await exportTo(u.core, dir);
    const entries = unzipSync(readFileSync(zip));
    // The .jpg lost on the way.
    writeFileSync(zip, zipSync(Object.fromEntries(Object.entries(entries).filter(([n]) => !n.endsWith('.jpg')))));
    const bureau = await newBureau(tempDir('eco-missing-stem-b-'));
    open.push(bureau.core);
    expect((await importFiles(bureau.core, [zip])).files[0]!.evidenceMissing).toBe(1);
    expect((await bureau.core.run('submissions.status', { period: PERIOD })).find((x) => x.unitName === TOWN)).toMatchObject({ evidenceMissing: 1, evidenceMissingFiles: [{ task, name: '现场照片.jpg' }] });
  });

  it('the same photo held already for another unit (a joint inspection) is still attached to this one when its bundle comes', async () => {
    const dir = tempDir('eco-complete-shared-');
    const photo = enc.encode('联合检查照片'.repeat(900));
    const a = await bundle(dir, TOWN, photo);
    const b = await bundle(dir, '济阳街道', photo);
    const alone = join(dir, a.book[0]);
    writeFileSync(alone, a.book[1]);
    const zipA = join(dir, 'A.zip');
    writeFileSync(zipA, zipSync({ [a.book[0]]: a.book[1], [a.photo]: photo }));
    const zipB = join(dir, 'B.zip');
    writeFileSync(zipB, zipSync({ [b.book[0]]: b.book[1], [b.photo]: photo }));
    const bureau = await newBureau(tempDir('eco-complete-shared-b-'));
    open.push(bureau.core);
    expect((await importFiles(bureau.core, [alone])).files[0]!.status).toBe('imported');
    expect((await importFiles(bureau.core, [zipB])).files[0]!.status).toBe('imported');
    const r = await importFiles(bureau.core, [zipA]);
    expect(r.files[0]!.status).toBe('updated');
    expect((await reportsOf(bureau.core))[0]).toMatchObject({ evidence: [{ hash: sha256(photo) }] });
  });

  it('what the bureau changed since is kept: a file it took off is not brought back, its corrected text stays; a report sent back stays sent back', async () => {
    const { bureau, whole, sent } = await aloneThenBundle();
    const task = (await reportsOf(bureau.core))[0]!.task;
    // The bureau corrects a text, and the unit's report is sent back.
    const held = (await reportsOf(bureau.core))[0] as { status: string };
    await bureau.core.run('reports.save', { unit: TOWN, period: PERIOD, task, report: { status: held.status, progress: '区局更正的进展' } });
    await bureau.core.run('submissions.return', { unit: TOWN, period: PERIOD, reason: '请补充佐证材料' });
    const completing = await importFiles(bureau.core, [whole]);
    expect(completing.files[0]!.status).toBe('updated');
    expect(completing.files[0]!.warnings.join('\n')).toContain('此文件补齐的佐证材料不改变退回的填报内容，退回仍然有效');
    const after = (await reportsOf(bureau.core))[0] as { progress: string; evidence: { hash: string }[] };
    expect(after.progress).toBe('区局更正的进展');
    expect(after.evidence).toHaveLength(2);
    expect((await bureau.core.run('submissions.status', { period: PERIOD })).find((s) => s.unitName === TOWN)?.returned).toMatchObject({ resubmittedRevision: null, reason: '请补充佐证材料' });
    // The bureau takes one photo off; the same bundle again brings nothing back.
    await bureau.core.run('evidence.remove', { unit: TOWN, period: PERIOD, task, hash: sha256(sent), name: '照片.jpg' });
    const before = dumpDb(bureau.path);
    const again = await importFiles(bureau.core, [whole]);
    expect(again.files[0]!.status).toBe('unchanged');
    expect((await reportsOf(bureau.core))[0]!.evidence).toHaveLength(1);
    expect(((await reportsOf(bureau.core))[0] as { progress: string }).progress).toBe('区局更正的进展');
    expect(dumpDb(bureau.path).reports).toEqual(before.reports);
  });
});
