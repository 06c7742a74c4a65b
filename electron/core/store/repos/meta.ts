import type { DB } from '../db';
import { Repo } from './repo';

/** Small settings: role, own unit, period kind in use. */
export class MetaRepo extends Repo {
  /** `changed`: told of every write (what is derived from these settings is read again). */
  constructor(
    db: DB,
    private readonly changed: () => void = () => {},
  ) {
    super(db);
  }

  get(key: string): string | null {
    const row = this.stmt('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value ?? null;
  }

  set(key: string, value: string): void {
    this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
    this.changed();
  }

  delete(key: string): void {
    this.db.prepare('DELETE FROM meta WHERE key = ?').run(key);
    this.changed();
  }

  all(): Record<string, string> {
    const rows = this.db.prepare('SELECT key, value FROM meta ORDER BY key').all() as { key: string; value: string }[];
    return Object.fromEntries(rows.map((r) => [r.key, r.value]));
  }
}
