/**
 * Large files the app saves (an imported original, a 佐证材料包) are made on
 * disk by the core and saved from there: the browser host streams them as
 * downloads (test/server/host.test.ts), the desktop shell copies them
 * (savePrepared), other callers read them in pieces. Nothing of any size
 * crosses the API in one message.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { unzipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import type { ExportedFile } from '../../shared/api/exchange';
import { outgoingDir } from '../../electron/core/exchange/outgoing';
import { sha256 } from '../../electron/core/fsutil';
import { Core } from '../../electron/core/service';
import { savePrepared } from '../../electron/shell/save-prepared';
import { newBureau, tempDir } from '../helpers/db';
import { smallTmpfs } from '../helpers/tmpfs';
import { importFiles, ok, PERIOD, unitBundle } from './helpers';

const open: Core[] = [];
afterEach(() => {
  for (const c of open.splice(0)) c.close();
});

/** A prepared file read back in pieces of `piece` bytes, as the browser host's page does. */
async function readBack(core: Core, f: ExportedFile, piece: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  for (let offset = 0; ; offset += piece) {
    const r = await ok(core.call('exchange.readPrepared', { id: f.prepared!, offset, length: piece }));
    parts.push(Buffer.from(r.dataBase64, 'base64'));
    if (parts.at(-1)!.length < piece) break;
  }
  return Buffer.concat(parts);
}

const PHOTO = Buffer.from('现场照片'.repeat(5000));

async function setup() {
  const dir = tempDir('eco-out-');
  const { unit, zip } = await unitBundle(dir, PHOTO);
  const bureau = await newBureau(tempDir('eco-out-b-'));
  open.push(unit.core, bureau.core);
  const r = await importFiles(bureau.core, [zip]);
  expect(r.files[0]!.status).toBe('imported');
  return { dir, bureau, zip, file: r.files[0]! };
}

describe('files prepared for saving', () => {
  it('an original and a 佐证材料包, read back in pieces, are the very bytes; once discarded they are gone', async () => {
    const { bureau, zip, file } = await setup();
    const zipBytes = readFileSync(zip);
    const original = await ok(bureau.core.call('exchange.prepareOriginal', { sha256: file.container!.sha256, name: `收到/${'新市镇.zip'}` }));
    expect(original).toMatchObject({ fileName: '新市镇.zip', dataBase64: '', bytes: zipBytes.length, sha256: sha256(zipBytes) });
    expect((await readBack(bureau.core, original, 1000)).equals(zipBytes)).toBe(true);
    // The same through the one-shot call, for comparison.
    const oneShot = await ok(bureau.core.call('exchange.original', { sha256: file.container!.sha256 }));
    expect(Buffer.from(oneShot.dataBase64, 'base64').equals(zipBytes)).toBe(true);

    const pack = await ok(bureau.core.call('exchange.prepareEvidencePackage', { period: PERIOD }));
    expect(pack.prepared).toBeDefined();
    const packed = await readBack(bureau.core, pack, 4096);
    expect(packed.length).toBe(pack.bytes);
    expect(sha256(packed)).toBe(pack.sha256);
    const photo = Object.entries(unzipSync(new Uint8Array(packed))).find(([n]) => n.endsWith('照片.jpg'));
    expect(photo && Buffer.from(photo[1]).equals(PHOTO)).toBe(true);

    expect(readdirSync(outgoingDir(bureau.path))).toHaveLength(2);
    for (const f of [original, pack]) expect(await ok(bureau.core.call('exchange.discardPrepared', { id: f.prepared! }))).toEqual({ discarded: true });
    expect(readdirSync(outgoingDir(bureau.path))).toEqual([]);
    const gone = await bureau.core.call('exchange.readPrepared', { id: original.prepared!, offset: 0, length: 10 });
    expect(gone.ok ? null : gone.error.message).toBe('要保存的文件已不在（应用重启过，或已保存、已放弃），请重新导出');
  });

  it('refuses as the one-shot calls do, leaving nothing behind; a piece past the end is said', async () => {
    const { bureau } = await setup();
    const unknown = 'a'.repeat(64);
    const [prepared, oneShot] = await Promise.all([bureau.core.call('exchange.prepareOriginal', { sha256: unknown }), bureau.core.call('exchange.original', { sha256: unknown })]);
    expect(prepared.ok ? null : prepared.error).toEqual(oneShot.ok ? null : oneShot.error);
    expect(existsSync(outgoingDir(bureau.path)) ? readdirSync(outgoingDir(bureau.path)) : []).toEqual([]);
    const pack = await ok(bureau.core.call('exchange.prepareEvidencePackage', { period: PERIOD }));
    const past = await bureau.core.call('exchange.readPrepared', { id: pack.prepared!, offset: pack.bytes + 1, length: 10 });
    expect(past.ok ? null : past.error.message).toBe(`“${pack.fileName}”只有 ${pack.bytes} 字节，没有第 ${pack.bytes + 1} 字节起的内容`);
    const atEnd = await ok(bureau.core.call('exchange.readPrepared', { id: pack.prepared!, offset: pack.bytes, length: 10 }));
    expect(atEnd.dataBase64).toBe('');
  });

  it('the desktop shell copies a prepared file where the user saves it, and lets it go; cancelled, it goes too', async () => {
    const { bureau, zip, file } = await setup();
    const target = join(tempDir('eco-out-save-'), '存到这里.zip');
    const asked: string[] = [];
    const first = await ok(bureau.core.call('exchange.prepareOriginal', { sha256: file.container!.sha256 }));
    const saved = await savePrepared(bureau.core.ctx, first.prepared!, first.fileName, '/home/文档', async (o) => {
      asked.push(o.defaultPath);
      return { canceled: false, filePath: target };
    });
    expect(saved).toEqual({ saved: true, path: target });
    expect(asked).toEqual([join('/home/文档', first.fileName)]);
    expect(readFileSync(target).equals(readFileSync(zip))).toBe(true);
    const second = await ok(bureau.core.call('exchange.prepareOriginal', { sha256: file.container!.sha256 }));
    expect(await savePrepared(bureau.core.ctx, second.prepared!, second.fileName, '/home', async () => ({ canceled: true }))).toEqual({ saved: false, path: null });
    expect(readdirSync(outgoingDir(bureau.path))).toEqual([]);
    // Gone, or the place chosen not writable: said in words, nothing left behind, a file it would have replaced untouched.
    const again = await savePrepared(bureau.core.ctx, second.prepared!, second.fileName, '/home', async () => ({ canceled: false, filePath: target }));
    expect(again).toEqual({ saved: false, path: null, error: { code: 'not_found', message: '要保存的文件已不在（应用重启过，或已保存、已放弃），请重新导出' } });
    const third = await ok(bureau.core.call('exchange.prepareOriginal', { sha256: file.container!.sha256 }));
    const nowhere = join(tempDir('eco-out-save-'), '没有这个文件夹', 'x.zip');
    expect(await savePrepared(bureau.core.ctx, third.prepared!, third.fileName, '/home', async () => ({ canceled: false, filePath: nowhere }))).toEqual({
      saved: false,
      path: null,
      error: { code: 'write_failed', message: `无法保存到“${nowhere}”：该文件夹已不在` },
    });
    expect(readdirSync(outgoingDir(bureau.path))).toEqual([]);
    expect(readFileSync(target).equals(readFileSync(zip))).toBe(true);
    // A place without room for it (a 1 MB disk; 64 MB are kept spare): said before copying, nothing left there.
    const small = smallTmpfs(1024);
    if (small) {
      try {
        const fourth = await ok(bureau.core.call('exchange.prepareOriginal', { sha256: file.container!.sha256 }));
        const full = join(small.dir, '存到这里.zip');
        const r = await savePrepared(bureau.core.ctx, fourth.prepared!, fourth.fileName, '/home', async () => ({ canceled: false, filePath: full }));
        expect(r).toEqual({ saved: false, path: null, error: { code: 'disk_full', message: `磁盘空间不足：该文件约需 65 MB，“${small.dir}”所在的磁盘只剩 1 MB；请清理磁盘或另选位置后重新保存，未写入任何文件` } });
        expect(readdirSync(small.dir)).toEqual([]);
        expect(readdirSync(outgoingDir(bureau.path))).toEqual([]);
      } finally {
        small.unmount();
      }
    }
  });

  it('a package of more than 4 GB is made (ZIP64); one the disk has no room for is refused before anything is written, saying how much it needs', async () => {
    const { bureau } = await setup();
    const db = new Database(bureau.path);
    // As registered: 5 GB (the files on disk are small; the package holds what is there).
    db.prepare('UPDATE evidence_files SET size = ?').run(5 * 1024 ** 3);
    db.close();
    const made = await bureau.core.call('exchange.prepareEvidencePackage', { year: 2021 });
    expect(made.ok).toBe(true);
    if (made.ok && made.value.prepared) await bureau.core.run('exchange.discardPrepared', { id: made.value.prepared });
    const huge = new Database(bureau.path);
    huge.prepare('UPDATE evidence_files SET size = ?').run(500 * 1024 ** 4);
    huge.close();
    const r = await bureau.core.call('exchange.prepareEvidencePackage', { year: 2021 });
    expect(r.ok ? null : [r.error.code, r.error.message]).toEqual(['disk_full', expect.stringMatching(/^磁盘空间不足：佐证材料包约需 \d+\.\d GB，本程序数据文件夹所在的磁盘只剩 \d+(\.\d GB| MB)；请清理该磁盘后重试，未写入任何文件$/)]);
    expect(existsSync(outgoingDir(bureau.path)) ? readdirSync(outgoingDir(bureau.path)) : []).toEqual([]);
  });
});
