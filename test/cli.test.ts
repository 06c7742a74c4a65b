import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { cli, dumpDb, tempDir } from './helpers/db';

let db: string;
beforeEach(async () => {
  db = join(tempDir(), 'bureau.db');
  const r = await cli(['init', '--db', db]);
  expect(r.code, r.stderr).toBe(0);
});

const report = { status: '正常推进', percent: 60, progress: '已召开专题会议', problems: '', next: '继续推进', indicators: { '3.1': 22 }, filledBy: '张三', phone: '0531-84231234' };

describe('command line', () => {
  it('catalog --json gives 16 tasks, 28 units and the indicators with their targets', async () => {
    const r = await cli(['catalog', '--db', db, '--json']);
    expect(r.code).toBe(0);
    // In words too: each task's indicators under it, with their targets.
    expect((await cli(['catalog', '--db', db])).stdout).toContain('  3. 强化生态文明建设党政考核评价  责任单位：区委组织部（牵头）\n     指标 3.1 生态文明建设工作占党政实绩考核的比例：目标 ≥20%\n');
    const c = r.json() as {
      plan: { title: string };
      categories: { no: number; title: string }[];
      tasks: { no: number; category: number; title: string; units: { name: string; role: string }[]; indicators: { name: string; comparator: string; target: number | null; unit: string }[] }[];
      units: { code: string; name: string; kind: string }[];
    };
    expect(c.plan.title).toContain('巩固提升国家生态文明建设示范区');
    expect(c.categories.map((x) => x.no)).toEqual([1, 2, 3]);
    expect(c.tasks).toHaveLength(16);
    expect(c.units).toHaveLength(28);
    const t6 = c.tasks[5]!;
    expect(t6.units).toHaveLength(21);
    expect(t6.units.filter((u) => u.role === 'lead').map((u) => u.name)).toEqual(['市生态环境局济阳分局']);
    expect(c.tasks[8]!.indicators[0]).toMatchObject({ comparator: '>=', target: 55 });
    expect(c.tasks[15]!.indicators.map((i) => i.comparator)).toEqual(['meets_assigned', 'meets_assigned']);
  });

  it('save then report returns what was saved; saving again keeps the earlier version', async () => {
    const args = ['--db', db, '--unit', '区委组织部', '--period', '2021-Q3', '--task', '3'];
    expect((await cli(['save', ...args], JSON.stringify(report))).code).toBe(0);
    expect((await cli(['save', ...args, '--json'], JSON.stringify({ ...report, status: '已完成', percent: 100 }))).code).toBe(0);
    const r = await cli(['report', '--db', db, '--unit', '区委组织部', '--period', '2021-Q3', '--json']);
    // Every task the unit answers for, the one filled with its report, the others null (as the text says 未填).
    const view = r.json() as { filled: number; total: number; tasks: { task: number; report: Record<string, unknown> | null }[] };
    expect(view.filled).toBe(1);
    expect(view.tasks).toHaveLength(view.total);
    expect(view.tasks.filter((t) => t.report !== null).map((t) => t.task)).toEqual([3]);
    expect(view.tasks.find((t) => t.task === 3)?.report).toMatchObject({ ...report, task: 3, status: '已完成', percent: 100, version: 2 });
    const h = await cli(['history', ...args, '--json']);
    expect((h.json() as { version: number; data: { status: string } }[]).map((v) => v.data.status)).toEqual(['已完成', '正常推进']);
  });

  const bad: [string, string[], string | null, string][] = [
    ['unknown unit', ['--unit', '火星局', '--task', '3'], JSON.stringify(report), 'unknown_unit'],
    ['unknown task', ['--unit', '区委组织部', '--task', '99'], JSON.stringify(report), 'unknown_task'],
    ['a task number that is not a number', ['--unit', '区委组织部', '--task', 'three'], JSON.stringify(report), 'unknown_task'],
    ['not responsible', ['--unit', '区委组织部', '--task', '1'], JSON.stringify(report), 'not_responsible'],
    ['period 2021-13', ['--unit', '区委组织部', '--task', '3', '--period', '2021-13'], JSON.stringify(report), 'invalid_period'],
    ['period 2021-Q5', ['--unit', '区委组织部', '--task', '3', '--period', '2021-Q5'], JSON.stringify(report), 'invalid_period'],
    ['percent 150', ['--unit', '区委组织部', '--task', '3'], JSON.stringify({ ...report, percent: 150 }), 'invalid_input'],
    ['percent -1', ['--unit', '区委组织部', '--task', '3'], JSON.stringify({ ...report, percent: -1 }), 'invalid_input'],
    ['a number where yes/no is expected', ['--unit', '市生态环境局济阳分局', '--task', '1'], JSON.stringify({ ...report, indicators: { '1.1': 5 } }), 'report_rules'],
    ['进度滞后 without problems', ['--unit', '区委组织部', '--task', '3'], JSON.stringify({ ...report, status: '进度滞后' }), 'report_rules'],
    ['a 1 MB text', ['--unit', '区委组织部', '--task', '3'], JSON.stringify({ ...report, next: 'x'.repeat(1 << 20) }), 'invalid_input'],
    ['invalid JSON on stdin', ['--unit', '区委组织部', '--task', '3'], '{"status": 正常推进', 'invalid_json'],
    ['JSON that is not an object', ['--unit', '区委组织部', '--task', '3'], '[1,2,3]', 'invalid_json'],
  ];

  it.each(bad)('save refuses %s: exit 1, Chinese message with code, database unchanged', async (_n, extra, stdin, code) => {
    const before = dumpDb(db);
    const base: Record<string, string> = { '--db': db, '--period': '2021-Q3' };
    for (let i = 0; i < extra.length; i += 2) base[extra[i]!] = extra[i + 1]!;
    const r = await cli(['save', ...Object.entries(base).flat()], stdin);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`[${code}]`);
    expect(r.stderr).toMatch(/[\u4e00-\u9fff]/);
    expect(dumpDb(db)).toEqual(before);
  });

  it('refuses a database file that is not SQLite, and one from a newer version', async () => {
    const fake = join(tempDir(), 'notes.db');
    writeFileSync(fake, '这不是数据库');
    const r1 = await cli(['report', '--db', fake, '--unit', '区委组织部', '--period', '2021-Q3']);
    expect(r1.code).toBe(1);
    expect(r1.stderr).toContain('[not_a_database]');

    const newer = join(tempDir(), 'newer.db');
    const d = new Database(newer);
    d.pragma('user_version = 999');
    d.close();
    const r2 = await cli(['catalog', '--db', newer]);
    expect(r2.code).toBe(1);
    expect(r2.stderr).toContain('[db_too_new]');
    // Restored from, it is refused as made by a newer version (upgrade), not as damaged.
    const r2b = await cli(['restore', '--db', join(tempDir(), 'here.db'), '--from', newer]);
    expect(r2b.code).toBe(1);
    expect(r2b.stderr).toContain('[db_too_new]: 备份“newer.db”由更新版本的程序创建（结构版本 999 高于本程序支持的');
    expect(r2b.stderr).toContain('请先升级本程序，再恢复');
    const r3 = await cli(['check', '--db', join(tempDir(), 'missing.db')]);
    expect(r3.code).toBe(1);
    expect(r3.stderr).toContain('[not_initialized]');
  });

  it.each([
    [['save', '--db']],
    [['save', '--unit', 'x']],
    [['report', '--db', 'x.db', '--unit', 'a', '--period', '2021-Q3', '--frobnicate']],
    [['nosuchcommand']],
    [[]],
  ])('usage errors exit 2: %j', async (argv) => {
    const r = await cli(argv);
    expect(r.code).toBe(2);
  });

  it.each([
    [['report', '--db', 'x.db', '--unit', 'a', '--period', '2021-Q3', '--period', '2021-Q4'], '选项 --period 只能给一次'],
    [['report', '--db', '--unit', 'a', '--period', '2021-Q3'], '选项 --db 需要一个值'],
    [['report', '--db', 'x.db', '--unit', 'a', '--period', '2021-Q3', '--json=no'], '选项 --json 不带值'],
  ])('usage errors say what is wrong: %j', async (argv, said) => {
    const r = await cli(argv);
    expect([r.code, r.stderr]).toEqual([2, expect.stringContaining(said)]);
  });

  it('a value refused exits 1, saying what was given', async () => {
    const r = await cli(['init', '--db', join(tempDir('eco-cli-role-'), 'x.db'), '--role', 'king']);
    expect([r.code, r.stderr.trim()]).toEqual([1, '错误 [invalid_input]: --role 应为 bureau（区局汇总）或 unit（填报单位）（收到“king”）']);
  });

  it('save without stdin is a usage error', async () => {
    const r = await cli(['save', '--db', db, '--unit', '区委组织部', '--period', '2021-Q3', '--task', '3'], null);
    expect(r.code).toBe(2);
  });

  it('--json errors are JSON on stdout too', async () => {
    const r = await cli(['report', '--db', db, '--unit', '火星局', '--period', '2021-Q3', '--json']);
    expect(r.code).toBe(1);
    expect(r.json()).toMatchObject({ ok: false, error: { code: 'unknown_unit' } });
  });

  it('summary in words: lagging work under 滞后, work overdue and not reported under 逾期未报', async () => {
    const lagging = JSON.stringify({ status: '进度滞后', percent: 10, progress: '已启动', problems: '资金未到位' });
    expect((await cli(['save', '--db', db, '--unit', '区委组织部', '--period', '2021-Q3', '--task', '3'], lagging)).code).toBe(0);
    const after = new Date('2021-11-01T02:00:00Z');
    // Typed in at the bureau and not registered as received: counted nowhere (its task 逾期未报), said apart.
    const typed = await cli(['summary', '--db', db, '--period', '2021-Q3'], null, after);
    expect(typed.stdout.split('\n')[0]).toMatch(/：按时 \d+，逾期 \d+，未报 \d+；已收 \d+\/\d+ 条（另有区局录入、尚未登记报送的 1 条）$/);
    expect(typed.stdout).not.toContain('  滞后：');
    expect(typed.stdout).toMatch(/\n {2}逾期未报：3\. .+ — 区委组织部\n/);
    // Before the deadline nobody is 未报 yet.
    expect((await cli(['summary', '--db', db, '--period', '2021-Q3'])).stdout.split('\n')[0]).toMatch(/，尚未报送 \d+；已收/);
    expect((await cli(['enter', '--db', db, '--unit', '区委组织部', '--period', '2021-Q3', '--on', '2021-10-03'])).code).toBe(0);
    const r = await cli(['summary', '--db', db, '--period', '2021-Q3'], null, after);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines.filter((l) => l.startsWith('  滞后：'))).toEqual([expect.stringMatching(/^ {2}滞后：3\. .+ — 区委组织部$/)]);
    const overdue = lines.filter((l) => l.startsWith('  逾期未报：'));
    const json = (await cli(['summary', '--db', db, '--period', '2021-Q3', '--json'], null, after)).json() as { totals: { overdue: number; lagging: number } };
    expect(json.totals.lagging).toBe(1);
    expect(overdue.length).toBe(json.totals.overdue);
    expect(overdue.length).toBeGreaterThan(0);
  });

  it('demo, status, backup and check', async () => {
    expect((await cli(['demo', '--db', db, '--period', '2021-Q3'])).stdout).toMatch(/28 个单位/);
    const s = await cli(['status', '--db', db, '--period', '2021-Q3', '--json']);
    expect((s.json() as unknown[]).length).toBe(28);
    // In words: when each unit sent its file, in China time, and by what rule.
    const text = (await cli(['status', '--db', db, '--period', '2021-Q3'])).stdout;
    expect(text).toMatch(/\t按时\t报送 2021年\d+月\d+日 \d\d:\d\d\t已填 /);
    expect(text).toContain('报送时间以单位报送文件的导出时间计');
    // The summary in words says the indicators against their targets, as its help says.
    expect((await cli(['summary', '--db', db, '--period', '2021-Q3'])).stdout).toMatch(/\n指标达标情况：\n {2}1\.1 生态文明建设规划任务有效落实：目标 是（附佐证材料），本期 [^\n]+，(达标|未达标|待定|待补佐证)\n/);
    const out = join(tempDir(), 'copy.db');
    const b = await cli(['backup', '--db', db, '--out', out, '--json']);
    expect(b.code).toBe(0);
    expect(dumpDb(out).reports).toEqual(dumpDb(db).reports);
    const c = await cli(['check', '--db', db, '--json']);
    expect(c.json()).toMatchObject({ ok: true, integrity: ['ok'] });
  });
});
