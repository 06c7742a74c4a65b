import { chinaDate } from '../../../../shared/period';
import { Repo } from './repo';

export interface NoticeKey {
  period: string;
  task: number;
  unit: string;
  reason: 'lagging' | 'missing';
}

export interface NoticeNumber {
  year: number;
  seq: number;
  /** The day it was first printed (China time): a notice printed again keeps its date and its 办理时限. */
  issuedOn: string;
}

/** The numbers of issued 督办单: one per lagging task × unit × period, running within a year. */
export class NoticeRepo extends Repo {
  /** The number issued before to this notice, if any. */
  held(key: NoticeKey): NoticeNumber | null {
    const row = this.stmt('SELECT year, seq, issued_at FROM notice_numbers WHERE period = ? AND task_no = ? AND unit_code = ? AND reason = ?').get(
      key.period,
      key.task,
      key.unit,
      key.reason,
    ) as { year: number; seq: number; issued_at: string } | undefined;
    return row ? { year: row.year, seq: row.seq, issuedOn: chinaDate(row.issued_at) } : null;
  }

  /** The notice's number: the one issued before, else the next of `year` (call inside a transaction). */
  numberFor(key: NoticeKey, year: number, issuedAt: string): NoticeNumber {
    const held = this.held(key);
    if (held) return held;
    const seq = ((this.stmt('SELECT max(seq) AS n FROM notice_numbers WHERE year = ?').get(year) as { n: number | null }).n ?? 0) + 1;
    this.stmt('INSERT INTO notice_numbers (year, seq, period, task_no, unit_code, reason, issued_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
      year,
      seq,
      key.period,
      key.task,
      key.unit,
      key.reason,
      issuedAt,
    );
    return { year, seq, issuedOn: chinaDate(issuedAt) };
  }
}
