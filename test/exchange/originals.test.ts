/**
 * An import traces back to the very file received: every accepted workbook's
 * original is archived by its SHA-256 (in the database), and so is the .zip
 * it came in (a file beside it); the
 * bureau fetches either again (`exchange.original`, the command line's
 * `imports` and `original`), named as received and checked against its digest.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { ORIGINAL_API_MAX_BYTES } from '../../electron/core/exchange/handlers';
import { Container } from '../../electron/core/exchange/sources';
import { sha256 } from '../../electron/core/fsutil';
import { archiveDir, hashPath } from '../../electron/core/paths';
import { Core } from '../../electron/core/service';
import { cli, dumpDb, newBureau, tempDir } from '../helpers/db';
import { exportTo, importFiles, newUnit, PERIOD, reportOne, TOWN } from './helpers';

const open: Core[] = [];
afterEach(() => {
  for (const c of open.splice(0)) c.close();
});

async function setup() {
  const dir = tempDir('eco-orig-');
  const unit = await newUnit(dir);
  const bureau = await newBureau(dir);
  open.push(unit.core, bureau.core);
  return { dir, unit, bureau };
}

/** The unit's bundle with an evidence file: a .zip holding the workbook and the evidence. */
async function bundle(unit: Core, dir: string): Promise<string> {
  await reportOne(unit);
  const task = (await unit.run('reports.forUnit', { unit: TOWN, period: PERIOD })).tasks[0]!.task;
  await unit.run('evidence.add', { unit: TOWN, period: PERIOD, task, name: '照片.jpg', dataBase64: Buffer.from('jpeg bytes').toString('base64') });
  const file = await exportTo(unit, dir);
  expect(file.endsWith('.zip')).toBe(true);
  return file;
}

async function fetchOriginal(core: Core, hash: string) {
  const r = await core.call('exchange.original', { sha256: hash });
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return { name: r.value.fileName, bytes: Buffer.from(r.value.dataBase64, 'base64') };
}

describe('originals of imported files', () => {
  it('a bundle’s workbook and the .zip it came in are archived and fetched again as received', async () => {
    const { dir, unit, bureau } = await setup();
    const zip = await bundle(unit.core, dir);
    const zipBytes = readFileSync(zip);
    const r = await importFiles(bureau.core, [zip]);
    const f = r.files[0]!;
    expect(f.status).toBe('imported');
    expect(f.container).toEqual({ file: zip, sha256: sha256(zipBytes) });

    const inner = Object.entries(unzipSync(zipBytes)).find(([n]) => n.endsWith('.xlsx'))!;
    const book = await fetchOriginal(bureau.core, f.sha256);
    expect(book).toEqual({ name: basename(inner[0]), bytes: Buffer.from(inner[1]) });
    expect(await fetchOriginal(bureau.core, f.container!.sha256)).toEqual({ name: basename(zip), bytes: zipBytes });

    // The history says it too, and so does the unit's submission: the file it came in, and the zip.
    const runs = await bureau.core.run('exchange.importRuns', {});
    expect(runs[0]!.files[0]!.container).toEqual(f.container);
    expect((await bureau.core.run('submissions.received', { unit: TOWN, period: PERIOD })).received).toEqual({
      file: f.file,
      sha256: f.sha256,
      container: f.container,
      revision: 1,
      receivedAt: '2021-10-03T02:00:00.000Z',
    });
  });

  it('a workbook received as it is has no container; demo data has no original', async () => {
    const { dir, unit, bureau } = await setup();
    await reportOne(unit.core);
    const xlsx = await exportTo(unit.core, dir);
    const f = (await importFiles(bureau.core, [xlsx])).files[0]!;
    expect(f.status).toBe('imported');
    expect(f.container).toBeUndefined();
    expect((await bureau.core.run('exchange.importRuns', {}))[0]!.files[0]!.container).toBeUndefined();
    expect(await fetchOriginal(bureau.core, f.sha256)).toEqual({ name: basename(xlsx), bytes: readFileSync(xlsx) });

    const other = await newBureau(tempDir('eco-orig-demo-'));
    open.push(other.core);
    await other.core.run('demo.fill', { period: PERIOD });
    const held = (await other.core.run('submissions.status', { period: PERIOD })).find((s) => s.revision !== null)!;
    expect((await other.core.run('submissions.received', { unit: held.unit, period: PERIOD })).received).toBeNull();
  });

  it('a .zip kept for the file it gave; one whose every workbook was refused is not archived', async () => {
    const { dir, unit, bureau } = await setup();
    await reportOne(unit.core);
    const good = readFileSync(await exportTo(unit.core, dir));
    const junk = Buffer.from('not a workbook at all');
    const mixed = join(dir, '混合.zip');
    writeFileSync(mixed, zipSync({ '新市镇.xlsx': good, '坏文件.xlsx': junk }));
    const bad = join(dir, '全坏.zip');
    writeFileSync(bad, zipSync({ '坏文件.xlsx': junk }));
    const r = await importFiles(bureau.core, [mixed, bad]);
    expect(r.files.map((f) => [basename(f.file), f.status])).toEqual([
      ['坏文件.xlsx', 'rejected'],
      ['新市镇.xlsx', 'imported'],
      ['坏文件.xlsx', 'rejected'],
    ]);
    const [refusedInMixed, , refusedAlone] = r.files;
    // The mixed zip's original is archived (its accepted workbook needs it); the refused file's row names it too.
    expect(refusedInMixed!.container?.file).toBe(mixed);
    expect((await fetchOriginal(bureau.core, refusedInMixed!.container!.sha256)).bytes).toEqual(readFileSync(mixed));
    // The zip that gave nothing is not archived; asking for it says why.
    expect(existsSync(hashPath(archiveDir(bureau.path), refusedAlone!.container!.sha256))).toBe(false);
    const missing = await bureau.core.call('exchange.original', { sha256: refusedAlone!.container!.sha256 });
    expect(missing.ok || [missing.error.code, missing.error.message]).toEqual([
      'not_found',
      `“${bad}”在导入时被拒绝：被拒绝的文件（及其中文件全被拒绝的压缩包）不存档；如需原件，请向报送单位索取`,
    ]);
    // A rejected workbook is not archived either.
    const refusedBook = await bureau.core.call('exchange.original', { sha256: refusedInMixed!.sha256 });
    expect(refusedBook.ok || [refusedBook.error.code, refusedBook.error.message.includes('在导入时被拒绝')]).toEqual(['not_found', true]);
  });

  it('a dry run archives nothing; unknown, malformed and damaged originals are refused with what is wrong', async () => {
    const { dir, unit, bureau } = await setup();
    const zip = await bundle(unit.core, dir);
    const before = dumpDb(bureau.path);
    const dry = await importFiles(bureau.core, [zip], { dryRun: true });
    expect(dry.files[0]!.container?.sha256).toBe(sha256(readFileSync(zip)));
    expect(dumpDb(bureau.path)).toEqual(before);
    expect(existsSync(archiveDir(bureau.path)) ? readdirSync(archiveDir(bureau.path)) : []).toEqual([]);

    const unknown = await bureau.core.call('exchange.original', { sha256: '0'.repeat(64) });
    expect(unknown.ok || [unknown.error.code, unknown.error.message]).toEqual(['not_found', `没有摘要为 ${'0'.repeat(64)} 的导入文件；各文件的摘要可在“导入记录”或命令行 imports 中查到`]);
    const malformed = await bureau.core.call('exchange.original', { sha256: 'abc' });
    expect(malformed.ok || malformed.error.code).toBe('invalid_input');

    const f = (await importFiles(bureau.core, [zip])).files[0]!;
    // Upper case is the same digest.
    expect((await fetchOriginal(bureau.core, f.container!.sha256.toUpperCase())).name).toBe(basename(zip));
    const archived = hashPath(archiveDir(bureau.path), f.container!.sha256);
    writeFileSync(archived, 'changed on disk');
    const damaged = await bureau.core.call('exchange.original', { sha256: f.container!.sha256 });
    expect(damaged.ok || [damaged.error.code, damaged.error.message]).toEqual(['evidence_damaged', `“${zip}”的原件（${archived}）已损坏：内容与登记的摘要不符；如需原件，请向报送单位索取`]);
    // Too big to cross the API (base64): copy it from the archive, or use the command line.
    truncateSync(archived, ORIGINAL_API_MAX_BYTES + 1);
    const big = await bureau.core.call('exchange.original', { sha256: f.container!.sha256 });
    expect(big.ok || [big.error.code, big.error.message]).toEqual(['invalid_input', `“${zip}”有 200 MB，太大，无法在此另存；请直接复制存档文件 ${archived}（文件名即其 SHA-256 摘要），或用命令行 original 取回`]);
    rmSync(archived);
    const gone = await bureau.core.call('exchange.original', { sha256: f.container!.sha256 });
    expect(gone.ok || [gone.error.code, gone.error.message]).toEqual(['not_found', `“${zip}”的原件应存档在 ${archived}，但已不在（可能被删除或移走）；存档不在数据库的备份之内，如需原件，请向报送单位索取`]);
  });

  it('a workbook’s original is kept in the database: carried by a daily backup, damaged there is said; one archived as a file by an earlier version is read from there', async () => {
    const { dir, unit, bureau } = await setup();
    await reportOne(unit.core);
    const xlsx = await exportTo(unit.core, dir);
    const f = (await importFiles(bureau.core, [xlsx])).files[0]!;
    expect(f.status).toBe('imported');
    const db = bureau.core.ctx.store.db;
    const row = (): { size: number; data: Buffer } | undefined => db.prepare('SELECT size, data FROM originals WHERE hash = ?').get(f.sha256) as { size: number; data: Buffer } | undefined;
    expect(row()).toEqual({ size: readFileSync(xlsx).length, data: readFileSync(xlsx) });
    expect(existsSync(hashPath(archiveDir(bureau.path), f.sha256))).toBe(false);

    // A daily backup holds it: restored alone (no files beside it), the original is there.
    const daily = await bureau.core.run('backup.create', {});
    const target = join(tempDir('eco-orig-restored-'), 'bureau.db');
    // Over a database never set up (the app started once on a new computer): that empty file is not kept aside.
    (await Core.open(target, { create: true })).close();
    const said = await cli(['restore', '--db', target, '--from', daily.path, '--json']);
    expect([said.code, (said.json() as { movedAside: string | null }).movedAside]).toEqual([0, null]);
    expect(readdirSync(dirname(target)).filter((n) => n.includes('.replaced-'))).toEqual([]);
    const restored = await Core.open(target);
    open.push(restored);
    expect(await fetchOriginal(restored, f.sha256)).toEqual({ name: basename(xlsx), bytes: readFileSync(xlsx) });

    // Damaged in the database: refused, saying so.
    db.prepare('UPDATE originals SET data = ?, size = 7 WHERE hash = ?').run(Buffer.from('changed'), f.sha256);
    const damaged = await bureau.core.call('exchange.original', { sha256: f.sha256 });
    expect(damaged.ok || [damaged.error.code, damaged.error.message]).toEqual(['evidence_damaged', `“${xlsx}”的原件（存于数据库中）已损坏：内容与登记的摘要不符；如需原件，请向报送单位索取`]);

    // Archived as a file (as before migration 014): read from there; the same file imported again is not stored twice.
    db.prepare('DELETE FROM originals WHERE hash = ?').run(f.sha256);
    const file = hashPath(archiveDir(bureau.path), f.sha256);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, readFileSync(xlsx));
    expect(await fetchOriginal(bureau.core, f.sha256)).toEqual({ name: basename(xlsx), bytes: readFileSync(xlsx) });
    expect((await importFiles(bureau.core, [xlsx])).files[0]!.status).toBe('unchanged');
    expect(row()).toBeUndefined();
    // Neither there nor in the database: said so, with where a copy may still be.
    rmSync(file);
    const gone = await bureau.core.call('exchange.original', { sha256: f.sha256 });
    expect(gone.ok || [gone.error.code, gone.error.message]).toEqual(['not_found', `“${xlsx}”的原件既不在数据库中，也不在 ${file}（可能被删除或移走）；可恢复导入此文件之后的一份备份，或向报送单位索取原件`]);
  });

  it('saved under the name shown for it, else under the name an accepted file came as', async () => {
    const { dir, unit, bureau } = await setup();
    const zip = await bundle(unit.core, dir);
    mkdirSync(join(dir, 'again'));
    const copy = join(dir, 'again', '另一个名字.zip');
    copyFileSync(zip, copy);
    const first = (await importFiles(bureau.core, [zip])).files[0]!;
    expect((await importFiles(bureau.core, [copy])).files[0]!.status).toBe('unchanged');
    const hash = first.container!.sha256;
    // The newest name by default; the row's own name when the row asks.
    expect((await fetchOriginal(bureau.core, hash)).name).toBe('另一个名字.zip');
    const asRow = await bureau.core.call('exchange.original', { sha256: hash, name: zip });
    expect(asRow.ok && asRow.value.fileName).toBe(basename(zip));
    // A rejected arrival of the same bytes under a newer name (the period closed meanwhile) does not rename the original.
    const late = join(dir, '关闭后又发来.zip');
    copyFileSync(zip, late);
    await bureau.core.run('periods.setDeadline', { period: PERIOD, deadline: '2021-10-05', closed: true });
    // With a file of another period accepted in the same run, so that the run and its rejected row are recorded.
    const other = await newUnit(dir, '济阳街道');
    open.push(other.core);
    await reportOne(other.core, '济阳街道', '2021-Q4');
    const q4 = await exportTo(other.core, dir, '济阳街道', '2021-Q4');
    expect((await importFiles(bureau.core, [late, q4])).files.map((f) => f.status)).toEqual(['rejected', 'imported']);
    expect((await fetchOriginal(bureau.core, hash)).name).toBe('另一个名字.zip');
  });

  it('a .zip’s bytes are let go once its last file is checked, or once handed over to be archived', async () => {
    const data = new Uint8Array([1, 2, 3]);
    const a = new Container('a.zip', { data });
    a.hold();
    a.hold();
    a.checked();
    expect(await a.sha256).toBe(sha256(data));
    expect(a.take()).toEqual({ data });
    expect(a.take()).toBeNull();
    const b = new Container('b.zip', { data });
    b.hold();
    b.checked();
    expect(b.take()).toBeNull();
  });

  it('command line: imports lists each file with its digests, original writes the bytes back', async () => {
    const { dir, unit, bureau } = await setup();
    const zip = await bundle(unit.core, dir);
    unit.core.close();
    bureau.core.close();
    open.length = 0;
    expect((await cli(['import', '--db', bureau.path, zip])).code).toBe(0);

    const list = await cli(['imports', '--db', bureau.path]);
    expect(list.code).toBe(0);
    const zipHash = sha256(readFileSync(zip));
    expect(list.stdout).toContain(`[已导入] ${zip}/`);
    expect(list.stdout).toContain(`所在压缩包“${zip}”SHA-256：${zipHash}`);
    const json = JSON.parse((await cli(['imports', '--db', bureau.path, '--limit', '5', '--json'])).stdout) as { files: { status: string; sha256: string; container?: { sha256: string } }[] }[];
    expect(json).toHaveLength(1);
    expect(json[0]!.files[0]!).toMatchObject({ status: 'imported', container: { sha256: zipHash } });

    const back = join(dir, '取回.zip');
    const got = await cli(['original', '--db', bureau.path, '--sha256', zipHash, '--out', back]);
    expect([got.code, got.stdout.trim()]).toEqual([0, `已取回“${basename(zip)}”的原件，写到 ${back}（${readFileSync(zip).length} 字节）`]);
    expect(readFileSync(back)).toEqual(readFileSync(zip));

    // Into a folder, under the name received; a name of another extension is corrected, and said.
    mkdirSync(join(dir, '原件'));
    const inFolder = await cli(['original', '--db', bureau.path, '--sha256', zipHash, '--out', join(dir, '原件')]);
    expect(inFolder.code).toBe(0);
    expect(readFileSync(join(dir, '原件', basename(zip)))).toEqual(readFileSync(zip));
    // A folder not there yet, said with a trailing slash: made, the file under its received name.
    const fresh = await cli(['original', '--db', bureau.path, '--sha256', zipHash, '--out', `${join(dir, '新建文件夹')}/`]);
    expect(fresh.code).toBe(0);
    expect(readFileSync(join(dir, '新建文件夹', basename(zip)))).toEqual(readFileSync(zip));
    const bookHash = json[0]!.files[0]!.sha256;
    const wrongExt = await cli(['original', '--db', bureau.path, '--sha256', bookHash, '--out', join(dir, '工作簿.zip')]);
    expect([wrongExt.code, wrongExt.stdout]).toEqual([0, expect.stringContaining(`写到 ${join(dir, '工作簿.xlsx')}`)]);
    expect(wrongExt.stdout).toContain('（原件是 .xlsx 文件，不是 .zip 文件）');
    expect(sha256(readFileSync(join(dir, '工作簿.xlsx')))).toBe(bookHash);
    expect(existsSync(join(dir, '工作簿.zip'))).toBe(false);
    // Damaged in the archive: refused, nothing written.
    writeFileSync(hashPath(archiveDir(bureau.path), zipHash), 'changed');
    const broken = await cli(['original', '--db', bureau.path, '--sha256', zipHash, '--out', join(dir, 'y.zip')]);
    expect([broken.code, broken.stderr.startsWith('错误 [evidence_damaged]')]).toEqual([1, true]);
    // Refused: a folder it would have made is not left behind.
    const brokenInto = await cli(['original', '--db', bureau.path, '--sha256', zipHash, '--out', `${join(dir, '不应留下')}/`]);
    expect(brokenInto.code).toBe(1);
    expect(existsSync(join(dir, '不应留下'))).toBe(false);
    expect(readdirSync(dir).filter((n) => n.startsWith('y') || n.endsWith('.tmp'))).toEqual([]);
    const malformed = await cli(['original', '--db', bureau.path, '--sha256', 'abc', '--out', join(dir, 'z.zip')]);
    expect([malformed.code, malformed.stderr]).toEqual([1, expect.stringContaining('--sha256 应为 64 位十六进制数字')]);

    const none = await cli(['original', '--db', bureau.path, '--sha256', '1'.repeat(64), '--out', join(dir, 'x.zip')]);
    expect([none.code, none.stderr.startsWith('错误 [not_found]')]).toEqual([1, true]);
    expect(existsSync(join(dir, 'x.zip'))).toBe(false);
    const limit = await cli(['imports', '--db', bureau.path, '--limit', '0']);
    expect([limit.code, limit.stderr]).toEqual([1, expect.stringContaining('--limit 应为 1 到 1000 之间的整数，“0”不是')]);
  });
});
