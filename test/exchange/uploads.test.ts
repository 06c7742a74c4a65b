/**
 * The app brings picked files to the core piece by piece (exchange.uploadStart,
 * exchange.uploadChunk) and imports them by id: any size, never one message
 * of every file's base64. A dry run keeps them for the import; the import
 * takes and removes them.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../electron/core/exchange/limits';
import { outgoingDir } from '../../electron/core/exchange/outgoing';
import { BUNDLE_MAX_BYTES } from '../../shared/api/exchange';
import { uploadsDir } from '../../electron/core/exchange/uploads';
import { sha256 } from '../../electron/core/fsutil';
import { evidenceDir, hashPath } from '../../electron/core/paths';
import { Core } from '../../electron/core/service';
import { dumpDb, newBureau, tempDir } from '../helpers/db';
import { importFiles, ok, unitBundle } from './helpers';

const open: Core[] = [];
afterEach(() => {
  for (const c of open.splice(0)) c.close();
});

/** Uploads bytes as `name` in pieces of `piece` bytes; returns the id. */
async function upload(core: Core, name: string, bytes: Uint8Array, piece = 1000): Promise<string> {
  const { id, accepted } = await ok(core.call('exchange.uploadStart', { name, size: bytes.length }));
  expect(accepted).toBe(true);
  for (let at = 0; at < bytes.length; at += piece) {
    const r = await ok(core.call('exchange.uploadChunk', { id, offset: at, dataBase64: Buffer.from(bytes.subarray(at, at + piece)).toString('base64') }));
    expect(r.received).toBe(Math.min(at + piece, bytes.length));
  }
  return id;
}

async function setup() {
  const dir = tempDir('eco-upload-');
  const { unit, zip } = await unitBundle(dir, Buffer.from('jpeg bytes '.repeat(500)));
  const bureau = await newBureau(tempDir('eco-upload-b-'));
  open.push(unit.core, bureau.core);
  return { dir, unit, bureau, zip, bytes: new Uint8Array(readFileSync(zip)) };
}

describe('uploads for the app’s import', () => {
  it('a bundle uploaded in pieces: the dry run keeps it, the import takes it as the same file from disk would be, then it is gone', async () => {
    const { bureau, zip, bytes } = await setup();
    const id = await upload(bureau.core, '十月报送/新市镇.zip', bytes);
    const before = dumpDb(bureau.path);
    const dry = await ok(bureau.core.call('exchange.import', { uploads: [id], dryRun: true }));
    expect(dry.files.map((f) => [f.file.startsWith('十月报送/新市镇.zip/'), f.status])).toEqual([[true, 'imported']]);
    expect(dumpDb(bureau.path)).toEqual(before);
    expect(readdirSync(uploadsDir(bureau.path))).toEqual([id]);

    const r = await ok(bureau.core.call('exchange.import', { uploads: [id] }));
    expect(r.files.map((f) => [f.status, f.errors])).toEqual([['imported', []]]);
    expect(r.files[0]!.container).toEqual({ file: '十月报送/新市镇.zip', sha256: sha256(bytes) });
    // What the same file read from disk gives, in a database of its own.
    const other = await newBureau(tempDir('eco-upload-c-'));
    open.push(other.core);
    const fromDisk = await importFiles(other.core, [zip]);
    expect(r.files.map((f) => [f.sha256, f.unit, f.period, f.revision, f.warnings])).toEqual(fromDisk.files.map((f) => [f.sha256, f.unit, f.period, f.revision, f.warnings]));
    expect(readdirSync(uploadsDir(bureau.path))).toEqual([]);
    const again = await bureau.core.call('exchange.import', { uploads: [id] });
    expect(again.ok ? null : again.error.message).toBe('选中的文件已不在（程序重启过，或已导入、已放弃），请重新选择文件后再试');
  });

  it('a picked folder holding a bundle unzipped (its workbook and 佐证材料 folder): imported with its evidence, as the zip; a loose photo beside it passed over', async () => {
    const { bureau, bytes } = await setup();
    const entries = unzipSync(bytes);
    const bookName = Object.keys(entries).find((n) => n.endsWith('.xlsx'))!;
    const photoName = Object.keys(entries).find((n) => n.startsWith('佐证材料/'))!;
    const photo = entries[photoName]!;
    const ids = [
      await upload(bureau.core, `收件箱/新市镇/${bookName}`, entries[bookName]!),
      await upload(bureau.core, `收件箱/新市镇/${photoName}`, photo),
      await upload(bureau.core, '收件箱/现场.jpg', Buffer.from('loose photo')),
      // Windows' thumbnails in the photo folder: nobody's evidence, not said.
      await upload(bureau.core, '收件箱/新市镇/佐证材料/Thumbs.db', Buffer.from('thumbs')),
    ];
    const dry = await ok(bureau.core.call('exchange.import', { uploads: ids, dryRun: true }));
    expect(dry.files.map((f) => [f.file, f.status, f.warnings])).toEqual([[`收件箱/新市镇/${bookName}`, 'imported', []]]);
    expect(dry.skipped).toEqual(['收件箱/现场.jpg']);
    const r = await ok(bureau.core.call('exchange.import', { uploads: ids }));
    expect(r.files.map((f) => [f.status, f.warnings])).toEqual([['imported', []]]);
    expect(readFileSync(hashPath(evidenceDir(bureau.path), sha256(photo)))).toEqual(Buffer.from(photo));
    expect(readdirSync(uploadsDir(bureau.path))).toEqual([]);
    // The app's own check of an unzipped bundle's total uses the core's cap.
    expect(BUNDLE_MAX_BYTES).toBe(DEFAULT_LIMITS.maxZipBytes);
    // An evidence file may be as large as a bundle's (not capped as a workbook).
    const big = await ok(bureau.core.call('exchange.uploadStart', { name: '收件箱/新市镇/佐证材料/巡河视频.mp4', size: 300 * 1024 * 1024 }));
    expect(big.accepted).toBe(true);
    const loose = await ok(bureau.core.call('exchange.uploadStart', { name: '收件箱/巡河视频.mp4', size: 300 * 1024 * 1024 }));
    expect(loose.accepted).toBe(false);
    await ok(bureau.core.call('exchange.uploadDiscard', { ids: [big.id, loose.id] }));
    // One over the cap: the bundle is more than a bundle may hold, refused as its zip would be, naming the file.
    const other = await newBureau(tempDir('eco-upload-d-'));
    open.push(other.core);
    const book = await upload(other.core, `收件箱/新市镇/${bookName}`, entries[bookName]!);
    const huge = await ok(other.core.call('exchange.uploadStart', { name: `收件箱/新市镇/${photoName}`, size: 2 * 1024 * 1024 * 1024 }));
    expect(huge.accepted).toBe(false);
    const refusedOne = await ok(other.core.call('exchange.import', { uploads: [book, huge.id], dryRun: true }));
    expect(refusedOne.files.map((f) => [f.file, f.status])).toEqual([[`收件箱/新市镇/${bookName}`, 'rejected']]);
    expect(refusedOne.files[0]!.errors[0]!.message).toMatch(/^此工作簿的“佐证材料”中的“.*”文件过大（.*，上限 .*），超过一份报送可带的上限，未导入；请该单位删减或压缩佐证材料后重新导出$/);
    await ok(other.core.call('exchange.uploadDiscard', { ids: [book, huge.id] }));
  });

  it('uploads discarded while an import reads them (the page closed meanwhile) stay until it is done, then go', async () => {
    const { bureau, bytes } = await setup();
    const id = await upload(bureau.core, '新市镇.zip', bytes);
    const importing = bureau.core.call('exchange.import', { uploads: [id] });
    // The discard arrives as the import runs: answered at once, the file kept for it.
    expect(await ok(bureau.core.call('exchange.uploadDiscard', { ids: [id] }))).toEqual({ discarded: 1 });
    const r = await ok(importing);
    expect(r.files.map((f) => [f.status, f.errors])).toEqual([['imported', []]]);
    expect(readdirSync(uploadsDir(bureau.path))).toEqual([]);
  });

  it('refuses pieces out of order or past the size said, an import of an upload not complete, and a file too large (then refused by the import, named)', async () => {
    const { bureau, bytes } = await setup();
    const { id } = await ok(bureau.core.call('exchange.uploadStart', { name: '新市镇.zip', size: bytes.length }));
    const piece = (at: number, n: number) => bureau.core.call('exchange.uploadChunk', { id, offset: at, dataBase64: Buffer.from(bytes.subarray(at, at + n)).toString('base64') });
    await ok(piece(0, 100));
    const skipped = await piece(200, 100);
    expect(skipped.ok ? null : skipped.error.message).toBe('文件“新市镇.zip”读取中断（应从第 100 字节接着读，收到的是第 200 字节起的一段），请重新预检');
    const partial = await bureau.core.call('exchange.import', { uploads: [id], dryRun: true });
    expect(partial.ok ? null : partial.error.message).toBe(`文件“新市镇.zip”尚未读取完整（100 / ${bytes.length} 字节），请重新选择文件后再试`);
    await ok(piece(100, bytes.length - 100));
    const beyond = await bureau.core.call('exchange.uploadChunk', { id, offset: bytes.length, dataBase64: 'AAAA' });
    expect(beyond.ok ? null : beyond.error.message).toContain('比开始读取时说的');

    const big = await ok(bureau.core.call('exchange.uploadStart', { name: '照片太多.zip', size: 2 * 1024 ** 3 }));
    expect(big.accepted).toBe(false);
    const refusedPiece = await bureau.core.call('exchange.uploadChunk', { id: big.id, offset: 0, dataBase64: 'AAAA' });
    expect(refusedPiece.ok ? null : refusedPiece.error.message).toBe('文件“照片太多.zip”文件过大（2048 MB，上限 1024 MB），不再读取');
    const r = await ok(bureau.core.call('exchange.import', { uploads: [big.id, id], dryRun: true }));
    expect(r.files.map((f) => [f.file.split('/')[0], f.status, f.errors.map((e) => e.message)])).toEqual([
      ['照片太多.zip', 'rejected', ['文件过大（2048 MB，上限 1024 MB）']],
      ['新市镇.zip', 'imported', []],
    ]);

    // The same upload named twice is one file.
    expect((await ok(bureau.core.call('exchange.import', { uploads: [id, id], dryRun: true }))).files).toHaveLength(1);
    // Its file removed meanwhile (by hand, or by another process's sweep): said so, not "incomplete".
    rmSync(join(uploadsDir(bureau.path), id));
    const gone = await bureau.core.call('exchange.import', { uploads: [id], dryRun: true });
    expect(gone.ok ? null : gone.error.message).toBe('选中的文件“新市镇.zip”已不在（已被清理？），请重新选择文件后再试');

    const none = await bureau.core.call('exchange.import', { uploads: [] });
    expect(none.ok ? null : none.error.message).toContain('请选择要导入的文件');
    expect(await ok(bureau.core.call('exchange.uploadDiscard', { ids: [id, big.id, 'nope'] }))).toEqual({ discarded: 2 });
    expect(readdirSync(uploadsDir(bureau.path))).toEqual([]);
  });

  it('a unit’s database takes no uploads; what a session left behind (uploads, files prepared for saving) goes a day later, as the database opens', async () => {
    const { unit, bureau } = await setup();
    const refused = await unit.core.call('exchange.uploadStart', { name: 'a.xlsx', size: 10 });
    expect(refused.ok ? null : refused.error.code).toBe('bureau_only');
    const dirs = [uploadsDir(bureau.path), outgoingDir(bureau.path)];
    const dayAndMore = (Date.now() - 25 * 3600 * 1000) / 1000;
    for (const dir of dirs) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'old'), 'x');
      writeFileSync(join(dir, 'recent'), 'x');
      utimesSync(join(dir, 'old'), dayAndMore, dayAndMore);
    }
    bureau.core.close();
    open.splice(open.indexOf(bureau.core), 1);
    open.push(await Core.open(bureau.path));
    for (const dir of dirs) expect(readdirSync(dir)).toEqual(['recent']);
  });
});
