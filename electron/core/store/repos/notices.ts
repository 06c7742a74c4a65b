import { Repo } from './repo';

/** An issued 督办单 (migration 019): numbered within its year, and followed up until the unit answers. */
export interface Notice {
  id: string;
  year: number;
  seq: number;
  period: string;
  unit: string;
  reason: 'lagging' | 'missing';
  tasks: number[];
  /** 存在问题 as issued; null for a notice issued before this was kept (read from the report). */
  problems: string | null;
  /** 督办要求 as issued; null: the default of its kind. */
  demand: string | null;
  issuedAt: string;
  /** 办理时限 (China date). */
  dueOn: string;
  /** 反馈: the day the unit's answer came (China date), null while none has. */
  answeredOn: string | null;
  answerNote: string;
  answeredAt: string | null;
}

interface Row {
  id: string;
  year: number;
  seq: number;
  period: string;
  unit_code: string;
  reason: 'lagging' | 'missing';
  tasks: string;
  problems: string | null;
  demand: string | null;
  issued_at: string;
  due_on: string;
  answered_on: string | null;
  answer_note: string;
  answered_at: string | null;
}

const toNotice = (r: Row): Notice => ({
  id: r.id,
  year: r.year,
  seq: r.seq,
  period: r.period,
  unit: r.unit_code,
  reason: r.reason,
  tasks: JSON.parse(r.tasks) as number[],
  problems: r.problems,
  demand: r.demand,
  issuedAt: r.issued_at,
  dueOn: r.due_on,
  answeredOn: r.answered_on,
  answerNote: r.answer_note,
  answeredAt: r.answered_at,
});

export class NoticeRepo extends Repo {
  /** A period's notices, or every notice, in the order they were issued. */
  list(period?: string): Notice[] {
    const rows = period === undefined ? this.stmt('SELECT * FROM notices ORDER BY year, seq').all() : this.stmt('SELECT * FROM notices WHERE period = ? ORDER BY year, seq').all(period);
    return (rows as Row[]).map(toNotice);
  }

  get(id: string): Notice | null {
    const row = this.stmt('SELECT * FROM notices WHERE id = ?').get(id) as Row | undefined;
    return row ? toNotice(row) : null;
  }

  /** The next number of a year (call inside the transaction that adds it). */
  nextSeq(year: number): number {
    return ((this.stmt('SELECT max(seq) AS n FROM notices WHERE year = ?').get(year) as { n: number | null }).n ?? 0) + 1;
  }

  add(n: Omit<Notice, 'answeredOn' | 'answerNote' | 'answeredAt'>): void {
    this.stmt(
      'INSERT INTO notices (id, year, seq, period, unit_code, reason, tasks, problems, demand, issued_at, due_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ).run(n.id, n.year, n.seq, n.period, n.unit, n.reason, JSON.stringify(n.tasks), n.problems, n.demand, n.issuedAt, n.dueOn);
  }

  /** Records (or, with on null, takes back) the unit's answer. */
  answer(id: string, on: string | null, note: string, at: string): void {
    this.stmt('UPDATE notices SET answered_on = ?, answer_note = ?, answered_at = ? WHERE id = ?').run(on, on === null ? '' : note, on === null ? null : at, id);
  }
}
