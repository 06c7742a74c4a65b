import Database from 'better-sqlite3';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { missingStoredFiles } from '../../electron/core/backup';
import { openDatabase } from '../../electron/core/store/db';
import { LATEST_VERSION, MIGRATIONS } from '../../electron/core/store/migrations';
import { ReportRepo } from '../../electron/core/store/repos/reports';
import { AppError } from '../../shared/errors';
import { Core } from '../../electron/core/service';
import { FIXED_NOW, newBureau, tempDir } from '../helpers/db';
import { exportTo, importFiles, newUnit, PERIOD, reportOne, TOWN } from '../exchange/helpers';

const tables = (db: Database.Database): string[] =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);

const columns = (db: Database.Database, table: string): string[] =>
  (db.prepare(`PRAGMA table_info("${table}")`).all() as { name: string }[]).map((r) => r.name);

describe('migrations', () => {
  it('are numbered 1..N without gaps, and a new database ends at the latest', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    const db = openDatabase(join(tempDir(), 'new.db'), { create: true });
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    db.close();
  });

  it('001 creates the core tables, all STRICT', () => {
    const db = openDatabase(join(tempDir(), 'm1.db'), { create: true, migrateTo: 1 });
    expect(tables(db)).toEqual(['catalogs', 'evidence_files', 'meta', 'period_settings', 'report_evidence', 'report_history', 'reports', 'submissions', 'units']);
    const sql = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table'").all() as { sql: string }[];
    for (const s of sql) expect(s.sql).toMatch(/STRICT$/);
    // STRICT: a wrong type is refused by SQLite itself.
    db.prepare("INSERT INTO units (code, name, kind, sort) VALUES ('Z01', '济阳街道', 'town', 1)").run();
    expect(() => db.prepare("INSERT INTO units (code, name, kind, sort) VALUES ('Z02', '济北街道', 'town', 'first')").run()).toThrow();
    db.close();
  });

  it('002 keeps the rows of version 1 and adds the import tables', () => {
    const path = join(tempDir(), 'm2.db');
    const db1 = openDatabase(path, { create: true, migrateTo: 1 });
    db1.prepare("INSERT INTO units (code, name, kind, sort) VALUES ('B04', '区委组织部', 'department', 4)").run();
    db1.prepare(
      `INSERT INTO reports (id, unit_code, task_no, period, status, percent, progress, problems, next_steps, indicators, filled_by, phone, version, source, updated_at)
       VALUES ('r1', 'B04', 3, '2021-Q3', '正常推进', 60, '进展', '', '', '{}', '张三', '', 1, 'entry', '2021-10-01T00:00:00Z')`,
    ).run();
    db1.prepare("INSERT INTO submissions (id, unit_code, period, revision, source, received_at) VALUES ('s1', 'B04', '2021-Q3', 1, 'export', '2021-10-01T00:00:00Z')").run();
    const before = {
      units: db1.prepare('SELECT * FROM units').all(),
      reports: db1.prepare('SELECT * FROM reports').all(),
      submissions: db1.prepare('SELECT * FROM submissions').all(),
    };
    db1.close();

    const db2 = openDatabase(path, { migrateTo: 2 });
    expect(db2.pragma('user_version', { simple: true })).toBe(2);
    expect(db2.prepare('SELECT * FROM units').all()).toEqual(before.units);
    expect(db2.prepare('SELECT * FROM reports').all()).toEqual(before.reports);
    expect(db2.prepare('SELECT * FROM submissions').all()).toEqual(
      before.submissions.map((s) => ({ ...(s as object), modified_after_export: 0, import_file_id: null })),
    );
    expect(tables(db2)).toEqual(expect.arrayContaining(['import_runs', 'import_files', 'assigned_targets']));
    expect(columns(db2, 'submissions')).toContain('modified_after_export');
    db2.close();
  });

  it('refuses a database written by a newer version, and leaves it as it was', () => {
    const path = join(tempDir(), 'newer.db');
    const db = new Database(path);
    db.pragma(`user_version = ${LATEST_VERSION + 1}`);
    db.close();
    const bytes = readFileSync(path);
    expect(() => openDatabase(path)).toThrow(AppError);
    try {
      openDatabase(path);
    } catch (err) {
      expect((err as AppError).code).toBe('db_too_new');
      expect((err as AppError).message).toMatch(/更新版本/);
    }
    expect(readFileSync(path).equals(bytes)).toBe(true);
  });

  it('refuses a file that is not SQLite without touching it', () => {
    const path = join(tempDir(), 'fake.db');
    writeFileSync(path, 'PK\u0003\u0004 this is a zip, not a database');
    try {
      openDatabase(path);
      expect.unreachable();
    } catch (err) {
      expect((err as AppError).code).toBe('not_a_database');
    }
    expect(readFileSync(path, 'utf8')).toContain('not a database');
  });
});

describe('migration 003', () => {
  it('keeps the rows of version 2, puts the long texts last, and answers the latest-status query from its index alone', () => {
    const path = join(tempDir(), 'm3.db');
    const db2 = openDatabase(path, { create: true, migrateTo: 2 });
    db2.prepare("INSERT INTO units (code, name, kind, sort) VALUES ('B04', '区委组织部', 'department', 4)").run();
    const insert = db2.prepare(
      `INSERT INTO reports (id, unit_code, task_no, period, status, percent, progress, problems, next_steps, indicators, filled_by, phone, version, source, updated_at)
       VALUES (?, 'B04', 3, ?, ?, NULL, '进展', '', '', '{}', '', '', 1, 'entry', '2021-10-01T00:00:00Z')`,
    );
    insert.run('r1', '2021-Q2', '正常推进');
    insert.run('r2', '2021-Q3', '已完成');
    const before = db2.prepare('SELECT * FROM reports ORDER BY id').all();
    db2.prepare("INSERT INTO report_history (report_id, version, data, source, saved_at) VALUES ('r2', 1, '{}', 'entry', '2021-10-01T00:00:00Z')").run();
    const history = db2.prepare('SELECT * FROM report_history').all();
    db2.close();
    const db3 = openDatabase(path, { migrateTo: 3 });
    expect(db3.prepare('SELECT * FROM reports ORDER BY id').all()).toEqual(before);
    expect(db3.prepare('SELECT * FROM report_history').all()).toEqual(history);
    expect(db3.pragma('foreign_key_check')).toEqual([]);
    // Long texts last: the overview's columns never sit behind them.
    const cols = (db3.prepare('PRAGMA table_info(reports)').all() as { name: string }[]).map((c) => c.name);
    expect(cols.slice(-3)).toEqual(['problems', 'progress', 'next_steps']);
    const plan = db3.prepare('EXPLAIN QUERY PLAN SELECT unit_code, task_no, max(period), status FROM reports GROUP BY unit_code, task_no').all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/COVERING INDEX reports_unit_task_period/);
    expect(db3.prepare('SELECT unit_code, task_no, max(period) AS period, status FROM reports GROUP BY unit_code, task_no').all()).toEqual([
      { unit_code: 'B04', task_no: 3, period: '2021-Q3', status: '已完成' },
    ]);
    db3.close();
  });
  it('004 keeps each long text once: the newest snapshot reads them from the report row, and history reads the same', () => {
    const path = join(tempDir(), 'm4.db');
    const db3 = openDatabase(path, { create: true, migrateTo: 3 });
    db3.prepare("INSERT INTO units (code, name, kind, sort) VALUES ('B04', '区委组织部', 'department', 4)").run();
    const insert = db3.prepare(
      `INSERT INTO reports (id, unit_code, task_no, period, status, percent, progress, problems, next_steps, indicators, filled_by, phone, version, source, updated_at)
       VALUES (?, 'B04', ?, '2021-Q3', '正常推进', 60, ?, ?, ?, '{"3.1":85}', '张三', '0531', ?, 'entry', '2021-10-01T00:00:00Z')`,
    );
    insert.run('r1', 3, '第二版进展', '问题', '下一步', 2);
    insert.run('r2', 4, '行中的进展', '', '', 1);
    const snap = (progress: string, problems: string, next: string) =>
      JSON.stringify({ status: '正常推进', percent: 60, progress, problems, next, indicators: { '3.1': 85 }, filledBy: '张三', phone: '0531', evidence: [] });
    const hist = db3.prepare("INSERT INTO report_history (report_id, version, data, source, note, saved_at) VALUES (?, ?, ?, 'entry', ?, '2021-10-01T00:00:00Z')");
    hist.run('r1', 1, snap('第一版进展', '', '第一版下一步'), '第一版');
    hist.run('r1', 2, snap('第二版进展', '问题', '下一步'), '第二版');
    // A newest snapshot that differs from its row keeps its own texts.
    hist.run('r2', 1, snap('快照中的进展', '', ''), '');
    const before = { r1: new ReportRepo(db3).history('r1'), r2: new ReportRepo(db3).history('r2') };
    const reports = db3.prepare('SELECT * FROM reports ORDER BY id').all();
    db3.close();

    const db4 = openDatabase(path, { migrateTo: 4 });
    expect(db4.pragma('user_version', { simple: true })).toBe(4);
    expect(db4.prepare('SELECT * FROM reports ORDER BY id').all()).toEqual(reports);
    const repo = new ReportRepo(db4);
    expect(repo.history('r1')).toEqual(before.r1);
    expect(repo.history('r2')).toEqual(before.r2);
    expect(before.r1.map((h) => h.data.progress)).toEqual(['第二版进展', '第一版进展']);
    const data = (id: string, v: number) => JSON.parse((db4.prepare('SELECT data FROM report_history WHERE report_id = ? AND version = ?').get(id, v) as { data: string }).data) as Record<string, unknown>;
    expect('progress' in data('r1', 2)).toBe(false);
    expect(data('r1', 1).progress).toBe('第一版进展');
    expect(data('r2', 1).progress).toBe('快照中的进展');

    // A new version seals the previous one with the texts the row held.
    const existing = repo.get('B04', '2021-Q3', 3);
    expect(existing?.version).toBe(2);
    repo.saveVersion({
      existing,
      id: 'unused',
      unit: 'B04',
      period: '2021-Q3',
      task: 3,
      fields: { status: '已完成', percent: 100, progress: '第三版进展', problems: '', next: '', indicators: {}, filledBy: '李四', phone: '', },
      source: 'import',
      note: '第三版',
      at: '2021-10-02T00:00:00Z',
      attach: [],
      detach: [],
    });
    const after = repo.history('r1');
    expect(after.map((h) => [h.version, h.data.progress, h.data.status])).toEqual([
      [3, '第三版进展', '已完成'],
      [2, '第二版进展', '正常推进'],
      [1, '第一版进展', '正常推进'],
    ]);
    expect(after.slice(1)).toEqual(before.r1);
    expect(data('r1', 2).progress).toBe('第二版进展');
    expect('progress' in data('r1', 3)).toBe(false);
    db4.close();
  });
});

describe('migration 005', () => {
  it('keeps the rows of version 4 and answers the overview of a period from its covering index', () => {
    const path = join(tempDir(), 'm5.db');
    const db4 = openDatabase(path, { create: true, migrateTo: 4 });
    db4.prepare("INSERT INTO units (code, name, kind, sort) VALUES ('B04', '区委组织部', 'department', 4)").run();
    db4.prepare(
      `INSERT INTO reports (id, unit_code, task_no, period, status, percent, version, source, updated_at, filled_by, phone, indicators, problems, progress, next_steps)
       VALUES ('r1', 'B04', 3, '2021-Q3', '进度滞后', 40, 1, 'entry', '2021-10-01T00:00:00Z', '张三', '', '{"3.1":18}', '细则未出台', '长文本', '')`,
    ).run();
    const before = db4.prepare('SELECT * FROM reports').all();
    db4.close();
    const db5 = openDatabase(path, { migrateTo: 5 });
    expect(db5.prepare('SELECT * FROM reports').all()).toEqual(before);
    const plan = db5
      .prepare(
        'EXPLAIN QUERY PLAN SELECT id, unit_code, task_no, period, status, percent, version, source, updated_at, filled_by, phone, indicators FROM reports WHERE period = ? ORDER BY task_no, unit_code',
      )
      .all('2021-Q3') as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/COVERING INDEX reports_overview/);
    const indexes = (db5.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'reports'").all() as { name: string }[]).map((r) => r.name);
    expect(indexes).not.toContain('reports_period');
    db5.close();
  });
});

describe('migration 006', () => {
  it('keeps the rows of version 5 and reads the start of lagging problems from a partial index', () => {
    const path = join(tempDir(), 'm6.db');
    const db5 = openDatabase(path, { create: true, migrateTo: 5 });
    db5.prepare("INSERT INTO units (code, name, kind, sort) VALUES ('B04', '区委组织部', 'department', 4)").run();
    const insert = db5.prepare(
      `INSERT INTO reports (id, unit_code, task_no, period, status, percent, version, source, updated_at, filled_by, phone, indicators, problems, progress, next_steps)
       VALUES (?, 'B04', ?, '2021-Q3', ?, 40, 1, 'entry', '2021-10-01T00:00:00Z', '张三', '', '{}', ?, '长文本', '')`,
    );
    insert.run('r1', 3, '进度滞后', '细则未出台'.repeat(30));
    insert.run('r2', 4, '正常推进', '无');
    const before = db5.prepare('SELECT * FROM reports ORDER BY id').all();
    db5.close();
    const db6 = openDatabase(path, { migrateTo: 6 });
    expect(db6.prepare('SELECT * FROM reports ORDER BY id').all()).toEqual(before);
    const sql = "SELECT id, substr(problems, 1, 101) AS head FROM reports WHERE period = ? AND status = '进度滞后'";
    const plan = db6.prepare(`EXPLAIN QUERY PLAN ${sql}`).all('2021-Q3') as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/INDEX reports_lagging/);
    expect(db6.prepare(sql).all('2021-Q3')).toEqual([{ id: 'r1', head: '细则未出台'.repeat(30).slice(0, 101) }]);
    db6.close();
  });
});

describe('migration 007', () => {
  it('keeps the submissions of version 6 and reads a period\'s submissions in order from an index', () => {
    const path = join(tempDir(), 'm7.db');
    const db6 = openDatabase(path, { create: true, migrateTo: 6 });
    db6.prepare("INSERT INTO units (code, name, kind, sort) VALUES ('B04', '区委组织部', 'department', 4)").run();
    const insert = db6.prepare("INSERT INTO submissions (id, unit_code, period, revision, source, received_at) VALUES (?, 'B04', ?, ?, 'import', ?)");
    insert.run('s2', '2021-Q3', 2, '2021-10-05T00:00:00Z');
    insert.run('s1', '2021-Q3', 1, '2021-10-01T00:00:00Z');
    insert.run('s3', '2021-Q4', 1, '2022-01-05T00:00:00Z');
    const before = db6.prepare('SELECT * FROM submissions ORDER BY id').all();
    db6.close();
    const db7 = openDatabase(path, { migrateTo: 7 });
    expect(db7.prepare('SELECT * FROM submissions ORDER BY id').all()).toEqual(before);
    const sql = 'SELECT id FROM submissions WHERE period = ? ORDER BY unit_code, revision, received_at';
    const plan = (db7.prepare(`EXPLAIN QUERY PLAN ${sql}`).all('2021-Q3') as { detail: string }[]).map((p) => p.detail).join(' ');
    expect(plan).toMatch(/INDEX submissions_period/);
    expect(plan).not.toMatch(/TEMP B-TREE/);
    expect(db7.prepare(sql).all('2021-Q3')).toEqual([{ id: 's1' }, { id: 's2' }]);
    db7.close();
  });
});

describe('migration 008', () => {
  it('adds the table of issued notice numbers: one number per matter, unique within a year', () => {
    const path = join(tempDir(), 'm8.db');
    const db7 = openDatabase(path, { create: true, migrateTo: 7 });
    db7.prepare("INSERT INTO units (code, name, kind, sort) VALUES ('B04', '区委组织部', 'department', 4)").run();
    db7.close();
    const db8 = openDatabase(path, { migrateTo: 8 });
    const insert = db8.prepare("INSERT INTO notice_numbers (year, seq, period, task_no, unit_code, reason, issued_at) VALUES (?, ?, '2021-Q3', ?, 'B04', 'lagging', '2021-10-06T00:00:00Z')");
    insert.run(2021, 1, 3);
    expect(() => insert.run(2021, 1, 4)).toThrow(/UNIQUE|PRIMARY/); // the same number twice
    expect(() => insert.run(2021, 2, 3)).toThrow(/UNIQUE/); // the same matter twice
    db8.close();
  });
});

describe('migration 010', () => {
  it('adds the table of returns (退回): a reason is required and at most 500 characters; existing data untouched', () => {
    const path = join(tempDir(), 'm10.db');
    const db9 = openDatabase(path, { create: true, migrateTo: 9 });
    db9.prepare("INSERT INTO units (code, name, kind, sort) VALUES ('T10', '新市镇', 'town', 10)").run();
    db9.close();
    const db10 = openDatabase(path, { migrateTo: 10 });
    expect(db10.prepare('SELECT code FROM units').all()).toEqual([{ code: 'T10' }]);
    const insert = db10.prepare("INSERT INTO returns (id, unit_code, period, revision, reason, returned_at) VALUES (?, 'T10', '2021-Q3', 1, ?, '2021-10-06T00:00:00Z')");
    insert.run('r1', '请补充');
    expect(() => insert.run('r2', '')).toThrow(/CHECK/);
    expect(() => insert.run('r3', '字'.repeat(501))).toThrow(/CHECK/);
    expect(db10.prepare('SELECT tasks, withdrawn_at FROM returns').all()).toEqual([{ tasks: '[]', withdrawn_at: null }]);
    db10.close();
  });
});

describe('migration 011', () => {
  it('adds the .zip an imported file came in to its row; rows imported before keep none, and lookups by digest use indexes', () => {
    const path = join(tempDir(), 'm11.db');
    const db10 = openDatabase(path, { create: true, migrateTo: 10 });
    db10.prepare("INSERT INTO import_runs (id, started_at) VALUES ('run1', '2021-10-06T00:00:00Z')").run();
    db10
      .prepare("INSERT INTO import_files (id, run_id, file_name, file_hash, size, status, imported_at) VALUES ('f1', 'run1', 'a.xlsx', ?, 10, 'imported', '2021-10-06T00:00:00Z')")
      .run('a'.repeat(64));
    db10.close();
    const db11 = openDatabase(path, { migrateTo: 11 });
    expect(db11.prepare('SELECT id, file_name, container_name, container_hash FROM import_files').all()).toEqual([{ id: 'f1', file_name: 'a.xlsx', container_name: null, container_hash: null }]);
    const plan = (sql: string): string => (db11.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join(' | ');
    expect(plan("SELECT file_name FROM import_files WHERE file_hash = 'x'")).toContain('USING INDEX import_files_hash');
    expect(plan("SELECT container_name FROM import_files WHERE container_hash = 'x'")).toContain('USING INDEX import_files_container');
    db11.close();
  });
});

describe('migration 012', () => {
  it('ranks the submissions held as they were taken up (the highest revision, the later received among equals; exports, imports and demo data apart); a late older file never held', () => {
    const path = join(tempDir(), 'm12.db');
    const db11 = openDatabase(path, { create: true, migrateTo: 11 });
    db11.prepare("INSERT INTO units (code, name, kind, sort) VALUES ('B04', '区委组织部', 'department', 4), ('T10', '新市镇', 'town', 10)").run();
    const insert = db11.prepare('INSERT INTO submissions (id, unit_code, period, revision, source, received_at) VALUES (?, ?, ?, ?, ?, ?)');
    insert.run('a2', 'B04', '2021-Q3', 2, 'import', '2021-10-05T00:00:00Z');
    insert.run('a1', 'B04', '2021-Q3', 1, 'import', '2021-10-06T00:00:00Z'); // an older file that came late
    insert.run('a2b', 'B04', '2021-Q3', 2, 'import', '2021-10-07T00:00:00Z'); // the same revision again, other content
    insert.run('e5', 'B04', '2021-Q3', 5, 'export', '2021-10-06T12:00:00Z'); // the bureau re-issued the unit's workbook
    insert.run('dm', 'B04', '2021-Q3', 3, 'demo', '2021-10-06T13:00:00Z'); // demo data numbered above the imports
    insert.run('a3', 'B04', '2021-Q3', 3, 'import', '2021-10-08T00:00:00Z');
    insert.run('d1', 'T10', '2021-Q3', 1, 'demo', '2021-10-01T00:00:00Z');
    insert.run('q1', 'B04', '2021-Q4', 1, 'import', '2022-01-05T00:00:00Z');
    db11.close();
    const db12 = openDatabase(path, { migrateTo: 12 });
    expect(db12.prepare('SELECT id, held_rank, database_id, exported_at FROM submissions ORDER BY received_at').all()).toEqual([
      { id: 'd1', held_rank: 1, database_id: null, exported_at: null },
      { id: 'a2', held_rank: 1, database_id: null, exported_at: null },
      { id: 'a1', held_rank: null, database_id: null, exported_at: null },
      { id: 'e5', held_rank: 2, database_id: null, exported_at: null },
      { id: 'dm', held_rank: 3, database_id: null, exported_at: null },
      // An import after demo data numbered above it was taken up (imports were judged against imports only).
      { id: 'a2b', held_rank: 4, database_id: null, exported_at: null },
      { id: 'a3', held_rank: 5, database_id: null, exported_at: null },
      { id: 'q1', held_rank: 1, database_id: null, exported_at: null },
    ]);
    db12.close();
  });
});

describe('migration 014', () => {
  it('adds the table of workbooks’ originals (STRICT, its size its data’s); rows imported before untouched', () => {
    const path = join(tempDir(), 'm14.db');
    const db13 = openDatabase(path, { create: true, migrateTo: 13 });
    db13.prepare("INSERT INTO import_runs (id, started_at) VALUES ('run1', '2021-10-06T00:00:00Z')").run();
    db13
      .prepare("INSERT INTO import_files (id, run_id, file_name, file_hash, size, status, imported_at) VALUES ('f1', 'run1', 'a.xlsx', ?, 10, 'imported', '2021-10-06T00:00:00Z')")
      .run('a'.repeat(64));
    db13.close();
    const db14 = openDatabase(path, { migrateTo: 14 });
    expect(db14.prepare('SELECT id, file_hash FROM import_files').all()).toEqual([{ id: 'f1', file_hash: 'a'.repeat(64) }]);
    expect(db14.prepare('SELECT count(*) AS n FROM originals').get()).toEqual({ n: 0 });
    expect((db14.prepare("SELECT sql FROM sqlite_master WHERE name = 'originals'").get() as { sql: string }).sql).toMatch(/STRICT$/);
    const insert = db14.prepare('INSERT INTO originals (hash, size, data) VALUES (?, ?, ?)');
    insert.run('b'.repeat(64), 3, Buffer.from([1, 2, 3]));
    expect(() => insert.run('c'.repeat(64), 4, Buffer.from([1, 2, 3]))).toThrow(/CHECK/);
    expect(() => insert.run('d'.repeat(64), 3, 'abc')).toThrow();
    db14.close();
  });
});

describe('migration 016', () => {
  it('adds the table of approvals (审核通过): STRICT, paper 0 or 1, a note of at most 500 characters, the unit known; existing data untouched', () => {
    const path = join(tempDir(), 'm16.db');
    const db15 = openDatabase(path, { create: true, migrateTo: 15 });
    db15.prepare("INSERT INTO units (code, name, kind, sort) VALUES ('T10', '新市镇', 'town', 10)").run();
    db15.prepare("INSERT INTO unit_renames (code, name, renamed_at) VALUES ('T10', '新市乡', '2021-01-01T00:00:00Z')").run();
    const before = { units: db15.prepare('SELECT * FROM units').all(), renames: db15.prepare('SELECT * FROM unit_renames').all() };
    db15.close();
    const db16 = openDatabase(path, { migrateTo: 16 });
    expect({ units: db16.prepare('SELECT * FROM units').all(), renames: db16.prepare('SELECT * FROM unit_renames').all() }).toEqual(before);
    expect(columns(db16, 'approvals')).toEqual(['id', 'unit_code', 'period', 'revision', 'content_hash', 'paper', 'paper_at', 'note', 'tasks', 'approved_at', 'withdrawn_at']);
    expect((db16.prepare("SELECT sql FROM sqlite_master WHERE name = 'approvals'").get() as { sql: string }).sql).toMatch(/STRICT$/);
    const insert = db16.prepare("INSERT INTO approvals (id, unit_code, period, revision, content_hash, paper, note, approved_at) VALUES (?, ?, '2021-Q3', 1, NULL, ?, ?, '2021-10-06T00:00:00Z')");
    insert.run('a1', 'T10', 1, '');
    expect(() => insert.run('a2', 'T10', 2, '')).toThrow(/CHECK/);
    expect(() => insert.run('a3', 'T10', 0, 'x'.repeat(501))).toThrow(/CHECK/);
    expect(() => insert.run('a4', 'X99', 0, '')).toThrow(/FOREIGN KEY/);
    const plan = (db16.prepare("EXPLAIN QUERY PLAN SELECT * FROM approvals WHERE period = '2021-Q3' AND unit_code = 'T10'").all() as { detail: string }[]).map((p) => p.detail).join(' ');
    expect(plan).toMatch(/INDEX approvals_period/);
    db16.close();
  });
});

describe('migration 017', () => {
  it('finds the files received for a unit and period by an index; the files held untouched', () => {
    const path = join(tempDir(), 'm17.db');
    const db16 = openDatabase(path, { create: true, migrateTo: 16 });
    db16.prepare("INSERT INTO import_runs (id, started_at) VALUES ('run1', '2021-10-06T00:00:00Z')").run();
    db16
      .prepare("INSERT INTO import_files (id, run_id, file_name, file_hash, size, status, unit_code, period, revision, imported_at) VALUES ('f1', 'run1', 'a.xlsx', ?, 10, 'imported', 'T10', '2021-Q3', 1, '2021-10-06T00:00:00Z')")
      .run('a'.repeat(64));
    const before = db16.prepare('SELECT * FROM import_files').all();
    db16.close();
    const db17 = openDatabase(path, { migrateTo: 17 });
    expect(db17.prepare('SELECT * FROM import_files').all()).toEqual(before);
    const plan = (db17.prepare("EXPLAIN QUERY PLAN SELECT * FROM import_files WHERE unit_code = 'T10' AND period = '2021-Q3' ORDER BY rowid").all() as { detail: string }[]).map((p) => p.detail).join(' ');
    expect(plan).toMatch(/INDEX import_files_unit_period/);
    db17.close();
  });
});

describe('migration 018', () => {
  it('adds the settings change log: STRICT, the kinds of change known, found by kind and subject; data held untouched', () => {
    const path = join(tempDir(), 'm18.db');
    const db17 = openDatabase(path, { create: true, migrateTo: 17 });
    db17.prepare("INSERT INTO period_settings (period, deadline, closed) VALUES ('2021-Q3', '2021-10-05', 0)").run();
    const before = db17.prepare('SELECT * FROM period_settings').all();
    db17.close();
    const db18 = openDatabase(path, { migrateTo: 18 });
    expect(db18.prepare('SELECT * FROM period_settings').all()).toEqual(before);
    expect(columns(db18, 'settings_changes')).toEqual(['id', 'at', 'kind', 'subject', 'before', 'after']);
    expect((db18.prepare("SELECT sql FROM sqlite_master WHERE name = 'settings_changes'").get() as { sql: string }).sql).toMatch(/STRICT$/);
    const insert = db18.prepare("INSERT INTO settings_changes (at, kind, subject, before, after) VALUES ('2021-10-06T00:00:00Z', ?, '2021-Q3', '2021-10-05', '2021-10-08')");
    insert.run('deadline');
    expect(() => insert.run('colour')).toThrow(/CHECK/);
    const plan = (db18.prepare("EXPLAIN QUERY PLAN SELECT * FROM settings_changes WHERE kind = 'deadline' AND subject = '2021-Q3'").all() as { detail: string }[]).map((p) => p.detail).join(' ');
    expect(plan).toMatch(/INDEX settings_changes_subject/);
    db18.close();
  });
});

describe('migration 019', () => {
  it('turns the numbers issued into notices: same number, unit and matter, 办理时限 15 days after the China date issued, a lagging one’s 存在问题 as its report said it then; the sequence and checks hold', () => {
    const path = join(tempDir(), 'm19.db');
    const db18 = openDatabase(path, { create: true, migrateTo: 18 });
    db18.prepare("INSERT INTO units (code, name, kind, sort) VALUES ('B04', '区委组织部', 'department', 4)").run();
    // Task 3's report: 资金未到位 until 10月7日, since then another text (its newest version keeps its texts in the row).
    db18
      .prepare(
        "INSERT INTO reports (id, unit_code, task_no, period, status, percent, version, source, updated_at, filled_by, phone, indicators, problems, progress, next_steps) VALUES ('r3', 'B04', 3, '2021-Q3', '正常推进', 80, 2, 'unit', '2021-10-07T00:00:00Z', '', '', '{}', '后来改写的问题', '', '')",
      )
      .run();
    const history = db18.prepare("INSERT INTO report_history (report_id, version, data, source, saved_at) VALUES ('r3', ?, ?, 'unit', ?)");
    history.run(1, JSON.stringify({ status: '进度滞后', problems: '资金未到位' }), '2021-10-05T00:00:00Z');
    history.run(2, JSON.stringify({ status: '正常推进' }), '2021-10-07T00:00:00Z');
    // Task 5's report: one version, its texts in the row only.
    db18
      .prepare(
        "INSERT INTO reports (id, unit_code, task_no, period, status, percent, version, source, updated_at, filled_by, phone, indicators, problems, progress, next_steps) VALUES ('r5', 'B04', 5, '2021-Q3', '进度滞后', 10, 1, 'unit', '2021-10-01T00:00:00Z', '', '', '{}', '场地未落实', '', '')",
      )
      .run();
    db18.prepare("INSERT INTO report_history (report_id, version, data, source, saved_at) VALUES ('r5', 1, ?, 'unit', '2021-10-01T00:00:00Z')").run(JSON.stringify({ status: '进度滞后' }));
    const old = db18.prepare("INSERT INTO notice_numbers (year, seq, period, task_no, unit_code, reason, issued_at) VALUES (2021, ?, '2021-Q3', ?, 'B04', ?, ?)");
    old.run(1, 3, 'lagging', '2021-10-06T00:00:00Z');
    // Issued in the evening of 10 October, UTC: already 11 October in China.
    old.run(2, 4, 'missing', '2021-10-10T17:00:00Z');
    old.run(3, 5, 'lagging', '2021-10-08T00:00:00Z');
    // A lagging task whose report is not held here (none found): left to be read from the report, if any.
    old.run(4, 6, 'lagging', '2021-10-08T00:00:00Z');
    db18.close();
    const db19 = openDatabase(path, { migrateTo: 19 });
    expect(db19.prepare("SELECT name FROM sqlite_master WHERE name = 'notice_numbers'").all()).toEqual([]);
    const rows = db19.prepare('SELECT year, seq, period, unit_code, unit_name, reason, tasks, matter, problems, demand, issued_at, due_on, answered_on, voided_at FROM notices ORDER BY seq').all();
    const carried = { year: 2021, period: '2021-Q3', unit_code: 'B04', unit_name: null, matter: null, demand: null, answered_on: null, voided_at: null };
    expect(rows).toEqual([
      // 存在问题 as the report said it when the notice was issued; a later one as it said it then.
      { ...carried, seq: 1, reason: 'lagging', tasks: '[3]', problems: '资金未到位', issued_at: '2021-10-06T00:00:00Z', due_on: '2021-10-21' },
      { ...carried, seq: 2, reason: 'missing', tasks: '[4]', problems: null, issued_at: '2021-10-10T17:00:00Z', due_on: '2021-10-26' },
      { ...carried, seq: 3, reason: 'lagging', tasks: '[5]', problems: '场地未落实', issued_at: '2021-10-08T00:00:00Z', due_on: '2021-10-23' },
      { ...carried, seq: 4, reason: 'lagging', tasks: '[6]', problems: null, issued_at: '2021-10-08T00:00:00Z', due_on: '2021-10-23' },
    ]);
    expect(new Set((db19.prepare('SELECT id FROM notices').all() as { id: string }[]).map((r) => r.id)).size).toBe(4);
    const insert = db19.prepare("INSERT INTO notices (id, year, seq, period, unit_code, reason, tasks, issued_at, due_on) VALUES (?, 2021, ?, '2021-Q3', 'B04', 'lagging', ?, '2021-10-12T00:00:00Z', '2021-10-27')");
    expect(() => insert.run('a', 1, '[5]')).toThrow(/UNIQUE/); // a number twice in a year
    expect(() => insert.run('b', 5, '[]')).toThrow(/CHECK/); // a notice about nothing
    expect(() => insert.run('c', 5, 'not json')).toThrow(/CHECK|JSON/);
    insert.run('d', 5, '[5,6]');
    db19.close();
  });
});

describe('migration 020', () => {
  it('adds the 基准值 table; 设置变更记录 keeps what it held and takes baselines and task list revisions too', () => {
    const path = join(tempDir(), 'm20.db');
    const db19 = openDatabase(path, { create: true, migrateTo: 19 });
    db19.prepare("INSERT INTO settings_changes (at, kind, subject, before, after) VALUES ('2021-10-06T00:00:00Z', 'deadline', '2021-Q3', '2021-10-05', '2021-10-08')").run();
    const before = db19.prepare('SELECT * FROM settings_changes').all();
    db19.close();
    const db20 = openDatabase(path, { migrateTo: 20 });
    expect(db20.prepare('SELECT * FROM settings_changes').all()).toEqual(before);
    const insert = db20.prepare("INSERT INTO settings_changes (at, kind, subject, before, after) VALUES ('2021-10-07T00:00:00Z', ?, '10.1/2021', NULL, '18.8')");
    insert.run('baseline');
    insert.run('catalog');
    expect(() => insert.run('colour')).toThrow(/CHECK/);
    const plan = (db20.prepare("EXPLAIN QUERY PLAN SELECT * FROM settings_changes WHERE kind = 'deadline' AND subject = '2021-Q3'").all() as { detail: string }[]).map((p) => p.detail).join(' ');
    expect(plan).toMatch(/INDEX settings_changes_subject/);
    const baseline = db20.prepare("INSERT INTO indicator_baselines (indicator_id, year, value) VALUES ('10.1', 2021, ?)");
    baseline.run(18.8);
    expect(() => baseline.run(19)).toThrow(/UNIQUE|PRIMARY/);
    db20.close();
  });
});

describe('migration 021', () => {
  it('counts, for files imported before it, the listed evidence files their warnings say did not come; other files 0', () => {
    const path = join(tempDir(), 'm21.db');
    const db20 = openDatabase(path, { create: true, migrateTo: 20 });
    db20.prepare("INSERT INTO import_runs (id, started_at) VALUES ('run', '2021-10-04T00:00:00Z')").run();
    const file = db20.prepare(
      "INSERT INTO import_files (id, run_id, file_name, file_hash, size, status, unit_code, period, revision, warnings, imported_at) VALUES (?, 'run', 'a.zip', 'h', 1, ?, 'Z01', '2021-Q3', 1, ?, '2021-10-04T00:00:00Z')",
    );
    file.run('two', 'imported', JSON.stringify([
      '佐证材料“照片.jpg”（第 4 项任务）与工作簿中登记的不是同一个文件（被替换或已损坏？），未能导入：请该单位重新导出含佐证材料的压缩包后报送',
      '佐证材料“纪要.pdf”（第 5 项任务）没有随工作簿报送，未能导入：请该单位导出含佐证材料的压缩包（.zip）重新报送',
      '压缩包中的“佐证材料/其他.jpg”没有列在工作簿的“佐证材料”表中，未导入（如需报送，请该单位在系统中添加为佐证材料后重新导出）',
    ]));
    file.run('template', 'updated', JSON.stringify(['“佐证材料”表列出的“会议纪要.pdf”（第 3 项任务）不在压缩包中，未导入（请该单位把它放入“佐证材料”文件夹，与工作簿一起压缩为 .zip 重新报送）']));
    file.run('none', 'imported', JSON.stringify(['此文件中 1 项任务没有填写：第 3 项。']));
    // A stale file's content was not taken: nothing of it is missing from what the bureau holds.
    file.run('stale', 'stale', JSON.stringify(['佐证材料“照片.jpg”（第 4 项任务）没有随工作簿报送，未能导入：请该单位导出含佐证材料的压缩包（.zip）重新报送']));
    file.run('bad', 'imported', 'not json 未能导入');
    db20.close();
    const db21 = openDatabase(path, { migrateTo: 21 });
    expect(db21.prepare('SELECT id, evidence_missing AS n FROM import_files ORDER BY id').all()).toEqual([
      { id: 'bad', n: 0 },
      { id: 'none', n: 0 },
      { id: 'stale', n: 0 },
      { id: 'template', n: 1 },
      { id: 'two', n: 2 },
    ]);
    expect(() => db21.prepare("UPDATE import_files SET evidence_missing = -1 WHERE id = 'two'").run()).toThrow(/CHECK/);
    db21.close();
    // 022 reads which from the same warnings: task and name as listed; the count stays as many.
    const db22 = openDatabase(path, { migrateTo: 22 });
    const files = (db22.prepare('SELECT id, evidence_missing AS n, evidence_missing_files AS files FROM import_files ORDER BY id').all() as { id: string; n: number; files: string }[]).map((r) => ({ ...r, files: JSON.parse(r.files) as unknown }));
    expect(files).toEqual([
      { id: 'bad', n: 0, files: [] },
      { id: 'none', n: 0, files: [] },
      { id: 'stale', n: 0, files: [] },
      { id: 'template', n: 1, files: [{ task: 3, name: '会议纪要.pdf' }] },
      { id: 'two', n: 2, files: [{ task: 4, name: '照片.jpg' }, { task: 5, name: '纪要.pdf' }] },
    ]);
    expect(() => db22.prepare("UPDATE import_files SET evidence_missing_files = '{}' WHERE id = 'two'").run()).toThrow(/CHECK/);
    db22.close();
  });

  it('023 gives each import run the files no workbook listed, none for runs before; only a list is kept', () => {
    const path = join(tempDir(), 'm23.db');
    const db22 = openDatabase(path, { create: true, migrateTo: 22 });
    db22.prepare("INSERT INTO import_runs (id, started_at, finished_at, file_count) VALUES ('run', '2021-10-04T00:00:00Z', '2021-10-04T00:00:01Z', 2)").run();
    db22.close();
    const db23 = openDatabase(path, { migrateTo: 23 });
    expect(db23.prepare('SELECT id, started_at AS at, file_count AS n, unlisted FROM import_runs').all()).toEqual([{ id: 'run', at: '2021-10-04T00:00:00Z', n: 2, unlisted: '[]' }]);
    db23.prepare(`UPDATE import_runs SET unlisted = ? WHERE id = 'run'`).run(JSON.stringify(['收件箱.zip/说明.docx']));
    expect(() => db23.prepare("UPDATE import_runs SET unlisted = '{}' WHERE id = 'run'").run()).toThrow(/CHECK/);
    expect(() => db23.prepare("UPDATE import_runs SET unlisted = 'not json' WHERE id = 'run'").run()).toThrow(/CHECK/);
    db23.close();
  });
});

describe('migration 024', () => {
  it('repairs a database made while 010, 012, 016 and 019 were in their first shapes: columns added, rows kept, the bureau’s work goes on', async () => {
    const dir = tempDir('eco-m24-');
    // (Owed from 2021-Q1: a 督办单 of the second quarter.)
    const b = await newBureau(dir, 'quarter', '2021-Q1');
    const unit = await newUnit(dir);
    await reportOne(unit.core, TOWN, PERIOD);
    await importFiles(b.core, [await exportTo(unit.core, dir)]);
    const held = (await b.core.run('submissions.status', { period: PERIOD })).find((s) => s.unitName === TOWN)!;
    await b.core.run('submissions.approve', { unit: TOWN, period: PERIOD, paper: true, contentHash: held.heldHash! });
    for (const t of (await b.core.run('reports.forUnit', { unit: '区委组织部', period: PERIOD })).tasks) {
      await b.core.run('reports.save', { unit: '区委组织部', period: PERIOD, task: t.task, report: { status: '正常推进', progress: '考核' } });
    }
    await b.core.run('submissions.enter', { unit: '区委组织部', period: PERIOD, on: '2021-10-02' });
    await b.core.run('submissions.return', { unit: '区委组织部', period: PERIOD, reason: '请补充' });
    const [issued] = await b.core.run('notices.issue', { period: '2021-Q2', items: [{ unit: '济北街道' }] });
    b.core.close();
    unit.core.close();

    // As a build of those days made them.
    const db = new Database(b.path);
    const rebuild = (table: string, create: string): void => {
      const cols = columns(db, table).filter((c) => new RegExp(`\\n\\s*${c} `).test(create));
      db.exec(`${create.replace(`CREATE TABLE ${table}`, `CREATE TABLE old_${table}`)}; INSERT INTO old_${table} (${cols.join(', ')}) SELECT ${cols.join(', ')} FROM ${table}; DROP TABLE ${table}; ALTER TABLE old_${table} RENAME TO ${table};`);
    };
    db.pragma('foreign_keys = OFF');
    rebuild('returns', `CREATE TABLE returns (
        id TEXT PRIMARY KEY,
        unit_code TEXT NOT NULL REFERENCES units (code),
        period TEXT NOT NULL,
        revision INTEGER NOT NULL,
        reason TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
        tasks TEXT NOT NULL DEFAULT '[]',
        returned_at TEXT NOT NULL,
        withdrawn_at TEXT
      ) STRICT`);
    rebuild('approvals', `CREATE TABLE approvals (
        id TEXT PRIMARY KEY,
        unit_code TEXT NOT NULL REFERENCES units (code),
        period TEXT NOT NULL,
        revision INTEGER NOT NULL,
        content_hash TEXT,
        paper INTEGER NOT NULL CHECK (paper IN (0, 1)),
        note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 500),
        approved_at TEXT NOT NULL,
        withdrawn_at TEXT
      ) STRICT`);
    rebuild('notices', `CREATE TABLE notices (
        id TEXT PRIMARY KEY,
        year INTEGER NOT NULL,
        seq INTEGER NOT NULL CHECK (seq > 0),
        period TEXT NOT NULL,
        unit_code TEXT NOT NULL REFERENCES units (code),
        reason TEXT NOT NULL CHECK (reason IN ('lagging', 'missing')),
        tasks TEXT NOT NULL CHECK (json_valid(tasks) AND json_type(tasks) = 'array' AND json_array_length(tasks) > 0),
        problems TEXT CHECK (problems IS NULL OR length(problems) <= 5000),
        demand TEXT CHECK (demand IS NULL OR length(demand) BETWEEN 1 AND 500),
        issued_at TEXT NOT NULL,
        due_on TEXT NOT NULL,
        answered_on TEXT,
        answer_note TEXT NOT NULL DEFAULT '' CHECK (length(answer_note) <= 500),
        answered_at TEXT,
        UNIQUE (year, seq)
      ) STRICT`);
    db.exec('CREATE INDEX notices_period ON notices (period, unit_code); ALTER TABLE submissions DROP COLUMN sent_at;');
    db.pragma('user_version = 23');
    db.close();

    const again = await Core.open(b.path, { now: () => FIXED_NOW });
    try {
      const raw = again.ctx.store.db;
      expect(raw.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
      expect(columns(raw, 'returns')).toEqual(expect.arrayContaining(['content_hash', 'told_revision']));
      expect(columns(raw, 'submissions')).toContain('sent_at');
      expect(columns(raw, 'approvals')).toEqual(expect.arrayContaining(['paper_at', 'tasks']));
      expect(columns(raw, 'notices')).toEqual(expect.arrayContaining(['unit_name', 'matter', 'voided_at', 'void_reason']));
      expect(raw.pragma('foreign_key_check')).toEqual([]);
      // The rows kept, and everything the bureau does with them.
      const summary = await again.run('summary.get', { period: PERIOD });
      expect(summary.units.find((u) => u.unitName === TOWN)?.approved).toMatchObject({ paper: true });
      expect((await again.run('submissions.log', { unit: TOWN, period: PERIOD })).length).toBeGreaterThan(0);
      await again.run('submissions.withdrawApproval', { unit: TOWN, period: PERIOD });
      const now = (await again.run('submissions.status', { period: PERIOD })).find((s) => s.unitName === TOWN)!;
      await again.run('submissions.approve', { unit: TOWN, period: PERIOD, contentHash: now.heldHash! });
      await again.run('submissions.withdrawReturn', { unit: '区委组织部', period: PERIOD });
      expect((await again.run('submissions.return', { unit: '区委组织部', period: PERIOD, reason: '再次退回' })).returned).toMatchObject({ reason: '再次退回' });
      expect((await again.run('notices.list', { period: '2021-Q2' })).map((n) => n.id)).toContain(issued!.id);
      const [next] = await again.run('notices.issue', { period: '2021-Q2', items: [{ unit: '回河街道' }] });
      await again.run('notices.void', { id: next!.id, reason: '误发' });
      // Its set-up file is one a unit takes.
      const f = await again.run('exchange.setupExport', { unit: '区委组织部' });
      const fresh = await Core.open(join(dir, 'fresh-unit.db'), { create: true, now: () => FIXED_NOW });
      try {
        const r = await fresh.run('exchange.setupImport', { file: { name: f.fileName, dataBase64: f.dataBase64 }, unit: '区委组织部' });
        expect(r.catalogVersion).toBeTruthy();
      } finally {
        fresh.close();
      }
    } finally {
      again.close();
    }
  });
});

describe('a backup of an earlier version', () => {
  it('is read for its stored files before it is migrated (before 011 its imports had no zips): no error', () => {
    const dir = tempDir('eco-old-backup-');
    const old = openDatabase(join(dir, 'backup-old.db'), { create: true, migrateTo: 10 });
    old.close();
    expect(missingStoredFiles(join(dir, 'backup-old.db'), join(dir, 'bureau.db'))).toBe(0);
  });
});
