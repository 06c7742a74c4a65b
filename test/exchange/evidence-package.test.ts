/**
 * 佐证材料包: every evidence file of a period or a year, in folders by task
 * and unit (and period), with a 目录 workbook and the yes/no indicators
 * answered 是 without evidence (待补佐证).
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { unzipSync } from 'fflate';
import * as XLSX from 'xlsx';
import { afterEach, describe, expect, it } from 'vitest';
import { PACKAGE_MAX_BYTES } from '../../electron/core/exchange/evidence-package';
import { sha256 } from '../../electron/core/fsutil';
import { evidenceDir, hashPath } from '../../electron/core/paths';
import type { Core } from '../../electron/core/service';
import { cli, newBureau, tempDir } from '../helpers/db';
import { TOWN } from './helpers';

const open: Core[] = [];
afterEach(() => {
  for (const c of open.splice(0)) c.close();
});

const ROOT = '佐证材料-2021年第三季度';
const TASK4 = '04 严格落实河长制湖长制工作';

async function bureau() {
  // (Owed from 2021-Q1: a year's package has the second quarter's folder.)
  const b = await newBureau(undefined, 'quarter', '2021-Q1');
  open.push(b.core);
  return b;
}

async function attach(core: Core, unit: string, period: string, task: number, name: string, text: string): Promise<string> {
  await core.run('evidence.add', { unit, period, task, name, dataBase64: Buffer.from(text).toString('base64') });
  return sha256(Buffer.from(text));
}

async function packageOf(core: Core, input: { period: string } | { year: number }) {
  const r = await core.call('exchange.evidencePackage', input);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  const files = unzipSync(Buffer.from(r.value.dataBase64, 'base64'));
  const index = Object.entries(files).find(([n]) => n.endsWith('/目录.xlsx'))!;
  const book = XLSX.read(index[1]);
  const rows = (sheet: string) => XLSX.utils.sheet_to_json<unknown[]>(book.Sheets[sheet]!, { header: 1, defval: null });
  return { file: r.value, files, indexPath: index[0], rows };
}

const text = (b: Uint8Array): string => Buffer.from(b).toString('utf8');

describe('evidence package', () => {
  it('a period: each file under its task and unit, named as attached (two of one name numbered), listed in 目录 with its place, size and digest', async () => {
    const { core } = await bureau();
    await core.run('reports.save', { unit: TOWN, period: '2021-Q3', task: 4, report: { status: '正常推进', indicators: { '4.1': true } } });
    const photo = await attach(core, TOWN, '2021-Q3', 4, '现场照片.jpg', '照片一');
    await core.run('reports.save', { unit: '济阳街道', period: '2021-Q3', task: 4, report: { status: '正常推进' } });
    await attach(core, '济阳街道', '2021-Q3', 4, '会议纪要.pdf', '纪要');
    await attach(core, '济阳街道', '2021-Q3', 4, '会议纪要.pdf', '另一份纪要');

    const p = await packageOf(core, { period: '2021-Q3' });
    expect(p.file.fileName).toBe('济阳区生态文明建设佐证材料-2021年第三季度.zip');
    expect(p.file.warnings).toBeUndefined();
    expect(Object.keys(p.files).sort()).toEqual(
      [`${ROOT}/${TASK4}/新市镇/现场照片.jpg`, `${ROOT}/${TASK4}/济阳街道/会议纪要.pdf`, `${ROOT}/${TASK4}/济阳街道/会议纪要 (2).pdf`, `${ROOT}/目录.xlsx`].sort(),
    );
    expect(text(p.files[`${ROOT}/${TASK4}/新市镇/现场照片.jpg`]!)).toBe('照片一');
    expect([text(p.files[`${ROOT}/${TASK4}/济阳街道/会议纪要.pdf`]!), text(p.files[`${ROOT}/${TASK4}/济阳街道/会议纪要 (2).pdf`]!)].sort()).toEqual(['另一份纪要', '纪要']);

    const listed = p.rows('目录');
    expect(listed[0]![0]).toBe('济阳区巩固提升国家生态文明建设示范区创建成果佐证材料目录');
    expect(listed[2]).toEqual(['序号', '重点任务', '责任单位', '牵头/配合', '报送周期', '文件名', '大小（KB）', '包内位置', 'SHA-256 摘要', '状态']);
    const body = listed.slice(3, 6);
    expect(body.map((r) => [r[2], r[5], r[7], r[9]])).toEqual([
      ['济阳街道', '会议纪要.pdf', `${ROOT}/${TASK4}/济阳街道/会议纪要.pdf`, '已收入'],
      ['济阳街道', '会议纪要.pdf', `${ROOT}/${TASK4}/济阳街道/会议纪要 (2).pdf`, '已收入'],
      ['新市镇', '现场照片.jpg', `${ROOT}/${TASK4}/新市镇/现场照片.jpg`, '已收入'],
    ]);
    expect(body[2]!.slice(0, 5)).toEqual([3, '4. 严格落实河长制湖长制工作', '新市镇', '配合', '2021年第三季度']);
    expect(body[2]![8]).toBe(photo);
    expect(String(listed[6]![0])).toBe('合计：佐证材料 3 个，已收入 3 个（1 KB）');
    // 新市镇 answered 4.1 with evidence: nothing to add.
    expect(p.rows('待补佐证')[2]![0]).toBe('无：填了“是”的指标都附有佐证材料');
  });

  it('a year: one folder per period; a 是 without evidence listed under 待补佐证; a file lost or damaged on disk is listed, left out and said', async () => {
    const { core, path } = await bureau();
    await core.run('reports.save', { unit: TOWN, period: '2021-Q2', task: 4, report: { status: '正常推进', indicators: { '4.1': true } } });
    // Its only evidence lost on disk: a 是 no longer proven in the package.
    await core.run('reports.save', { unit: TOWN, period: '2021-Q3', task: 4, report: { status: '正常推进', indicators: { '4.1': true } } });
    const lost = await attach(core, TOWN, '2021-Q3', 4, '照片.jpg', '会丢的照片');
    await core.run('reports.save', { unit: '济阳街道', period: '2021-Q3', task: 4, report: { status: '正常推进' } });
    const broken = await attach(core, '济阳街道', '2021-Q3', 4, '纪要.pdf', '会坏的纪要');
    await core.run('reports.save', { unit: '回河街道', period: '2021-Q3', task: 4, report: { status: '正常推进' } });
    await attach(core, '回河街道', '2021-Q3', 4, '台账.docx', '完好');
    rmSync(hashPath(evidenceDir(path), lost));
    writeFileSync(hashPath(evidenceDir(path), broken), 'changed on disk');

    const p = await packageOf(core, { year: 2021 });
    expect(p.file.fileName).toBe('济阳区生态文明建设佐证材料-2021年.zip');
    expect(Object.keys(p.files).sort()).toEqual([`佐证材料-2021年/${TASK4}/回河街道/2021年第三季度/台账.docx`, '佐证材料-2021年/目录.xlsx']);
    const states = p.rows('目录').slice(3, 6).map((r) => [r[2], r[4], r[7], r[9]]);
    expect(states).toEqual([
      ['济阳街道', '2021年第三季度', '—', '文件已损坏，未收入'],
      ['回河街道', '2021年第三季度', `佐证材料-2021年/${TASK4}/回河街道/2021年第三季度/台账.docx`, '已收入'],
      ['新市镇', '2021年第三季度', '—', '文件缺失，未收入'],
    ]);
    expect(p.file.warnings).toEqual([
      '1 个佐证材料文件不在本机（可能已被删除），未收入，已在目录中注明；请从备份恢复，或请有关单位重新报送',
      '1 个佐证材料文件已损坏（内容与登记的摘要不符），未收入，已在目录中注明；请从备份恢复，或请有关单位重新报送',
      '2 项“是否”类指标填了“是”但没有附佐证材料（新市镇 第 4 项“河长制湖长制长效管理体系建立”（2021年第二季度）、新市镇 第 4 项“河长制湖长制长效管理体系建立”（2021年第三季度）），已列在压缩包内“目录.xlsx”的“待补佐证”表中',
    ]);
    expect(p.rows('待补佐证').slice(2, 4)).toEqual([
      [1, '4. 严格落实河长制湖长制工作', '新市镇', '2021年第二季度', '河长制湖长制长效管理体系建立', '请该单位补充佐证材料后重新报送'],
      [2, '4. 严格落实河长制湖长制工作', '新市镇', '2021年第三季度', '河长制湖长制长效管理体系建立', '请该单位补充佐证材料后重新报送'],
    ]);
  });

  it('nothing attached: a package with its 目录 only, said; bad scopes and too much evidence refused with what to do', async () => {
    const { core, path } = await bureau();
    const empty = await packageOf(core, { period: '2021-Q3' });
    expect(Object.keys(empty.files)).toEqual([`${ROOT}/目录.xlsx`]);
    expect(empty.file.warnings).toEqual(['2021年第三季度还没有任何佐证材料，材料包中只有目录']);

    const both = await core.call('exchange.evidencePackage', { period: '2021-Q3', year: 2021 });
    expect(both.ok || both.error.message).toContain('请指定一个报送周期（period）或一个年份（year），二者选一');
    const year = await core.call('exchange.evidencePackage', { year: 1999 });
    expect(year.ok || year.error.code).toBe('invalid_input');
    const kind = await core.call('exchange.evidencePackage', { period: '2021-07' });
    expect(kind.ok || kind.error.code).toBe('period_kind_mismatch');

    await core.run('reports.save', { unit: TOWN, period: '2021-Q3', task: 4, report: { status: '正常推进' } });
    await attach(core, TOWN, '2021-Q3', 4, '大文件.mp4', 'x');
    const db = new Database(path);
    db.prepare('UPDATE evidence_files SET size = ?').run(PACKAGE_MAX_BYTES + 1);
    db.close();
    const big = await core.call('exchange.evidencePackage', { period: '2021-Q3' });
    expect(big.ok || [big.error.code, big.error.message]).toEqual(['invalid_input', '2021年第三季度的佐证材料共 200 MB，超过在此另存的上限 200 MB；请用命令行 evidence-package 导出（不限大小）']);
    const bigYear = await core.call('exchange.evidencePackage', { year: 2021 });
    expect(bigYear.ok || bigYear.error.message).toContain('请用命令行 evidence-package 导出（不限大小），或按报送周期分别导出');
    // The command line writes it to its file a piece at a time, whatever the size.
    core.close();
    open.length = 0;
    const out = join(tempDir('eco-pkg-big-'), '材料包.zip');
    const cliBig = await cli(['evidence-package', '--db', path, '--period', '2021-Q3', '--out', out]);
    expect(cliBig.code).toBe(0);
    expect(Object.keys(unzipSync(new Uint8Array(readFileSync(out))))).toContain(`${ROOT}/${TASK4}/新市镇/大文件.mp4`);
  });

  it('what was reported stays in: a unit deactivated since, a period kind changed since; names read right by unzip on Debian (made by Unix)', async () => {
    const { core } = await bureau();
    await core.run('reports.save', { unit: TOWN, period: '2021-Q3', task: 4, report: { status: '正常推进' } });
    await attach(core, TOWN, '2021-Q3', 4, '照片.jpg', '照片');
    await core.run('units.save', { code: 'Z10', name: TOWN, kind: 'town', active: false });
    await core.run('periods.setKind', { kind: 'month' });
    const p = await packageOf(core, { year: 2021 });
    expect(Object.keys(p.files)).toContain(`佐证材料-2021年/${TASK4}/新市镇（已停用）/2021年第三季度/照片.jpg`);
    const one = await packageOf(core, { period: '2021-Q3' });
    expect(Object.keys(one.files)).toContain(`${ROOT}/${TASK4}/新市镇（已停用）/照片.jpg`);
    // Every entry of the central directory says "made by Unix" (3), with its UTF-8 flag.
    const zip = Buffer.from(one.file.dataBase64, 'base64');
    const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 5, 6]));
    const made: number[] = [];
    for (let i = 0, at = zip.readUInt32LE(end + 16); i < zip.readUInt16LE(end + 10); i++) {
      made.push(zip[at + 5]!, zip.readUInt16LE(at + 8) & 0x800);
      at += 46 + zip.readUInt16LE(at + 28) + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    }
    expect(made).toEqual([3, 0x800, 3, 0x800]);
  });

  it('command line: --period or --year, one of them; the warnings said', async () => {
    const { core, path, dir } = await bureau();
    await core.run('reports.save', { unit: TOWN, period: '2021-Q3', task: 4, report: { status: '正常推进', indicators: { '4.1': true } } });
    core.close();
    open.length = 0;
    const out = join(dir, '材料包.zip');
    const ok = await cli(['evidence-package', '--db', path, '--period', '2021-Q3', '--out', out]);
    expect([ok.code, ok.stdout]).toEqual([0, expect.stringContaining('注意：1 项“是否”类指标填了“是”但没有附佐证材料')]);
    expect(Object.keys(unzipSync(new Uint8Array(readFileSync(out))))).toEqual([`${ROOT}/目录.xlsx`]);
    for (const [args, message] of [
      [[], '请给出 --period 或 --year 之一'],
      [['--period', '2021-Q3', '--year', '2021'], '请给出 --period 或 --year 之一'],
      [['--year', '二〇二一'], '--year 应为 2000–2099 之间的四位年份，如 --year 2021（收到“二〇二一”）'],
    ] as const) {
      const r = await cli(['evidence-package', '--db', path, ...args, '--out', join(dir, 'x.zip')]);
      // Options that exclude each other are a usage error; a year written wrong is a value refused.
      expect([r.code, r.stderr]).toEqual([message.startsWith('--year') ? 1 : 2, expect.stringContaining(message)]);
    }
    const notZip = await cli(['evidence-package', '--db', path, '--year', '2021', '--out', join(dir, 'x.xlsx')]);
    expect(notZip.code).toBe(1);
  });
});
