/**
 * Large files the app saves (an imported original, a 佐证材料包) are made on
 * disk by the core and saved from there: the browser host streams them as
 * downloads (test/server/host.test.ts), the desktop shell copies them
 * (savePrepared), other callers read them in pieces. Nothing of any size
 * crosses the API in one message.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { unzipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import type { ExportedFile } from '../../shared/api/exchange';
import { outgoingDir } from '../../electron/core/exchange/outgoing';
import { renameIntoPlace, sha256, TARGET_HELD, writeProblem } from '../../electron/core/fsutil';
import { Core } from '../../electron/core/service';
import { saveBytes, savePrepared } from '../../electron/shell/save-prepared';
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
  // The evidence list's 填报单位：…。共 1 项，… is the app's own line, not text typed beside the list.
  expect(r.files[0]!.warnings.join()).not.toContain('不在任何填报栏内');
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

describe('replacing a file another program holds open (Windows)', () => {
  /** A rename refused with `code` the first `times` tries (every try when Infinity), else done; the tries counted. */
  function refusing(code: string, times: number) {
    const tries: string[] = [];
    return {
      tries,
      rename: (from: string, to: string) => {
        tries.push(to);
        if (tries.length <= times) throw Object.assign(new Error(`${code}: rename`), { code });
        renameSync(from, to);
      },
    };
  }

  function files() {
    const dir = tempDir('eco-held-');
    const tmp = join(dir, '.part');
    const target = join(dir, '汇总表.pdf');
    writeFileSync(tmp, 'new');
    writeFileSync(target, 'old');
    return { dir, tmp, target };
  }

  it('an antivirus letting go within a second: the replace is tried again on Windows, and done', () => {
    const { tmp, target } = files();
    const r = refusing('EBUSY', 3);
    renameIntoPlace(tmp, target, r.rename, 'win32');
    expect(r.tries).toHaveLength(4);
    expect(readFileSync(target, 'utf8')).toBe('new');
  });

  it('a file kept open (Excel, WPS, a PDF reader) is said as in use, not as a want of permission; the file it would replace stays', () => {
    const { tmp, target } = files();
    const r = refusing('EPERM', Infinity);
    let thrown: unknown;
    try {
      renameIntoPlace(tmp, target, r.rename, 'win32');
    } catch (err) {
      thrown = err;
    }
    expect((thrown as { code?: string }).code).toBe(TARGET_HELD);
    expect(r.tries).toHaveLength(8);
    expect(readFileSync(target, 'utf8')).toBe('old');
    expect(writeProblem(target, thrown).message).toBe(
      `无法写入“${target}”：同名文件正被其他程序使用（可能正在 Excel、WPS 或 PDF 阅读器中打开），或被设为只读，无法替换；请关闭该文件后重试，或另存为其他文件名`,
    );
  });

  it('elsewhere no second try; a refusal with no file to replace, or for another reason, is the system’s own', () => {
    const a = files();
    const once = refusing('EACCES', Infinity);
    expect(() => renameIntoPlace(a.tmp, a.target, once.rename, 'linux')).toThrow(expect.objectContaining({ code: TARGET_HELD }));
    expect(once.tries).toHaveLength(1);
    const b = files();
    const absent = join(b.dir, '新文件.pdf');
    const none = refusing('EPERM', Infinity);
    expect(() => renameIntoPlace(b.tmp, absent, none.rename, 'win32')).toThrow(expect.objectContaining({ code: 'EPERM' }));
    expect(none.tries).toHaveLength(8);
    const c = files();
    const other = refusing('EXDEV', Infinity);
    expect(() => renameIntoPlace(c.tmp, c.target, other.rename, 'win32')).toThrow(expect.objectContaining({ code: 'EXDEV' }));
    expect(other.tries).toHaveLength(1);
  });

  it('the desktop shell saves a workbook or a PDF whole, over the last one; one it cannot is said in words, nothing left beside it', () => {
    const { dir, target } = files();
    expect(saveBytes(target, Buffer.from('%PDF-1.7 新的'))).toEqual({ saved: true, path: target });
    expect(readFileSync(target, 'utf8')).toBe('%PDF-1.7 新的');
    const folder = join(dir, '一个文件夹.pdf');
    mkdirSync(folder);
    const r = saveBytes(folder, Buffer.from('x'));
    expect(r).toEqual({ saved: false, path: null, error: { code: 'write_failed', message: `无法保存到“${folder}”：这是一个文件夹` } });
    expect(readdirSync(dir).sort()).toEqual(['.part', '一个文件夹.pdf', '汇总表.pdf'].sort());
  });
});
