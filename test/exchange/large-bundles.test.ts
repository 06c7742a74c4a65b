/**
 * A unit's bundle with large evidence (a video of a river patrol, scans):
 * written a piece at a time, entries stored as they are, each evidence file
 * checked against its hash as it goes in; the app saves it from disk
 * (exchange.prepareUnitExport), the command line writes it straight to its
 * file. The 佐证材料包 reads large files in pieces too.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, ftruncateSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { BUNDLE_API_MAX_BYTES, BUNDLE_MAX_EVIDENCE_BYTES } from '../../electron/core/exchange/export-unit';
import { outgoingDir } from '../../electron/core/exchange/outgoing';
import { PIECE_BYTES, sha256 } from '../../electron/core/fsutil';
import { evidenceDir, hashPath } from '../../electron/core/paths';
import { Core } from '../../electron/core/service';
import { cli, newBureau, tempDir } from '../helpers/db';
import { importFiles, newUnit, ok, PERIOD, reportOne, TOWN } from './helpers';

const open: Core[] = [];
afterEach(() => {
  for (const c of open.splice(0)) c.close();
});

/** More than two pieces, so a bundle is written and checked across pieces and turns of the event loop. */
const VIDEO = randomBytes(2 * PIECE_BYTES + 12345);
const NOTE = Buffer.from('巡河记录：'.repeat(2000));

async function unitWithEvidence() {
  const dir = tempDir('eco-big-');
  const unit = await newUnit(dir);
  open.push(unit.core);
  await reportOne(unit.core);
  const task = (await unit.core.run('reports.forUnit', { unit: TOWN, period: PERIOD })).tasks[0]!.task;
  for (const [name, bytes] of [
    ['巡河视频.mp4', VIDEO],
    ['记录.txt', NOTE],
  ] as const) {
    await unit.core.run('evidence.add', { unit: TOWN, period: PERIOD, task, name, dataBase64: bytes.toString('base64') });
  }
  return { dir, unit, task };
}

/** Compression method of each entry, from the zip's central directory. */
function methods(zip: Buffer): Record<string, number> {
  const out: Record<string, number> = {};
  for (let at = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06])), p = zip.readUInt32LE(at + 16), n = zip.readUInt16LE(at + 10); n > 0; n--) {
    const nameLen = zip.readUInt16LE(p + 28);
    out[zip.subarray(p + 46, p + 46 + nameLen).toString('utf8')] = zip.readUInt16LE(p + 10);
    p += 46 + nameLen + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32);
  }
  return out;
}

async function readPrepared(core: Core, id: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  for (let offset = 0; ; ) {
    const r = await ok(core.call('exchange.readPrepared', { id, offset, length: 4 * 1024 * 1024 }));
    const b = Buffer.from(r.dataBase64, 'base64');
    parts.push(b);
    offset += b.length;
    if (b.length < 4 * 1024 * 1024) break;
  }
  return Buffer.concat(parts);
}

const revisions = (core: Core): number[] =>
  (core.ctx.store.db.prepare("SELECT revision FROM submissions WHERE source = 'export' ORDER BY revision").all() as { revision: number }[]).map((r) => r.revision);

/** Bit 3 (a data descriptor follows the data) of each local header, walked from the start (each header must say its entry's size). */
function descriptorFlags(bytes: Buffer): number[] {
  const flags: number[] = [];
  for (let at = 0; bytes.readUInt32LE(at) === 0x04034b50; at += 30 + bytes.readUInt16LE(at + 26) + bytes.readUInt16LE(at + 28) + bytes.readUInt32LE(at + 18)) {
    flags.push(bytes.readUInt16LE(at + 6) & 0x0008);
  }
  return flags;
}

describe('large unit bundles', () => {
  it('the app’s export is prepared on disk: entries stored, the video byte for byte, the revision recorded with the file’s digest; the bureau imports it', async () => {
    const { dir, unit } = await unitWithEvidence();
    const f = await ok(unit.core.call('exchange.prepareUnitExport', { unit: TOWN, period: PERIOD }));
    expect(f).toMatchObject({ dataBase64: '', revision: 1 });
    expect(f.fileName).toMatch(/^新市镇-2021-Q3-第1版\.zip$/);
    const zip = await readPrepared(unit.core, f.prepared!);
    expect(zip.length).toBe(f.bytes);
    expect(sha256(zip)).toBe(f.sha256);
    // Stored (method 0), not deflated: evidence is compressed already; each with its size and CRC in its header.
    expect(Object.values(methods(zip))).toEqual([0, 0, 0]);
    expect(descriptorFlags(Buffer.from(zip))).toEqual([0, 0, 0]);
    const entries = unzipSync(new Uint8Array(zip));
    const video = Object.entries(entries).find(([n]) => n.endsWith('巡河视频.mp4'));
    expect(video && sha256(video[1]) === sha256(VIDEO)).toBe(true);
    expect(unit.core.ctx.store.db.prepare("SELECT file_hash FROM submissions WHERE source = 'export'").get()).toEqual({ file_hash: f.sha256 });
    expect(await ok(unit.core.call('exchange.discardPrepared', { id: f.prepared! }))).toEqual({ discarded: true });
    expect(readdirSync(outgoingDir(unit.path))).toEqual([]);

    const bureau = await newBureau(tempDir('eco-big-b-'));
    open.push(bureau.core);
    const path = join(dir, f.fileName);
    writeFileSync(path, zip);
    const r = await importFiles(bureau.core, [path]);
    expect(r.files[0]).toMatchObject({ status: 'imported', warnings: [] });
    expect(sha256(readFileSync(hashPath(evidenceDir(bureau.path), sha256(VIDEO))))).toBe(sha256(VIDEO));
  });

  it('two exports at once get two revisions', async () => {
    const { unit } = await unitWithEvidence();
    const [a, b] = await Promise.all([ok(unit.core.call('exchange.prepareUnitExport', { unit: TOWN, period: PERIOD })), ok(unit.core.call('exchange.prepareUnitExport', { unit: TOWN, period: PERIOD }))]);
    expect([a.revision, b.revision].sort()).toEqual([1, 2]);
    expect(revisions(unit.core)).toEqual([1, 2]);
  });

  it('a damaged evidence file refuses the export, naming it: no revision counted, nothing left on disk', async () => {
    const { unit } = await unitWithEvidence();
    // One byte changed in the last piece: found only once the whole file has gone in.
    const held = hashPath(evidenceDir(unit.path), sha256(VIDEO));
    const fd = openSync(held, 'r+');
    writeSync(fd, Buffer.from([VIDEO[VIDEO.length - 1]! ^ 0xff]), 0, 1, VIDEO.length - 1);
    closeSync(fd);
    const r = await unit.core.call('exchange.prepareUnitExport', { unit: TOWN, period: PERIOD });
    expect(r.ok ? null : r.error).toMatchObject({ code: 'evidence_damaged', message: expect.stringContaining('佐证材料“巡河视频.mp4”（第') });
    expect(r.ok ? '' : r.error.message).toContain('已损坏');
    expect(revisions(unit.core)).toEqual([]);
    expect(existsSync(outgoingDir(unit.path)) ? readdirSync(outgoingDir(unit.path)) : []).toEqual([]);
  });

  it('the command line writes the bundle straight to its file; a missing evidence file is said before anything is written', async () => {
    const { dir, unit } = await unitWithEvidence();
    unit.core.close();
    open.splice(open.indexOf(unit.core), 1);
    const out = join(dir, '报送.zip');
    const r = await cli(['export', '--db', unit.path, '--unit', TOWN, '--period', PERIOD, '--out', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const said = JSON.parse(r.stdout) as { path: string; bytes: number; sha256: string; revision: number };
    expect(said).toMatchObject({ path: out, revision: 1 });
    const zip = readFileSync(out);
    expect(zip.length).toBe(said.bytes);
    expect(sha256(zip)).toBe(said.sha256);
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);

    // The note's file is gone from the store: refused at once, naming it; the revision not counted.
    rmSync(hashPath(evidenceDir(unit.path), sha256(NOTE)));
    const again = await cli(['export', '--db', unit.path, '--unit', TOWN, '--period', PERIOD, '--out', join(dir, '再次.zip')]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('佐证材料“记录.txt”（第');
    expect(again.stderr).toContain('已丢失');
    expect(existsSync(join(dir, '再次.zip'))).toBe(false);
    const core = await Core.open(unit.path);
    open.push(core);
    expect(revisions(core)).toEqual([1]);
  });

  it('the one-shot call refuses a bundle over its cap before writing anything, pointing to the export that takes any size', async () => {
    const { unit } = await unitWithEvidence();
    // The video's stored file made to look larger than the cap (sparse: no disk used); only its size is looked at.
    const held = hashPath(evidenceDir(unit.path), sha256(VIDEO));
    const fd = openSync(held, 'r+');
    ftruncateSync(fd, BUNDLE_API_MAX_BYTES + 1);
    closeSync(fd);
    const r = await unit.core.call('exchange.exportUnit', { unit: TOWN, period: PERIOD });
    expect(r.ok ? null : r.error.message).toContain('超过一次传送的上限 200 MB');
    expect(revisions(unit.core)).toEqual([]);
  });
});

describe('what a bundle may not be', () => {
  it('more evidence than the bureau’s import takes in one zip: refused before a revision is counted', async () => {
    const { unit } = await unitWithEvidence();
    unit.core.ctx.store.db.prepare('UPDATE evidence_files SET size = ? WHERE hash = ?').run(BUNDLE_MAX_EVIDENCE_BYTES, sha256(VIDEO));
    const r = await unit.core.call('exchange.prepareUnitExport', { unit: TOWN, period: PERIOD });
    expect(r.ok ? null : r.error.message).toMatch(/^“新市镇”2021年第三季度的佐证材料共 \d+ MB，超过区局一次能接收的报送文件上限（1 GB）；请压缩或删减较大的视频、照片后重新导出$/);
    expect(revisions(unit.core)).toEqual([]);
  });

  it('a revision another program counted meanwhile (the command line beside the app): this export is refused, leaving nothing', async () => {
    const { unit } = await unitWithEvidence();
    const subs = unit.core.ctx.store.submissions;
    // As if the other program recorded its export after this one had chosen its number.
    await ok(unit.core.call('exchange.exportUnit', { unit: TOWN, period: PERIOD }));
    const real = subs.maxRevision.bind(subs);
    let first = true;
    subs.maxRevision = (u: string, p: string) => (first ? ((first = false), 0) : real(u, p));
    try {
      const r = await unit.core.call('exchange.prepareUnitExport', { unit: TOWN, period: PERIOD });
      expect(r.ok ? null : r.error).toMatchObject({ code: 'conflict', message: '另一个程序同时导出了本单位本期的报送文件，此次导出未完成（未生成文件）；请重新导出' });
    } finally {
      subs.maxRevision = real;
    }
    expect(revisions(unit.core)).toEqual([1]);
    expect(readdirSync(outgoingDir(unit.path))).toEqual([]);
  });
});

describe('佐证材料包 with large files', () => {
  it('a large file goes in a piece at a time, byte for byte; a damaged one is listed as such and left out', async () => {
    const { unit } = await unitWithEvidence();
    const big = Buffer.concat([VIDEO, VIDEO, VIDEO]);
    const task = (await unit.core.run('reports.forUnit', { unit: TOWN, period: PERIOD })).tasks[0]!.task;
    await unit.core.run('evidence.add', { unit: TOWN, period: PERIOD, task, name: '航拍.mp4', dataBase64: big.toString('base64') });
    const f = await ok(unit.core.call('exchange.prepareEvidencePackage', { period: PERIOD }));
    const bytes = Buffer.from(await readPrepared(unit.core, f.prepared!));
    // Every entry's local header says its size and CRC (the large one's from the check pass): no data descriptor follows any.
    expect(descriptorFlags(bytes).length).toBeGreaterThanOrEqual(3);
    expect(descriptorFlags(bytes).every((x) => x === 0)).toBe(true);
    const entries = unzipSync(new Uint8Array(bytes));
    const find = (name: string): Uint8Array | undefined => Object.entries(entries).find(([n]) => n.endsWith(name))?.[1];
    expect(sha256(find('航拍.mp4')!)).toBe(sha256(big));
    expect(sha256(find('巡河视频.mp4')!)).toBe(sha256(VIDEO));

    // The large one damaged: left out, said so.
    const held = hashPath(evidenceDir(unit.path), sha256(big));
    const fd = openSync(held, 'r+');
    writeSync(fd, Buffer.from([big[20_000_000]! ^ 0xff]), 0, 1, 20_000_000);
    closeSync(fd);
    const g = await ok(unit.core.call('exchange.prepareEvidencePackage', { period: PERIOD }));
    expect(g.warnings).toContain('1 个佐证材料文件已损坏（内容与登记的摘要不符），未收入，已在目录中注明；请从备份恢复，或请补充后重新导出报送文件');
    const again = unzipSync(new Uint8Array(await readPrepared(unit.core, g.prepared!)));
    expect(Object.keys(again).some((n) => n.endsWith('航拍.mp4'))).toBe(false);
    expect(Object.keys(again).some((n) => n.endsWith('巡河视频.mp4'))).toBe(true);
  });
});
