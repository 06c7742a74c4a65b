import { MetaRepo } from './meta';
import { Repo } from './repo';

/** An issued 督办单 (migration 019): numbered within its year, and followed up until the unit answers. */
export interface Notice {
  id: string;
  year: number;
  seq: number;
  period: string;
  unit: string;
  /** The unit's name the day it was issued; null for one carried over by migration 019 (the name of its period). */
  unitName: string | null;
  reason: 'lagging' | 'missing';
  /** The tasks with their titles as issued; a bare number for one carried over (its title read from the plan). */
  tasks: (number | { no: number; title: string })[];
  /** 督办事项 as issued; null for one carried over (worded from the plan). */
  matter: string | null;
  /** 存在问题 as issued; null where none was kept (a missing one carried over: worded from the deadline). */
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
  /** 作废: when and why; its number stays used. */
  voidedAt: string | null;
  voidReason: string;
}

interface Row {
  id: string;
  year: number;
  seq: number;
  period: string;
  unit_code: string;
  unit_name: string | null;
  reason: 'lagging' | 'missing';
  tasks: string;
  matter: string | null;
  problems: string | null;
  demand: string | null;
  issued_at: string;
  due_on: string;
  answered_on: string | null;
  answer_note: string;
  answered_at: string | null;
  voided_at: string | null;
  void_reason: string;
}

const toNotice = (r: Row): Notice => ({
  id: r.id,
  year: r.year,
  seq: r.seq,
  period: r.period,
  unit: r.unit_code,
  unitName: r.unit_name,
  reason: r.reason,
  tasks: JSON.parse(r.tasks) as Notice['tasks'],
  matter: r.matter,
  problems: r.problems,
  demand: r.demand,
  issuedAt: r.issued_at,
  dueOn: r.due_on,
  answeredOn: r.answered_on,
  answerNote: r.answer_note,
  answeredAt: r.answered_at,
  voidedAt: r.voided_at,
  voidReason: r.void_reason,
});

/** meta key: the highest 督办单 number of each year the databases a restored copy replaced had issued (`{"2021": 7}`). */
export const NOTICE_NUMBERS_USED = 'notice_numbers_used';

/**
 * meta key: a restore replaced a database that could not be read (when): a 督办单 it issued after its last backup is
 * known on paper only, until the bureau says the highest number used (`NoticeRepo.useUpTo`).
 */
export const NOTICE_NUMBERS_UNSURE = 'notice_numbers_unsure';

/** Year (as text) → the highest number used. */
export type NumbersUsed = Record<string, number>;

/** A stored NOTICE_NUMBERS_USED value, whatever it holds: what is not a year with a whole number from 1 to 999,999 is passed over. */
export function parseNumbers(text: string | null): NumbersUsed {
  try {
    const v = JSON.parse(text ?? '{}') as unknown;
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return {};
    return Object.fromEntries(Object.entries(v).filter(([y, n]) => /^\d{4}$/.test(y) && Number.isInteger(n) && (n as number) > 0 && (n as number) < 1_000_000)) as NumbersUsed;
  } catch {
    return {};
  }
}

/** The higher of each year's. */
export function mergeNumbers(a: NumbersUsed, b: NumbersUsed): NumbersUsed {
  const out: NumbersUsed = { ...a };
  for (const [y, n] of Object.entries(b)) out[y] = Math.max(out[y] ?? 0, n);
  return out;
}

export class NoticeRepo extends Repo {
  /** The numbering a restore carried over is kept in meta (`NOTICE_NUMBERS_USED`, `NOTICE_NUMBERS_UNSURE`). */
  private readonly meta = new MetaRepo(this.db);

  /** A period's notices, or every notice, in the order they were issued. */
  list(period?: string): Notice[] {
    const rows = period === undefined ? this.stmt('SELECT * FROM notices ORDER BY year, seq').all() : this.stmt('SELECT * FROM notices WHERE period = ? ORDER BY year, seq').all(period);
    return (rows as Row[]).map(toNotice);
  }

  get(id: string): Notice | null {
    const row = this.stmt('SELECT * FROM notices WHERE id = ?').get(id) as Row | undefined;
    return row ? toNotice(row) : null;
  }

  /**
   * The next number of a year (call inside the transaction that adds it): above those held, and above those a
   * database replaced by a restored backup had issued (sent on paper, never to be issued again).
   */
  nextSeq(year: number): number {
    return Math.max(this.highestHeld(year), this.usedBefore()[String(year)] ?? 0) + 1;
  }

  /** The highest number of a year held in this database (0: none). */
  highestHeld(year: number): number {
    return (this.stmt('SELECT max(seq) AS n FROM notices WHERE year = ?').get(year) as { n: number | null }).n ?? 0;
  }

  /** What a restore carried over (`NOTICE_NUMBERS_USED`): the highest number of each year issued before it. */
  usedBefore(): NumbersUsed {
    return parseNumbers(this.meta.get(NOTICE_NUMBERS_USED));
  }

  /** When a restore replaced a database whose numbers could not be read; null once the bureau said them, or never. */
  unsureSince(): string | null {
    return this.meta.get(NOTICE_NUMBERS_UNSURE);
  }

  /** The bureau says the highest number of a year sent on paper (its 督办台账): none up to it is issued again. */
  useUpTo(year: number, seq: number): void {
    const used = seq > 0 ? mergeNumbers(this.usedBefore(), { [String(year)]: seq }) : this.usedBefore();
    this.meta.set(NOTICE_NUMBERS_USED, JSON.stringify(used));
    this.meta.delete(NOTICE_NUMBERS_UNSURE);
  }

  /**
   * Numbers issued in a database this one replaced (a backup restored over it) and not held here, by year: their
   * notices were sent, and are in the replaced file only.
   */
  numbersNotHeld(): { year: number; numbers: number[] }[] {
    const out: { year: number; numbers: number[] }[] = [];
    for (const [y, top] of Object.entries(this.usedBefore())) {
      const year = Number(y);
      const held = new Set((this.stmt('SELECT seq FROM notices WHERE year = ?').all(year) as { seq: number }[]).map((r) => r.seq));
      const numbers: number[] = [];
      for (let n = 1; n <= top; n++) if (!held.has(n)) numbers.push(n);
      if (numbers.length > 0) out.push({ year, numbers });
    }
    return out.sort((a, b) => a.year - b.year);
  }

  add(n: Omit<Notice, 'answeredOn' | 'answerNote' | 'answeredAt' | 'voidedAt' | 'voidReason'>): void {
    this.stmt(
      'INSERT INTO notices (id, year, seq, period, unit_code, unit_name, reason, tasks, matter, problems, demand, issued_at, due_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ).run(n.id, n.year, n.seq, n.period, n.unit, n.unitName, n.reason, JSON.stringify(n.tasks), n.matter, n.problems, n.demand, n.issuedAt, n.dueOn);
  }

  /** 作废: the notice stays, numbered, marked void. */
  void(id: string, reason: string, at: string): void {
    this.stmt('UPDATE notices SET voided_at = ?, void_reason = ? WHERE id = ?').run(at, reason, id);
  }

  /**
   * A unit's database: its notices as the bureau's set-up file tells them now (one the file no longer carries goes).
   * A text the file withholds (`withheld`: a file for every unit) keeps what the unit's own file told it before.
   */
  replaceFor(unit: string, withheld: string, items: readonly Notice[]): void {
    const known = new Map(this.list().filter((n) => n.unit === unit).map((n) => [n.id, n]));
    this.stmt('DELETE FROM notices WHERE unit_code = ?').run(unit);
    for (const n of items) {
      const held = known.get(n.id);
      const text = (said: string, before: string | null | undefined): string => (said === withheld && before ? before : said);
      this.add({ ...n, problems: text(n.problems ?? withheld, held?.problems), demand: text(n.demand ?? withheld, held?.demand) });
      // A note learnt stands for the same answer only (one taken back and given again may say otherwise), a reason for the same voiding.
      this.answer(n.id, n.answeredOn, text(n.answerNote, held?.answeredOn === n.answeredOn ? held.answerNote : undefined), n.answeredAt ?? n.issuedAt);
      if (n.voidedAt !== null) this.void(n.id, text(n.voidReason, held?.voidedAt === n.voidedAt ? held.voidReason : undefined), n.voidedAt);
    }
  }

  /** Records (or, with on null, takes back) the unit's answer. */
  answer(id: string, on: string | null, note: string, at: string): void {
    this.stmt('UPDATE notices SET answered_on = ?, answer_note = ?, answered_at = ? WHERE id = ?').run(on, on === null ? '' : note, on === null ? null : at, id);
  }
}
