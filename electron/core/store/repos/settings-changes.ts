import type { DB } from '../db';
import { Repo } from './repo';

export type SettingsChangeKind = 'deadline' | 'closed' | 'target' | 'period_kind' | 'baseline' | 'catalog' | 'owed_from';

export interface SettingsChange {
  at: string;
  kind: SettingsChangeKind;
  /** The period (deadline, closed), `indicator/year` (target, baseline), '' (period kind, catalog: the versions before and after; owed_from: the first periods owed, of the kind then in use). */
  subject: string;
  before: string | null;
  after: string | null;
}

/** Every change the bureau made to its settings, kept (settings_changes, migration 018). */
export class SettingsChangeRepo extends Repo {
  /** `changed`: told of every write (what is derived from these changes, the kinds in use, is read again). */
  constructor(
    db: DB,
    private readonly changed: () => void = () => {},
  ) {
    super(db);
  }

  /** Records a change; nothing when the value is the same. */
  record(c: SettingsChange): void {
    if (c.before === c.after) return;
    this.stmt('INSERT INTO settings_changes (at, kind, subject, before, after) VALUES (?, ?, ?, ?, ?)').run(c.at, c.kind, c.subject, c.before, c.after);
    this.changed();
  }

  /**
   * A unit's database takes the bureau's switches of period kind as its set-up file gives them (its own records of
   * them replaced): the periods owed are then the same on both sides.
   */
  replaceKindSwitches(switches: readonly { at: string; before: string; after: string }[]): void {
    this.stmt("DELETE FROM settings_changes WHERE kind = 'period_kind'").run();
    this.changed();
    for (const s of switches) this.record({ at: s.at, kind: 'period_kind', subject: '', before: s.before, after: s.after });
  }

  /** The switches of period kind, oldest first (read for every period's view: the other changes are not scanned into rows). */
  kindSwitches(): SettingsChange[] {
    return this.stmt("SELECT at, kind, subject, before, after FROM settings_changes WHERE kind = 'period_kind' ORDER BY id").all() as SettingsChange[];
  }

  /** Changes, oldest first; of one period (its deadline and closing) when `period` is given. */
  list(period?: string): SettingsChange[] {
    const rows = period
      ? this.stmt("SELECT at, kind, subject, before, after FROM settings_changes WHERE kind IN ('deadline', 'closed') AND subject = ? ORDER BY id").all(period)
      : this.stmt('SELECT at, kind, subject, before, after FROM settings_changes ORDER BY id').all();
    return rows as SettingsChange[];
  }
}
