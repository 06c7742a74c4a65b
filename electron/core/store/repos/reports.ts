import type { EvidenceRef, IndicatorValue, ReportFields, ReportSource, Status } from '../../../../shared/report';
import { LAGGING_HEAD_CHARS } from '../migrations/006-lagging-index';
import { Repo } from './repo';

export interface StoredReport extends ReportFields {
  id: string;
  unit: string;
  task: number;
  period: string;
  version: number;
  source: ReportSource;
  updatedAt: string;
  evidence: EvidenceRef[];
}

/** A report without its long texts (only the problems of lagging work), for overviews. */
export interface SlimReport extends Omit<StoredReport, 'evidence'> {
  evidenceCount: number;
}

/** Just what judging an indicator needs. */
export interface IndicatorRow {
  unit: string;
  task: number;
  updatedAt: string;
  indicators: Record<string, IndicatorValue>;
  /** Evidence files attached to the report (a 是 without any is 待补佐证). */
  evidenceCount: number;
}

export interface HistoryEntry {
  version: number;
  source: ReportSource;
  note: string;
  savedAt: string;
  data: ReportFields & { evidence: EvidenceRef[] };
}

interface Row {
  id: string;
  unit_code: string;
  task_no: number;
  period: string;
  status: Status;
  percent: number | null;
  progress: string;
  problems: string;
  next_steps: string;
  indicators: string;
  filled_by: string;
  phone: string;
  version: number;
  source: ReportSource;
  updated_at: string;
}

/** A history snapshot without the long texts: what the newest version's history row holds. */
type SlimSnapshot = Omit<HistoryEntry['data'], 'progress' | 'problems' | 'next'>;

const slimSnapshot = (f: ReportFields, evidence: EvidenceRef[]): SlimSnapshot => ({
  status: f.status,
  percent: f.percent,
  indicators: f.indicators,
  filledBy: f.filledBy,
  phone: f.phone,
  evidence,
});

const COLUMNS =
  'id, unit_code, task_no, period, status, percent, progress, problems, next_steps, indicators, filled_by, phone, version, source, updated_at';

/**
 * The start of a text cut to LAGGING_HEAD_CHARS characters, with "…" when it goes on. SQLite counts characters (code
 * points), so this does too: a pair of surrogates is one (walked, not split into an array of characters for each row).
 */
export function headOf(head: string): string {
  let i = 0;
  for (let n = 0; n < LAGGING_HEAD_CHARS && i < head.length; n++) {
    const c = head.charCodeAt(i++);
    if (c >= 0xd800 && c <= 0xdbff && i < head.length) {
      const d = head.charCodeAt(i);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
  }
  return i < head.length ? `${head.slice(0, i)}…` : head;
}

export class ReportRepo extends Repo {

  private evidenceOf(reportId: string): EvidenceRef[] {
    return this
      .stmt(
        `SELECT re.hash AS hash, re.name AS name, ef.size AS size FROM report_evidence re
         JOIN evidence_files ef ON ef.hash = re.hash WHERE re.report_id = ? ORDER BY re.added_at, re.name`,
      )
      .all(reportId) as EvidenceRef[];
  }

  /** Evidence of many reports in one query, grouped by report id. */
  private evidenceWhere(where: string, ...params: unknown[]): Map<string, EvidenceRef[]> {
    const rows = this
      .stmt(
        `SELECT re.report_id AS id, re.hash AS hash, re.name AS name, ef.size AS size FROM report_evidence re
         JOIN evidence_files ef ON ef.hash = re.hash JOIN reports r ON r.id = re.report_id
         WHERE ${where} ORDER BY re.added_at, re.name`,
      )
      .all(...params) as (EvidenceRef & { id: string })[];
    const out = new Map<string, EvidenceRef[]>();
    for (const { id, ...e } of rows) {
      const list = out.get(id) ?? [];
      list.push(e);
      out.set(id, list);
    }
    return out;
  }

  private toReport(r: Row, evidence?: Map<string, EvidenceRef[]>): StoredReport {
    return {
      id: r.id,
      unit: r.unit_code,
      task: r.task_no,
      period: r.period,
      status: r.status,
      percent: r.percent,
      progress: r.progress,
      problems: r.problems,
      next: r.next_steps,
      indicators: JSON.parse(r.indicators) as Record<string, IndicatorValue>,
      filledBy: r.filled_by,
      phone: r.phone,
      version: r.version,
      source: r.source,
      updatedAt: r.updated_at,
      evidence: evidence ? (evidence.get(r.id) ?? []) : this.evidenceOf(r.id),
    };
  }

  get(unit: string, period: string, task: number): StoredReport | null {
    const row = this
      .stmt(`SELECT ${COLUMNS} FROM reports WHERE unit_code = ? AND period = ? AND task_no = ?`)
      .get(unit, period, task) as Row | undefined;
    return row ? this.toReport(row) : null;
  }

  byId(id: string): StoredReport | null {
    const row = this.stmt(`SELECT ${COLUMNS} FROM reports WHERE id = ?`).get(id) as Row | undefined;
    return row ? this.toReport(row) : null;
  }

  listForUnit(unit: string, period: string): StoredReport[] {
    const rows = this
      .stmt(`SELECT ${COLUMNS} FROM reports WHERE unit_code = ? AND period = ? ORDER BY task_no`)
      .all(unit, period) as Row[];
    const evidence = this.evidenceWhere('r.unit_code = ? AND r.period = ?', unit, period);
    return rows.map((r) => this.toReport(r, evidence));
  }

  /** Whether any report is held for the period. */
  holdsPeriod(period: string): boolean {
    return this.stmt('SELECT 1 FROM reports WHERE period = ? LIMIT 1').get(period) !== undefined;
  }

  /** The periods of a year (`YYYY`) that hold any report, of whatever kind. */
  periodsOfYear(year: number): string[] {
    return (this.stmt("SELECT DISTINCT period FROM reports WHERE period = ? OR period LIKE ? || '-%' ORDER BY period").all(String(year), String(year)) as { period: string }[]).map((r) => r.period);
  }

  listForPeriod(period: string): StoredReport[] {
    const rows = this.stmt(`SELECT ${COLUMNS} FROM reports WHERE period = ? ORDER BY task_no, unit_code`).all(period) as Row[];
    const evidence = this.evidenceWhere('r.period = ?', period);
    return rows.map((r) => this.toReport(r, evidence));
  }

  /**
   * Every report of a period without the long texts: an overview of 30 units ×
   * 40 tasks reads ~1 MB less. Problems are kept for 进度滞后 (the lagging list
   * shows them).
   */
  listSlimForPeriod(period: string): SlimReport[] {
    // Three small queries, each answered from an index: the overview columns
    // (reports_overview covers them), the start of the problems of lagging
    // work (at most 100 characters and "…"), the evidence counts.
    // Rows come back as arrays (raw mode): for ~1,000 rows that is several
    // times faster than better-sqlite3's row objects.
    const rows = this.stmt(
      `SELECT id, unit_code, task_no, period, status, percent, version, source, updated_at, filled_by, phone, indicators
       FROM reports WHERE period = ? ORDER BY task_no, unit_code`,
    )
      .raw(true)
      .all(period) as [string, string, number, string, Status, number | null, number, ReportSource, string, string, string, string][];
    // The start of the problems of lagging work, from its own index (migration 006).
    const problems = new Map(
      (
        this.stmt(`SELECT id, substr(problems, 1, ${LAGGING_HEAD_CHARS + 1}) FROM reports WHERE period = ? AND status = '进度滞后'`)
          .raw(true)
          .all(period) as [string, string][]
      ).map(([id, head]) => [id, headOf(head)]),
    );
    const evidence = new Map(
      (
        this.stmt(
          `SELECT re.report_id AS id, count(*) AS n FROM report_evidence re JOIN reports r ON r.id = re.report_id
           WHERE r.period = ? GROUP BY re.report_id`,
        ).all(period) as { id: string; n: number }[]
      ).map((r) => [r.id, r.n]),
    );
    return rows.map(([id, unit, task, p, status, percent, version, source, updatedAt, filledBy, phone, indicators]) => ({
      id,
      unit,
      task,
      period: p,
      status,
      percent,
      progress: '',
      problems: problems.get(id) ?? '',
      next: '',
      // Most rows (supporting units) carry no indicator values.
      indicators: indicators === '{}' ? {} : (JSON.parse(indicators) as Record<string, IndicatorValue>),
      filledBy,
      phone,
      version,
      source,
      updatedAt,
      evidenceCount: evidence.get(id) ?? 0,
    }));
  }

  /** The reports of a period that carry indicator values (for judging 不降低 against the period before). */
  indicatorValuesForPeriod(period: string): IndicatorRow[] {
    return (
      this.stmt(
        `SELECT unit_code, task_no, updated_at, indicators, (SELECT count(*) FROM report_evidence re WHERE re.report_id = reports.id) AS evidence
         FROM reports WHERE period = ? AND indicators <> '{}'`,
      ).all(period) as { unit_code: string; task_no: number; updated_at: string; indicators: string; evidence: number }[]
    ).map((r) => ({ unit: r.unit_code, task: r.task_no, updatedAt: r.updated_at, indicators: JSON.parse(r.indicators) as Record<string, IndicatorValue>, evidenceCount: r.evidence }));
  }

  /**
   * The newest period's status of every (unit, task) across all periods: the
   * province-wide "where does everyone stand" query. SQLite returns the bare
   * columns of the row holding max(period).
   */
  latestPerUnitTask(): { unit: string; task: number; period: string; status: Status }[] {
    return this
      .stmt('SELECT unit_code AS unit, task_no AS task, max(period) AS period, status FROM reports GROUP BY unit_code, task_no')
      .all() as { unit: string; task: number; period: string; status: Status }[];
  }

  /**
   * Whom to call at each unit: the 填报人 and phone of its latest report that names either (any period), with when
   * and for which period; one row per unit (of reports saved at one instant, the later period's).
   */
  latestContacts(): { unit: string; filledBy: string; phone: string; period: string; at: string }[] {
    return this.stmt(
      `SELECT unit, filledBy, phone, period, at FROM (
         SELECT unit_code AS unit, filled_by AS filledBy, phone, period, updated_at AS at,
                row_number() OVER (PARTITION BY unit_code ORDER BY updated_at DESC, period DESC) AS n
         FROM reports WHERE filled_by <> '' OR phone <> '') WHERE n = 1`,
    ).all() as { unit: string; filledBy: string; phone: string; period: string; at: string }[];
  }

  /** The earliest period any report is for; null when there are none. */
  firstPeriod(): string | null {
    return (this.stmt('SELECT min(period) AS p FROM reports').get() as { p: string | null }).p;
  }

  /** Whether a unit holds reports or submissions for a period (any source); by the unit's indexes. */
  unitHolds(unit: string, period: string): boolean {
    return (
      this.stmt('SELECT EXISTS (SELECT 1 FROM reports WHERE unit_code = ? AND period = ?) OR EXISTS (SELECT 1 FROM submissions WHERE unit_code = ? AND period = ?) AS held').get(unit, period, unit, period) as {
        held: number;
      }
    ).held === 1;
  }

  /** A period's reports whose 工作进展 has at least `min` characters (UTF-16 units): their texts, for comparing one unit's with another's. */
  textsForPeriod(period: string, min: number): { unit: string; task: number; progress: string; problems: string; next: string }[] {
    return this.stmt('SELECT unit_code AS unit, task_no AS task, progress, problems, next_steps AS next FROM reports WHERE period = ? AND length(progress) >= ?').all(period, min) as {
      unit: string;
      task: number;
      progress: string;
      problems: string;
      next: string;
    }[];
  }

  countForPeriod(period: string): number {
    return (this.stmt('SELECT count(*) AS n FROM reports WHERE period = ?').get(period) as { n: number }).n;
  }

  count(): number {
    return (this.stmt('SELECT count(*) AS n FROM reports').get() as { n: number }).n;
  }

  /**
   * Writes a new version of the report (creating it when absent) and records
   * that version in the history. The caller runs this inside a transaction.
   */
  save(args: {
    id: string;
    unit: string;
    period: string;
    task: number;
    fields: ReportFields;
    source: ReportSource;
    note?: string;
    at: string;
  }): StoredReport {
    const existing = this.get(args.unit, args.period, args.task);
    const { id } = this.saveVersion({ ...args, existing, note: args.note ?? '', attach: [], detach: [] });
    return this.byId(id) as StoredReport;
  }

  /**
   * Snapshot of the report as it is now, evidence included, under its version
   * number. The newest version's snapshot leaves out the long texts (they are
   * the report row's own; see `seal` and `history`): each text is stored once.
   */
  recordHistory(id: string, version: number, source: ReportSource, note: string, at: string): void {
    const r = this.byId(id);
    if (!r) return;
    this.writeHistory(id, version, slimSnapshot(r, r.evidence), source, note, at);
  }

  private writeHistory(id: string, version: number, data: SlimSnapshot, source: ReportSource, note: string, at: string): void {
    this.stmt(
      `INSERT INTO report_history (report_id, version, data, source, note, saved_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (report_id, version) DO UPDATE SET data = excluded.data, note = excluded.note`,
    ).run(id, version, JSON.stringify(data), source, note, at);
  }

  /**
   * Before a report row changes, its current version's snapshot gets the long
   * texts the row still holds: from then on that history row stands alone.
   * `texts` is the row as it is before the change.
   */
  private seal(id: string, version: number, texts: Pick<ReportFields, 'progress' | 'problems' | 'next'>): void {
    const row = this.stmt('SELECT data FROM report_history WHERE report_id = ? AND version = ?').get(id, version) as { data: string } | undefined;
    if (!row) return;
    const d = JSON.parse(row.data) as Partial<HistoryEntry['data']>;
    if (typeof d.progress === 'string') return;
    const full = { status: d.status, percent: d.percent, progress: texts.progress, problems: texts.problems, next: texts.next, indicators: d.indicators, filledBy: d.filledBy, phone: d.phone, evidence: d.evidence };
    this.stmt('UPDATE report_history SET data = ? WHERE report_id = ? AND version = ?').run(JSON.stringify(full), id, version);
  }

  /** Reports held per unit and task, all periods (what a revised task list would touch). */
  /** How many reports of these periods hold a value of each indicator (by id). */
  indicatorValueCounts(periods: readonly string[]): Map<string, number> {
    const rows = this.stmt(
      "SELECT j.key AS id, count(*) AS n FROM reports, json_each(reports.indicators) AS j WHERE j.type <> 'null' AND reports.period IN (SELECT value FROM json_each(?)) GROUP BY j.key",
    ).all(JSON.stringify(periods)) as { id: string; n: number }[];
    return new Map(rows.map((r) => [r.id, r.n]));
  }

  /** The periods that hold reports. */
  periodsHeld(): string[] {
    return (this.stmt('SELECT DISTINCT period FROM reports').all() as { period: string }[]).map((r) => r.period);
  }

  /** Reports per unit and task; `periods`: of these periods only. */
  countsByUnitTask(periods?: readonly string[]): { unit: string; task: number; reports: number }[] {
    const only = periods ? 'WHERE period IN (SELECT value FROM json_each(?))' : '';
    const sql = `SELECT unit_code AS unit, task_no AS task, count(*) AS reports FROM reports ${only} GROUP BY unit_code, task_no ORDER BY task_no, unit_code`;
    return (periods ? this.stmt(sql).all(JSON.stringify(periods)) : this.stmt(sql).all()) as { unit: string; task: number; reports: number }[];
  }

  /**
   * One new version written in a single pass (the bulk import): the report
   * row, its evidence links, and the history snapshot of the result, without
   * reading the row back. `existing` is the row as held (null when new).
   */
  saveVersion(args: {
    existing: StoredReport | null;
    id: string;
    unit: string;
    period: string;
    task: number;
    fields: ReportFields;
    source: ReportSource;
    note: string;
    at: string;
    attach: { hash: string; name: string }[];
    detach: { hash: string; name: string }[];
  }): { id: string; version: number } {
    const { fields: f, existing } = args;
    const version = existing ? existing.version + 1 : 1;
    const id = existing?.id ?? args.id;
    const indicators = JSON.stringify(f.indicators);
    if (existing) {
      this.seal(id, existing.version, existing);
      this.stmt(
        `UPDATE reports SET status = ?, percent = ?, progress = ?, problems = ?, next_steps = ?, indicators = ?, filled_by = ?, phone = ?,
           version = ?, source = ?, updated_at = ? WHERE id = ?`,
      ).run(f.status, f.percent, f.progress, f.problems, f.next, indicators, f.filledBy, f.phone, version, args.source, args.at, id);
    } else {
      this.stmt(`INSERT INTO reports (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
        id, args.unit, args.task, args.period, f.status, f.percent, f.progress, f.problems, f.next, indicators, f.filledBy, f.phone, version, args.source, args.at,
      );
    }
    for (const e of args.detach) this.detachEvidence(id, e.hash, e.name);
    for (const e of args.attach) this.attachEvidence(id, e.hash, e.name, args.at);
    const evidence = existing || args.attach.length > 0 ? this.evidenceOf(id) : [];
    this.writeHistory(id, version, slimSnapshot(f, evidence), args.source, args.note, args.at);
    return { id, version };
  }

  /** Whether any version of the report had a file of this content attached (a file taken off since is known so). */
  everHadEvidence(id: string, hash: string): boolean {
    return this.stmt('SELECT 1 FROM report_history WHERE report_id = ? AND instr(data, ?) > 0 LIMIT 1').get(id, `"${hash}"`) !== undefined;
  }

  history(id: string): HistoryEntry[] {
    const rows = this
      .stmt('SELECT version, source, note, saved_at, data FROM report_history WHERE report_id = ? ORDER BY version DESC')
      .all(id) as { version: number; source: ReportSource; note: string; saved_at: string; data: string }[];
    let current: { version: number; progress: string; problems: string; next_steps: string } | undefined | null = null;
    return rows.map((r) => {
      const d = JSON.parse(r.data) as Partial<HistoryEntry['data']>;
      let data = d as HistoryEntry['data'];
      if (typeof d.progress !== 'string') {
        // The newest version's texts are the report row's.
        if (current === null) {
          current = this.stmt('SELECT version, progress, problems, next_steps FROM reports WHERE id = ?').get(id) as typeof current;
        }
        const t = current && current.version === r.version ? current : { progress: '', problems: '', next_steps: '' };
        data = { status: d.status, percent: d.percent, progress: t.progress, problems: t.problems, next: t.next_steps, indicators: d.indicators, filledBy: d.filledBy, phone: d.phone, evidence: d.evidence } as HistoryEntry['data'];
      }
      return { version: r.version, source: r.source, note: r.note, savedAt: r.saved_at, data };
    });
  }

  /** Bumps the version after an evidence change, so the change is in the history too. */
  touch(id: string, source: ReportSource, note: string, at: string): void {
    const r = this.byId(id);
    if (!r) return;
    this.seal(id, r.version, r);
    this.stmt('UPDATE reports SET version = version + 1, updated_at = ?, source = ? WHERE id = ?').run(at, source, id);
    this.recordHistory(id, r.version + 1, source, note, at);
  }

  attachEvidence(reportId: string, hash: string, name: string, at: string): void {
    this
      .stmt('INSERT OR IGNORE INTO report_evidence (report_id, hash, name, added_at) VALUES (?, ?, ?, ?)')
      .run(reportId, hash, name, at);
  }

  /**
   * Evidence files attached now to a unit's reports of a period that were added by hand here (代为填报's 添加佐证材料,
   * not an import's), by task, as named.
   */
  evidenceAddedByHand(unit: string, period: string): { task: number; name: string }[] {
    return this.stmt(
      `SELECT r.task_no AS task, e.name AS name FROM report_evidence e JOIN reports r ON r.id = e.report_id
       WHERE r.unit_code = ? AND r.period = ?
         AND EXISTS (SELECT 1 FROM report_history h WHERE h.report_id = r.id AND h.source = 'entry' AND h.note = '添加佐证材料：' || e.name)`,
    ).all(unit, period) as { task: number; name: string }[];
  }

  detachEvidence(reportId: string, hash: string, name: string): number {
    return this.stmt('DELETE FROM report_evidence WHERE report_id = ? AND hash = ? AND name = ?').run(reportId, hash, name).changes;
  }
}
