/**
 * A refused command changes nothing and says why in Chinese: every argument
 * checked before anything is written, files that cannot be read or written
 * named with the reason, nothing overwritten or lost.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { cli, dumpDb, tempDir } from './helpers/db';
import { exitOf, ROOT, spawnCli } from './helpers/spawn';

let dir: string;
let db: string;
beforeEach(async () => {
  dir = tempDir('eco-cli-refusals-');
  db = join(dir, 'bureau.db');
  const r = await cli(['init', '--db', db]);
  expect(r.code, r.stderr).toBe(0);
});

/** Runs argv expecting a refusal with `code` and `text` on stderr, and the database exactly as before. */
async function refused(argv: string[], code: number, text: string, stdin: string | null = null, path = db): Promise<void> {
  const before = dumpDb(path);
  const r = await cli(argv, stdin);
  expect(r.code, r.stdout + r.stderr).toBe(code);
  expect(r.stderr).toContain(text);
  expect(r.stderr).not.toMatch(/ENOENT|EISDIR|EACCES|position \d|Cannot|unable/);
  expect(dumpDb(path)).toEqual(before);
}

describe('command-line refusals change nothing', () => {
  it('settings: every argument checked first, the changes in one transaction; a deadline alone keeps a closed period closed', async () => {
    // The period kind would be changed before the deadline is refused.
    await refused(['settings', '--db', db, '--period-kind', 'half', '--period', '2021-H2'], 2, '--period 与 --deadline 需同时给出');
    await refused(['settings', '--db', db, '--period-kind', 'half', '--period', '2021-H2', '--deadline', '2021-12-01'], 1, '截止日期不能早于周期结束日');
    await refused(['settings', '--db', db, '--period', '2021-Q3', '--deadline', '2021-10-32'], 1, '日期“2021-10-32”不存在');
    await refused(['settings', '--db', db, '--period', '2022-Q1', '--deadline', '2022-02-29'], 1, '日期“2022-02-29”不存在');
    await refused(['settings', '--db', db, '--indicator', '16.1', '--year', '2021', '--target', ' '], 1, '--target 应为不小于 0 的数字');
    await refused(['settings', '--db', db, '--indicator', '16.1', '--year', '2021', '--target', '0x10'], 1, '--target 应为不小于 0 的数字');
    await refused(['settings', '--db', db, '--indicator', '16.1', '--target', '5'], 2, '需同时给出');
    // A --year that would be passed over without a word.
    await refused(['settings', '--db', db, '--period', '2021-Q3', '--deadline', '2021-10-08', '--year', '2021'], 2, '--year 只用于设置上级下达目标');
    // A value refused exits 1; 2 is for a command line of the wrong shape (an option missing, unknown, or with one it excludes).
    await refused(['periods', '--db', db, '--year', '1999'], 1, '2000–2099');

    expect((await cli(['settings', '--db', db, '--period', '2021-Q3', '--deadline', '2021-10-05', '--close'])).code).toBe(0);
    expect((await cli(['settings', '--db', db, '--period', '2021-Q3', '--deadline', '2021-10-08'])).code).toBe(0);
    expect((await cli(['periods', '--db', db, '--year', '2021'])).stdout).toContain('2021-Q3\t2021年第三季度\t截止 2021年10月8日（已关闭）');
    expect((await cli(['settings', '--db', db, '--period', '2021-Q3', '--deadline', '2021-10-08', '--open'])).code).toBe(0);
    expect((await cli(['periods', '--db', db, '--year', '2021'])).stdout).toContain('2021-Q3\t2021年第三季度\t截止 2021年10月8日\n');
    // Without --year: this year's periods; early in a year, last year's last one first while it is still open.
    expect((await cli(['periods', '--db', db])).stdout).toMatch(/^起报周期：.*\n2021-Q3\t/);
    const jan = await cli(['periods', '--db', db], null, new Date('2022-01-10T02:00:00Z'));
    expect(jan.stdout).toMatch(/^起报周期：.*\n2021-Q4\t2021年第四季度\t截止 2022年1月5日\n2022-Q1\t2022年第一季度\t/);
  });

  it('save: stdin that is not one JSON object is said in Chinese, with where', async () => {
    const args = ['save', '--db', db, '--unit', '区委组织部', '--period', '2021-Q3', '--task', '3'];
    await refused(args, 1, '标准输入应为一个 JSON 对象', '[]');
    await refused(args, 1, '标准输入不是有效的 JSON（第 1 行第 19 个字符附近）', '{"status": "正常推进",}');
    await refused(args, 1, '指标 3.1：指标数值应为数字（如 20，不加引号）', '{"status":"正常推进","indicators":{"3.1":"20"}}');
  });

  it('init again cannot change the period kind; a --out ending in a separator, or naming the database itself, is refused before anything is written', async () => {
    await refused(['init', '--db', db, '--period-kind', 'month'], 1, '数据库已初始化，报送周期为季报，未作任何更改');
    expect((await cli(['init', '--db', db, '--period-kind', 'quarter'])).code).toBe(0);
    const unit = join(dir, 'w.xlsx');
    expect((await cli(['init', '--db', unit, '--unit', '济阳街道'])).code).toBe(0);
    await refused(['init', '--db', unit, '--unit', '济阳街道', '--period-kind', 'month'], 1, '填报单位的报送周期由区局的设置文件决定', null, unit);
    expect((await cli(['demo', '--db', unit, '--period', '2021-Q3'])).code).toBe(0);
    await refused(['export', '--db', unit, '--unit', '济阳街道', '--period', '2021-Q3', '--out', join(dir, 'n2.xlsx') + '/'], 1, '结尾的是文件夹，请在其后写上文件名', null, unit);
    await refused(['export', '--db', unit, '--unit', '济阳街道', '--period', '2021-Q3', '--out', unit], 1, '是数据库文件本身（--db），不能写到这里', null, unit);
    await refused(['template', '--db', unit, '--unit', '济阳街道', '--period', '2021-Q3', '--out', unit], 1, '是数据库文件本身', null, unit);
    expect(existsSync(join(dir, 'n2.xlsx'))).toBe(false);
    expect((await cli(['check', '--db', unit])).code).toBe(0);
  });

  it('a refused command leaves no daily backup behind; one that did its work keeps it', async () => {
    const backups = (): string[] => (existsSync(join(dir, 'bureau.files', 'backups')) ? readdirSync(join(dir, 'bureau.files', 'backups')) : []);
    expect(backups()).toEqual([]);
    await refused(['save', '--db', db, '--unit', '不存在', '--period', '2021-Q3', '--task', '3'], 1, '没有名为“不存在”的填报单位', '{"status":"正常推进"}');
    expect(backups()).toEqual([]);
    expect(existsSync(join(dir, 'bureau.files', 'backups'))).toBe(false);
    // An import whose every file is refused writes nothing: its backup goes too.
    const junk = join(dir, '不是工作簿.xlsx');
    writeFileSync(junk, 'not a workbook');
    expect((await cli(['import', '--db', db, junk])).code).toBe(1);
    expect(backups()).toEqual([]);
    const ok = await cli(['save', '--db', db, '--unit', '区委组织部', '--period', '2021-Q3', '--task', '3'], '{"status":"正常推进"}');
    expect(ok.code, ok.stderr).toBe(0);
    expect(backups()).toHaveLength(1);
  });

  it('save takes JSON as Windows tools write it (a byte-order mark); values out of range are refused with why', async () => {
    const ok = await cli(['save', '--db', db, '--unit', '区委组织部', '--period', '2021-Q3', '--task', '3'], '\uFEFF{"status":"正常推进","percent":60}');
    expect(ok.code, ok.stderr).toBe(0);
    // A status and a 完成比例 that disagree: saved, and asked about as the form asks (on stderr with --json).
    const odd = await cli(['save', '--db', db, '--unit', '区委组织部', '--period', '2021-Q3', '--task', '3'], '{"status":"已完成","percent":10}');
    expect([odd.code, odd.stdout]).toEqual([0, '已保存：区委组织部 2021-Q3 第 3 项任务，第 2 次保存\n注意：状态为“已完成”，完成比例却是 10%：请核对（已完成应为 100%）\n']);
    const oddJson = await cli(['save', '--db', db, '--unit', '区委组织部', '--period', '2021-Q3', '--task', '3', '--json'], '{"status":"已完成","percent":10}');
    expect([oddJson.code, oddJson.stderr]).toEqual([0, '注意：状态为“已完成”，完成比例却是 10%：请核对（已完成应为 100%）\n']);
    // Spaces around any option's value are no part of it (as around --period and --unit).
    const spaced = await cli(['history', '--db', db, '--unit', ' 区委组织部', '--period', '2021-Q3 ', '--task', '3 ']);
    expect(spaced.code, spaced.stderr).toBe(0);
    expect((await cli(['settings', '--db', db, '--indicator', ' 16.1', '--year', ' 2021', '--target', '5 '])).code).toBe(0);
    await refused(['settings', '--db', db, '--indicator', '16.1', '--year', '2021', '--target', '150'], 1, '是百分比，上级下达目标不能超过 100%（填的是 150%），请填写 0–100 之间的数');
    await refused(['settings', '--db', db, '--period', '2021-Q3', '--deadline', '9999-12-31'], 1, '晚于周期结束后一年（2022年10月1日），请检查年份');
    await refused(['notice-issue', '--db', db, '--period', '2021-Q3', '--unit', '区委组织部', '--task', '３'], 1, '--task 应为任务序号（整数，用半角数字写）');
    await refused(['save', '--db', db, '--unit', '区委组织部', '--period', '2021-Q3', '--task', '3.5'], 1, '任务序号“3.5”应为整数，用半角数字写', '{"status":"正常推进"}');
    // A control character in a reason or note (it would travel on into the unit's set-up file) is said, with where.
    await refused(['return', '--db', db, '--unit', '区委组织部', '--period', '2021-Q3', '--reason', 'a\u0007b'], 1, '退回原因第 2 个字符是');
    await refused(['approve', '--db', db, '--unit', '区委组织部', '--period', '2021-Q3', '--note', 'ok\u0007'], 1, '审核备注第 3 个字符是');
    // A year mistyped: a period beginning more than a year from today is not reported for.
    await refused(['save', '--db', db, '--unit', '区委组织部', '--period', '2099-Q2', '--task', '3'], 1, '报送周期“2099年第二季度”尚未开始（2099年4月1日开始），不能填报：请检查报送周期是否选错', '{"status":"正常推进"}');
    // Nor exported, printed or packed: each says what it would not do, nothing written.
    for (const [argv, what] of [
      [['template', '--unit', '区委组织部', '--out', join(dir, 't.xlsx')], '制作填写模板'],
      [['summary-export', '--out', join(dir, 's.xlsx')], '导出区汇总工作簿'],
      [['print', '--form', 'summary', '--out', join(dir, 'p.html')], '打印'],
      [['evidence-package', '--out', join(dir, 'e.zip')], '导出佐证材料包'],
    ] as const) {
      await refused([argv[0], '--db', db, '--period', '2099-Q2', ...argv.slice(1)], 1, `报送周期“2099年第二季度”尚未开始（2099年4月1日开始），不能${what}：请检查报送周期是否选错`);
    }
    expect(readdirSync(dir).filter((f) => /^[tspe]\./.test(f))).toEqual([]);
    // A detail line names the field in Chinese, never by its English key.
    const late = await cli(['notice-answer', '--db', db, '--number', '1', '--on', '2099-01-01']);
    expect(late.stderr).not.toMatch(/ on：| dueOn：/);
  });

  it('a file named .zip that is no zip is said to be no zip; a set-up file that is no workbook names no sheet', async () => {
    const junk = join(dir, '济阳街道-2021-Q3.zip');
    writeFileSync(junk, 'this was never a zip');
    const r = await cli(['import', '--db', db, '--json', junk]);
    expect(r.code).toBe(1);
    const file = (r.json() as { files: { status: string; errors: { sheet: string | null; message: string }[] }[] }).files[0]!;
    expect(file.status).toBe('rejected');
    expect(file.errors[0]!.message).toContain('不是有效的 .zip 压缩包（文件内容无法识别：可能已损坏、未传送完整，或只是改了扩展名）');
    const setup = join(dir, '设置文件.xlsx');
    writeFileSync(setup, 'not a workbook');
    const s = await cli(['setup-import', '--db', db, '--json', setup]);
    expect(s.code).toBe(1);
    const err = (s.json() as { error: { message: string; details: { sheet?: string }[] } }).error;
    expect(err.message).toContain('不是 Excel、WPS 或 LibreOffice 工作簿（无法识别的文件内容），请向区局重新索取设置文件');
    expect(err.details.every((d) => d.sheet === undefined)).toBe(true);
  });

  it('export into a folder, or beside a file of the other kind, counts no revision', async () => {
    const unit = join(dir, 'unit.db');
    expect((await cli(['init', '--db', unit, '--unit', '济阳街道'])).code).toBe(0);
    expect((await cli(['demo', '--db', unit, '--period', '2021-Q3'])).code).toBe(0);
    mkdirSync(join(dir, 'folder.xlsx'));
    await refused(['export', '--db', unit, '--unit', '济阳街道', '--period', '2021-Q3', '--out', join(dir, 'folder.xlsx')], 1, '这是一个文件夹', null, unit);
    // A refused export makes no folder for its file.
    await refused(['export', '--db', unit, '--unit', '不存在单位', '--period', '2021-Q3', '--out', join(dir, '新文件夹', '子', 'x.xlsx')], 1, '不存在单位', null, unit);
    expect(existsSync(join(dir, '新文件夹'))).toBe(false);
    // No evidence: the bundle is an .xlsx; asked for as .zip, it would go to the .xlsx beside it, which exists.
    writeFileSync(join(dir, '报送.xlsx'), 'someone else’s file');
    await refused(['export', '--db', unit, '--unit', '济阳街道', '--period', '2021-Q3', '--out', join(dir, '报送.zip')], 1, '该文件已存在', null, unit);
    // The next export gets the next revision after those held (the demo's), none skipped.
    const held = Math.max(...(dumpDb(unit).submissions as { revision: number }[]).map((x) => x.revision));
    const ok = await cli(['export', '--db', unit, '--unit', '济阳街道', '--period', '2021-Q3', '--out', join(dir, '报送2.xlsx'), '--json']);
    expect(ok.code, ok.stderr).toBe(0);
    expect((ok.json() as { revision: number }).revision).toBe(held + 1);
  });

  it('init: a refused init leaves no file; a folder is not a database; a new database’s folder is made', async () => {
    // (The unit's role without its unit is the command line of the wrong shape: 2, as `--role bureau --unit`.)
    for (const [argv, code] of [[['--unit', '不存在单位'], 1], [['--role', 'unit'], 2], [['--period-kind', 'week'], 1]] as const) {
      const file = join(dir, `i-${argv[1]}`, 'deep', 'x.db');
      const r = await cli(['init', '--db', file, ...argv]);
      expect(r.code, r.stderr).toBe(code);
      // Neither the file nor the folders made for it.
      expect(existsSync(join(dir, `i-${argv[1]}`))).toBe(false);
    }
    mkdirSync(join(dir, 'afolder'));
    const units = await cli(['units', '--db', join(dir, 'afolder')]);
    expect(units.stderr).toContain('是一个文件夹，不是数据库文件');
    expect(units.stderr).not.toContain('internal');
    const nested = await cli(['init', '--db', join(dir, '新 文件夹', 'x.db')]);
    expect(nested.code, nested.stderr).toBe(0);
  });

  it('backup never overwrites a file; restore refuses the database itself, a missing file and a folder, leaving the database', async () => {
    const other = join(dir, 'other.db');
    expect((await cli(['init', '--db', other, '--unit', '济阳街道'])).code).toBe(0);
    const otherBefore = dumpDb(other);
    await refused(['backup', '--db', db, '--out', other], 1, '已存在，不会覆盖');
    expect(dumpDb(other)).toEqual(otherBefore);
    mkdirSync(join(dir, 'bk'));
    await refused(['backup', '--db', db, '--out', join(dir, 'bk')], 1, '这是一个文件夹');
    const made = await cli(['backup', '--db', db, '--out', join(dir, '新建', 'b.db')]);
    // Nothing to copy beside it: no .files folder, none named.
    expect([made.code, made.stdout.trim()]).toEqual([0, expect.stringMatching(/；数据库中没有佐证材料和导入原件，无需复制$/)]);
    expect(existsSync(join(dir, '新建', 'b.files'))).toBe(false);

    await refused(['restore', '--db', db, '--from', db], 1, '就是要恢复的数据库本身');
    expect(readdirSync(dir).filter((f) => f.includes('.replaced-'))).toEqual([]);
    await refused(['restore', '--db', db, '--from', join(dir, 'nonexist.db')], 1, '无法读取备份文件');
    await refused(['restore', '--db', db, '--from', join(dir, 'bk')], 1, '是一个文件夹');
    // Nothing that would leave no usable database in its place: an empty file, another program's SQLite file, one never
    // set up; and not over a folder named as the database (it was moved aside as if it were one).
    writeFileSync(join(dir, 'zero.db'), '');
    await refused(['restore', '--db', db, '--from', join(dir, 'zero.db')], 1, '是空文件（0 字节），不是备份');
    const foreign = new Database(join(dir, 'foreign.sqlite'));
    foreign.exec('CREATE TABLE t (x)');
    foreign.close();
    await refused(['restore', '--db', db, '--from', join(dir, 'foreign.sqlite')], 1, '不是本系统的数据库（可能是其他程序的 SQLite 文件）');
    const never = new Database(join(dir, 'never.db'));
    never.exec('CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)');
    never.close();
    await refused(['restore', '--db', db, '--from', join(dir, 'never.db')], 1, '是尚未初始化的数据库');
    mkdirSync(join(dir, 'docs'));
    writeFileSync(join(dir, 'docs', '报告.docx'), 'important');
    const r = await cli(['restore', '--db', join(dir, 'docs'), '--from', other, '--force']);
    expect([r.code, r.stderr]).toEqual([1, expect.stringContaining('是一个文件夹，不是数据库文件')]);
    expect(readFileSync(join(dir, 'docs', '报告.docx'), 'utf8')).toBe('important');
    expect(readdirSync(dir).filter((f) => f.includes('.replaced-'))).toEqual([]);
    // Another kind of database (a unit's for the bureau's) only with --force; the bureau's is then kept aside.
    await refused(['restore', '--db', db, '--from', other], 1, '是填报单位端（济阳街道）的数据库，当前数据库是区局汇总端');
    const forced = await cli(['restore', '--db', db, '--from', other, '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(readdirSync(dir).filter((f) => f.includes('.replaced-') && !f.endsWith('-wal') && !f.endsWith('-shm'))).toHaveLength(1);
  });

  // Root may write any file: the refusal is tried as another user (nobody), as an office PC's read-only copy would be.
  const asNobody = process.getuid?.() === 0 && existsSync('/usr/bin/setpriv');
  it.skipIf(!asNobody)('a read-only database is refused at once, nothing written beside it (its online backup had restarted for ever)', async () => {
    const ro = tempDir('eco-cli-ro-');
    chmodSync(ro, 0o777);
    const file = join(ro, 'b.db');
    copyFileSync(db, file);
    chmodSync(file, 0o444);
    const before = readFileSync(file);
    for (const argv of [['units', '--db', file], ['backup', '--db', file]]) {
      const child = spawn('/usr/bin/setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '--import', 'tsx', 'electron/cli/main.ts', ...argv], {
        cwd: ROOT,
        env: { ...process.env, HOME: ro },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
      const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      const { code } = await exitOf(child);
      clearTimeout(killer);
      expect([code, stderr]).toEqual([1, expect.stringContaining(`错误 [db_read_only]: 无法写入数据库“${file}”（只读或无权限），未作任何更改`)]);
    }
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(readdirSync(ro)).toEqual(['b.db']);
  }, 150_000);

  it('one of the database’s own backups is not opened as a database (it was written to, then offered as the newest good backup)', async () => {
    const made = await cli(['backup', '--db', db]);
    expect(made.code, made.stderr).toBe(0);
    const dirOf = join(dir, 'bureau.files', 'backups');
    const backup = join(dirOf, readdirSync(dirOf).find((f) => f.endsWith('.db'))!);
    const before = readFileSync(backup);
    const r = await cli(['units', '--db', backup]);
    expect([r.code, r.stderr]).toEqual([1, expect.stringContaining('是数据库的自动备份，不是数据库本身：直接打开会改动这份备份，未作任何更改')]);
    expect(readFileSync(backup).equals(before)).toBe(true);
    expect(existsSync(`${backup}-wal`)).toBe(false);
  });

  it('a unit’s database answers for its own unit only: another’s report, record, history, template or export is refused, not read as nothing done', async () => {
    const unitDb = join(dir, 'unit.db');
    expect((await cli(['init', '--db', unitDb, '--unit', '济阳街道'])).code).toBe(0);
    const at = ['--db', unitDb, '--unit', '济北街道', '--period', '2021-Q3'];
    for (const argv of [['report', ...at], ['log', ...at], ['history', ...at, '--task', '4'], ['template', ...at, '--out', join(dir, 't.xlsx')], ['export', ...at, '--out', join(dir, 'e.xlsx')]]) {
      await refused(argv, 1, '本数据库属于“济阳街道”，不能', null, unitDb);
    }
    expect(existsSync(join(dir, 't.xlsx')) || existsSync(join(dir, 'e.xlsx'))).toBe(false);
    expect((await cli(['report', '--db', unitDb, '--unit', '济阳街道', '--period', '2021-Q3'])).code).toBe(0);
  });

  it('demo data only for a period begun (its submissions are received today, counted 按时)', async () => {
    await refused(['demo', '--db', db, '--period', '2022-Q1'], 1, '报送周期“2022年第一季度”尚未开始（2022年1月1日开始），不能填入演示数据');
    expect((await cli(['demo', '--db', db, '--period', '2021-Q3'])).code).toBe(0);
  });

  it('evidence-add reads every file first: one missing adds none', async () => {
    const unit = join(dir, 'unit.db');
    expect((await cli(['init', '--db', unit, '--unit', '济阳街道'])).code).toBe(0);
    expect((await cli(['save', '--db', unit, '--unit', '济阳街道', '--period', '2021-Q3', '--task', '4'], '{"status":"正常推进"}')).code).toBe(0);
    const good = join(dir, '佐证 材料.txt');
    writeFileSync(good, '现场照片说明');
    await refused(['evidence-add', '--db', unit, '--unit', '济阳街道', '--period', '2021-Q3', '--task', '4', good, join(dir, 'nonexist.txt')], 1, '文件不存在', null, unit);
    // Not the database itself (it would travel in bundles as evidence).
    await refused(['evidence-add', '--db', unit, '--unit', '济阳街道', '--period', '2021-Q3', '--task', '4', good, unit], 1, `“${unit}”是本系统的数据库或它的备份、附属文件，不是佐证材料，未添加任何文件`, null, unit);
    // An empty one after a good one: refused before the good one's bytes are stored (they would be nobody's).
    const empty = join(dir, '空.pdf');
    writeFileSync(empty, '');
    await refused(['evidence-add', '--db', unit, '--unit', '济阳街道', '--period', '2021-Q3', '--task', '4', good, empty], 1, '“空.pdf”是空文件（0 字节）', null, unit);
    expect(existsSync(join(dir, 'unit.files', 'evidence'))).toBe(false);
    const ok = await cli(['evidence-add', '--db', unit, '--unit', '济阳街道', '--period', '2021-Q3', '--task', '4', good, '--json']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(existsSync(join(dir, 'unit.files', 'evidence'))).toBe(true);
    // The history says when and how in Chinese.
    const h = await cli(['history', '--db', unit, '--unit', '济阳街道', '--period', '2021-Q3', '--task', '4']);
    expect(h.stdout).toContain('第 2 版 2021年10月3日 10:00 本单位填报 正常推进 添加佐证材料：佐证 材料.txt');
  });

  it('import says on stderr that files were rejected', async () => {
    const junk = join(dir, '坏文件.xlsx');
    writeFileSync(junk, 'not a workbook');
    const r = await cli(['import', '--db', db, '--json', junk]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('[import_rejected]: 1 个文件被拒收');
    expect((r.json() as { totals: { rejected: number } }).totals.rejected).toBe(1);
    // Said in words: the outcome (of a dry run, what would happen), then each problem marked as an error.
    const human = await cli(['import', '--db', db, '--dry-run', junk]);
    expect(human.stdout).toContain(`[将被拒绝] ${junk}\n    错误：不是 Excel、WPS 或 LibreOffice 工作簿（无法识别的文件内容）`);
    expect(human.stdout).toContain('（试运行，未写入任何数据）共 1 个文件：可导入 0，可更新 0，无变化 0，旧版本（将存档，不采用） 0，将被拒绝 1');
    expect((await cli(['import', '--db', db, junk])).stdout).toContain(`[已拒绝] ${junk}\n`);
    // A folder with nothing in it is said so, not a quiet success.
    mkdirSync(join(dir, '空文件夹'));
    const none = await cli(['import', '--db', db, join(dir, '空文件夹')]);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('[nothing_to_import]');
    // In a folder, what is not a workbook or a zip by its name is passed over and listed (as in a zip); a file named .xlsx is checked.
    const inbox = join(dir, '收件箱');
    mkdirSync(inbox);
    writeFileSync(join(inbox, '说明.txt'), '请查收');
    writeFileSync(join(inbox, '照片.jpg'), 'jpeg');
    const only = await cli(['import', '--db', db, '--dry-run', inbox]);
    expect(only.code).toBe(1);
    expect(only.stderr).toContain('[nothing_to_import]: 给出的路径中没有找到可导入的文件（.xlsx、.xls、.ods 或 .zip），只有 2 个其他文件（已跳过）');
    writeFileSync(join(inbox, '坏文件.xlsx'), 'not a workbook');
    const mixed = await cli(['import', '--db', db, '--dry-run', '--json', inbox]);
    expect(mixed.json()).toMatchObject({ files: [{ file: join(inbox, '坏文件.xlsx'), status: 'rejected' }], skipped: [join(inbox, '照片.jpg'), join(inbox, '说明.txt')] });
    expect((await cli(['import', '--db', db, '--dry-run', inbox])).stdout).toContain(`已跳过 2 个不是工作簿或压缩包的文件：${join(inbox, '照片.jpg')}、${join(inbox, '说明.txt')}`);
    // Named on its own, a photo is checked (and refused as no workbook).
    const named = await cli(['import', '--db', db, '--dry-run', '--json', join(inbox, '照片.jpg')]);
    expect(named.json()).toMatchObject({ files: [{ status: 'rejected' }], skipped: [] });
  });

  it('a named pipe is never read (the read would wait for ever): refused by name as a workbook, a set-up file, a backup or a database; in a folder, links to files are taken', async () => {
    const pipes = join(dir, '管道');
    mkdirSync(pipes);
    const fifo = (name: string): string => {
      const p = join(pipes, name);
      expect(spawnSync('mkfifo', [p]).status).toBe(0);
      // Should a command open it after all, a writer that ends at once gives it the end of the file, not a wait for ever.
      writers.push(spawn('sh', ['-c', `: > "${p}"`], { stdio: 'ignore' }));
      return p;
    };
    const writers: ReturnType<typeof spawn>[] = [];
    try {
      const book = fifo('济阳街道.xlsx');
      const zip = fifo('报送.zip');
      const bad = fifo('坏.db');
      const r = await cli(['import', '--db', db, '--json', book, zip]);
      expect(r.code).toBe(1);
      expect((r.json() as { files: { file: string; errors: { message: string }[] }[] }).files.map((f) => [f.file, f.errors[0]?.message])).toEqual([
        [book, '无法读取：这是命名管道（FIFO），不是文件'],
        [zip, '无法读取：这是命名管道（FIFO），不是文件'],
      ]);
      // In a folder: named as a workbook, refused so; named otherwise, passed over as any other file. A link to a file is the file.
      symlinkSync(join(dir, '坏文件.xlsx'), join(pipes, '链接.xlsx'));
      writeFileSync(join(dir, '坏文件.xlsx'), 'not a workbook');
      symlinkSync(dir, join(pipes, '上一层'));
      const walked = await cli(['import', '--db', db, '--dry-run', '--json', pipes]);
      expect(walked.json()).toMatchObject({
        files: [
          { file: zip, status: 'rejected', errors: [{ message: '无法读取：这是命名管道（FIFO），不是文件' }] },
          { file: book, status: 'rejected' },
          { file: join(pipes, '链接.xlsx'), status: 'rejected', errors: [{ message: expect.stringContaining('不是 Excel、WPS 或 LibreOffice 工作簿') }] },
        ],
        skipped: [bad],
      });
      await refused(['setup-import', '--db', db, book], 1, `无法读取设置文件“${book}”：这是命名管道（FIFO），不是文件`);
      await refused(['restore', '--db', db, '--from', bad], 1, `“${bad}”不是备份文件：这是命名管道（FIFO），不是文件；未作任何更改`);
      const opened = await cli(['units', '--db', bad]);
      expect([opened.code, opened.stderr]).toEqual([1, `错误 [not_a_database]: “${bad}”不是数据库文件：这是命名管道（FIFO），不是文件；请给出数据库文件名\n`]);
      expect((await cli(['init', '--db', bad])).stderr).toContain('不是数据库文件：这是命名管道（FIFO）');
      expect(statSync(bad).isFIFO()).toBe(true);
    } finally {
      for (const w of writers) w.kill();
    }
  });

  it('an empty file given as --db is left as it is, even by a dry run: only init makes a database of it', async () => {
    const empty = join(dir, 'empty.db');
    writeFileSync(empty, '');
    writeFileSync(join(dir, 'x.xlsx'), 'x');
    for (const argv of [
      ['import', '--db', empty, '--dry-run', join(dir, 'x.xlsx')],
      ['summary', '--db', empty, '--period', '2021-Q3'],
    ]) {
      const r = await cli(argv);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`数据库文件“${empty}”是空文件（0 字节），还不是数据库；请先运行 init 创建`);
      expect(statSync(empty).size).toBe(0);
    }
    // An init refused leaves it empty too (not a database half made).
    const refusedInit = await cli(['init', '--db', empty, '--period-kind', 'month', '--first-period', '2021-Q3']);
    expect(refusedInit.code).toBe(1);
    expect([statSync(empty).size, existsSync(`${empty}-wal`)]).toEqual([0, false]);
    expect((await cli(['init', '--db', empty])).code).toBe(0);
    expect(statSync(empty).size).toBeGreaterThan(0);
  });

  it('relative paths are from the folder the command was started in (npm run keeps it in INIT_CWD)', async () => {
    const here = tempDir('eco-cli-cwd-');
    writeFileSync(join(here, '坏文件.xlsx'), 'not a workbook');
    const child = spawnCli(['import', '--db', db, '--json', '坏文件.xlsx'], { INIT_CWD: here, npm_lifecycle_event: 'cli' });
    let stdout = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    expect((await exitOf(child)).code).toBe(1);
    // Found there (and refused as what it is), not looked for in the project's folder.
    expect(JSON.parse(stdout)).toMatchObject({ files: [{ file: '坏文件.xlsx', status: 'rejected' }] });
  });

  it('a folder made for --out is said (a mistyped folder name does not go unnoticed)', async () => {
    const out = join(dir, '报送文件 ', '模板.xlsx');
    const r = await cli(['template', '--db', db, '--unit', '区委组织部', '--period', '2021-Q3', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`已导出填写模板 ${out}（新建了文件夹“${join(dir, '报送文件 ')}”）`);
    const again = await cli(['template', '--db', db, '--unit', '区委组织部', '--period', '2021-Q3', '--out', out]);
    expect(again.stdout).not.toContain('新建了文件夹');
    // The same for a printed form and a backup.
    const form = join(dir, '打印', '汇总表.html');
    expect((await cli(['print', '--db', db, '--form', 'summary', '--period', '2021-Q3', '--out', form])).stdout).toContain(`（新建了文件夹“${join(dir, '打印')}”）`);
    expect((await cli(['print', '--db', db, '--form', 'summary', '--period', '2021-Q3', '--out', form])).stdout).not.toContain('新建了文件夹');
    const copy = join(dir, '备份', '副本.db');
    expect((await cli(['backup', '--db', db, '--out', copy])).stdout).toContain(`（新建了文件夹“${join(dir, '备份')}”）`);
  });

  it('with --json, a usage error is JSON on stdout too; issuing a notice in a unit’s database is said as issuing', async () => {
    const r = await cli(['units', '--db', db, '--bogus', '--json']);
    expect(r.code).toBe(2);
    expect(r.json()).toEqual({ ok: false, error: { code: 'usage', message: '不认识的选项 --bogus', usage: 'units --db FILE [--json]' } });
    expect(r.stderr).toContain('用法错误 [usage]: 不认识的选项 --bogus');
    const unit = join(dir, 'unit.db');
    expect((await cli(['init', '--db', unit, '--unit', '济阳街道'])).code).toBe(0);
    await refused(['notice-issue', '--db', unit, '--all', '--period', '2021-Q3'], 1, '只有区局汇总端可以签发督办单', null, unit);
  });

  it('a set-up file is pointed to setup-import: imported by the bureau, or adopted with no database and no unit named', async () => {
    const setup = join(dir, '设置文件.xlsx');
    expect((await cli(['setup-export', '--db', db, '--out', setup])).code).toBe(0);
    const r = await cli(['import', '--db', db, '--dry-run', setup]);
    expect(r.stdout).toContain('这是区局的设置文件，不是单位报送工作簿，无需在此导入（载入修订的任务清单请到“设置”中操作；命令行用 setup-import）');
    const fresh = join(dir, '新单位.db');
    const first = await cli(['setup-import', '--db', fresh, setup]);
    expect([first.code, first.stderr]).toEqual([1, expect.stringContaining('填报单位第一次使用时加 --unit 本单位名称')]);
    expect(existsSync(fresh)).toBe(false);
    expect((await cli(['setup-import', '--db', fresh, '--unit', '济阳街道', setup])).code).toBe(0);
  });

  it('standard input past 64 MB is refused as it comes, in words (not read whole first)', async () => {
    const child = spawnCli(['save', '--db', db, '--unit', '区委组织部', '--period', '2021-Q3', '--task', '3'], {}, 'pipe');
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdin?.on('error', () => undefined);
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    for (let i = 0; i < 80 && child.exitCode === null; i++) {
      if (!child.stdin?.write(chunk)) await new Promise((r) => setTimeout(r, 5));
    }
    child.stdin?.end();
    const { code } = await exitOf(child);
    expect([code, stderr.trim()]).toEqual([1, '错误 [invalid_input]: 标准输入过大（超过 64 MB），未读完，未作任何更改：一项任务的填报内容远小于此，请检查输入的是否为填报内容的 JSON']);
  });

  it('a database another program holds past the wait is said in Chinese, nothing changed', async () => {
    const other = new Database(db);
    other.exec('BEGIN EXCLUSIVE');
    try {
      const r = await cli(['save', '--db', db, '--unit', '区委组织部', '--period', '2021-Q3', '--task', '3'], JSON.stringify({ status: '正常推进' }));
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('错误 [busy]: 数据库正被另一个程序使用（如同时打开的本系统或命令行），操作未完成，请稍后再试');
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
  }, 30_000);

  it('another program’s SQLite database given as --db is refused by every command, read-only or not, and left byte for byte as it was', async () => {
    for (const [name, setUp] of [
      ['notes.sqlite', (d: Database.Database) => d.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('备忘')")],
      // One that numbers its own schema versions too.
      ['versioned.sqlite', (d: Database.Database) => d.exec('CREATE TABLE items (id INTEGER PRIMARY KEY); PRAGMA user_version = 3')],
    ] as const) {
      const path = join(dir, name);
      const other = new Database(path);
      setUp(other);
      other.close();
      const bytes = readFileSync(path);
      for (const argv of [['units', '--db', path], ['check', '--db', path], ['summary', '--db', path, '--period', '2021-Q3']]) {
        const r = await cli(argv);
        expect(r.code, `${name} ${argv[0]}`).toBe(1);
        expect(r.stderr).toContain(`“${path}”是其他程序的 SQLite 数据库，不是本系统的数据文件，未作任何改动`);
      }
      expect(readFileSync(path).equals(bytes), name).toBe(true);
      expect(existsSync(`${path}-wal`)).toBe(false);
    }
  });

  it('restore takes --from or --latest, not both; backup --out is not empty; paths are files’ names, not folders’', async () => {
    await refused(['restore', '--db', db, '--from', join(dir, 'x.db'), '--latest'], 2, '只能给一个');
    await refused(['backup', '--db', db, '--out', ''], 2, '--out 应为备份文件的路径');
    // A folder's name with its separator: not a file of that name (resolving the path would have dropped the /).
    await refused(['backup', '--db', db, '--out', join(dir, '新文件夹') + '/'], 1, `无法写入“${join(dir, '新文件夹')}/”：以“/”结尾的是文件夹，请在其后写上文件名`);
    expect(existsSync(join(dir, '新文件夹'))).toBe(false);
    const folderDb = await cli(['init', '--db', join(dir, 'newx') + '/', '--role', 'bureau']);
    expect([folderDb.code, folderDb.stderr]).toEqual([2, expect.stringContaining('以“/”结尾，是文件夹：请在其后写上数据库文件名')]);
    expect(existsSync(join(dir, 'newx'))).toBe(false);
    await refused(['units', '--db='], 2, '--db 应为数据库文件的路径');
    // A message that names a screen of the app says the command too.
    await refused(['report', '--db', db, '--unit', '不存在的单位', '--period', '2021-Q3'], 1, '（全部单位及其代码见“设置 → 填报单位”）\n  命令行：全部单位及其代码见 units --db 数据库\n');
    await refused(['setup-import', '--db', db, join(dir, 'a.xlsx'), join(dir, 'b.xlsx')], 2, '设置文件只能给一个（收到 2 个）');
    // No command at all: a usage error, the help on stderr.
    const none = await cli([]);
    expect([none.code, none.stdout, none.stderr]).toEqual([2, '', expect.stringMatching(/^用法错误 \[usage\]: 没有给出命令\n生态文明建设任务进度填报系统/)]);
    // A file's refusal that names the file is said once, not again as a detail under it.
    const notSetup = join(dir, '说明.txt');
    writeFileSync(notSetup, '不是设置文件');
    const once = await cli(['setup-import', '--db', db, notSetup]);
    expect(once.stderr.trim()).toBe('错误 [invalid_setup]: “说明.txt”：不是 Excel、WPS 或 LibreOffice 工作簿（无法识别的文件内容），请向区局重新索取设置文件');
    // Words after -- where the command takes none are not passed over.
    await refused(['units', '--db', db, '--', '多余'], 2, '多余的参数“多余”');
    // A document given as --db to restore: not moved aside for the backup (unless --force).
    const note = join(dir, '说明.txt');
    writeFileSync(note, '不是数据库');
    await cli(['backup', '--db', db]);
    const onto = await cli(['restore', '--db', note, '--from', (await cli(['backup', '--db', db, '--out', join(dir, 'b.db'), '--json'])).json() ? join(dir, 'b.db') : '']);
    expect([onto.code, onto.stderr]).toEqual([1, expect.stringContaining(`“${note}”无法作为本系统的数据库读取（已损坏，或不是本系统的文件），旁边也没有它的备份：恢复会把它改名放在一旁，在它的位置放入备份；请检查 --db 是否给错了文件`)]);
    expect(readFileSync(note, 'utf8')).toBe('不是数据库');
    // This database damaged beyond reading (zeros after a power cut), its backups beside it: restored, as check advises.
    const damaged = join(dir, '区局.db');
    expect((await cli(['init', '--db', damaged])).code).toBe(0);
    expect((await cli(['backup', '--db', damaged])).code).toBe(0);
    writeFileSync(damaged, Buffer.alloc(statSync(damaged).size));
    const back = await cli(['restore', '--db', damaged, '--latest']);
    expect([back.code, back.stderr]).toEqual([0, '']);
    expect((await cli(['check', '--db', damaged])).code).toBe(0);
  });
});
