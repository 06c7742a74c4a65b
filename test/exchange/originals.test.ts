/**
 * An import traces back to the very file received: every accepted workbook's
 * original is archived by its SHA-256, and so is the .zip it came in; the
 * bureau fetches either again (`exchange.original`, the command line's
 * `imports` and `original`), named as received and checked against its digest.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
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

    // The history says it too, and the bureau's row of the unit points at the workbook held.
    const runs = await bureau.core.run('exchange.importRuns', {});
    expect(runs[0]!.files[0]!.container).toEqual(f.container);
    const row = (await bureau.core.run('submissions.status', { period: PERIOD })).find((s) => s.unitName === TOWN)!;
    expect(row.fileHash).toBe(f.sha256);
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
    expect((await other.core.run('submissions.status', { period: PERIOD })).every((s) => s.fileHash === null)).toBe(true);
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
    expect(missing.ok || [missing.error.code, missing.error.message.includes('“') && missing.error.message.includes('原件不在本机')]).toEqual(['not_found', true]);
    // A rejected workbook is not archived either.
    const refusedBook = await bureau.core.call('exchange.original', { sha256: refusedInMixed!.sha256 });
    expect(refusedBook.ok || refusedBook.error.code).toBe('not_found');
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
    expect(unknown.ok || [unknown.error.code, unknown.error.message]).toEqual(['not_found', `没有摘要为 ${'0'.repeat(64)} 的导入文件（被拒绝的文件不存档）`]);
    const malformed = await bureau.core.call('exchange.original', { sha256: 'abc' });
    expect(malformed.ok || malformed.error.code).toBe('invalid_input');

    const f = (await importFiles(bureau.core, [zip])).files[0]!;
    // Upper case is the same digest.
    expect((await fetchOriginal(bureau.core, f.container!.sha256.toUpperCase())).name).toBe(basename(zip));
    writeFileSync(hashPath(archiveDir(bureau.path), f.container!.sha256), 'changed on disk');
    const damaged = await bureau.core.call('exchange.original', { sha256: f.container!.sha256 });
    expect(damaged.ok || [damaged.error.code, damaged.error.message.startsWith(`“${zip}”的原件已损坏`)]).toEqual(['evidence_damaged', true]);
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

    const none = await cli(['original', '--db', bureau.path, '--sha256', '1'.repeat(64), '--out', join(dir, 'x.zip')]);
    expect([none.code, none.stderr.startsWith('错误 [not_found]')]).toEqual([1, true]);
    expect(existsSync(join(dir, 'x.zip'))).toBe(false);
    const limit = await cli(['imports', '--db', bureau.path, '--limit', '0']);
    expect([limit.code, limit.stderr]).toEqual([2, expect.stringContaining('--limit 应为 1 到 1000 之间的整数，“0”不是')]);
  });
});
