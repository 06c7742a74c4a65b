import type { Catalog } from '../../../../shared/catalog/types';
import type { DB } from '../db';

/** Catalog versions held; exactly one is active. Older ones stay for history and old workbooks. */
export class CatalogRepo {
  constructor(private readonly db: DB) {}

  active(): Catalog | null {
    const row = this.db.prepare('SELECT json FROM catalogs WHERE active = 1').get() as { json: string } | undefined;
    return row ? (JSON.parse(row.json) as Catalog) : null;
  }

  byVersion(version: string): Catalog | null {
    const row = this.db.prepare('SELECT json FROM catalogs WHERE version = ?').get(version) as { json: string } | undefined;
    return row ? (JSON.parse(row.json) as Catalog) : null;
  }

  versions(): { version: string; adoptedAt: string; active: boolean }[] {
    const rows = this.db.prepare('SELECT version, adopted_at, active FROM catalogs ORDER BY adopted_at').all() as {
      version: string;
      adopted_at: string;
      active: number;
    }[];
    return rows.map((r) => ({ version: r.version, adoptedAt: r.adopted_at, active: r.active === 1 }));
  }

  /** The days the plans held were issued (`plan.issuedOn`, as written). */
  issuedDates(): string[] {
    const rows = this.db.prepare("SELECT json_extract(json, '$.plan.issuedOn') AS day FROM catalogs").all() as { day: unknown }[];
    return rows.flatMap((r) => (typeof r.day === 'string' ? [r.day] : []));
  }

  /** A held version's stored JSON (its unit list empty), or null. */
  json(version: string): string | null {
    const row = this.db.prepare('SELECT json FROM catalogs WHERE version = ?').get(version) as { json: string } | undefined;
    return row?.json ?? null;
  }

  /** Stores an earlier plan, not in force, unless a version of that name is held already. */
  keep(catalog: Catalog, at: string): void {
    const { units: _units, ...rest } = catalog;
    void _units;
    this.db.prepare('INSERT INTO catalogs (version, json, adopted_at, active) VALUES (?, ?, ?, 0) ON CONFLICT (version) DO NOTHING').run(catalog.version, JSON.stringify({ ...rest, units: [] }), at);
  }

  /**
   * Stores the catalog (without its unit list, which lives in `units`) and
   * makes it the active one. The version in force keeps the time it was first
   * adopted (a set-up file of the same plan, adopted again for its deadlines,
   * does not move it). Which periods are on which version is the plan
   * schedule's (`CoreContext.planSchedule`), not these times.
   */
  adopt(catalog: Catalog, at: string): void {
    const { units: _units, ...rest } = catalog;
    void _units;
    const current = (this.db.prepare('SELECT version FROM catalogs WHERE active = 1').get() as { version: string } | undefined)?.version ?? null;
    this.db.prepare('UPDATE catalogs SET active = 0 WHERE active = 1').run();
    this.db
      .prepare(
        `INSERT INTO catalogs (version, json, adopted_at, active) VALUES (?, ?, ?, 1)
         ON CONFLICT (version) DO UPDATE SET json = excluded.json, adopted_at = CASE WHEN catalogs.version = ? THEN catalogs.adopted_at ELSE excluded.adopted_at END, active = 1`,
      )
      .run(catalog.version, JSON.stringify({ ...rest, units: [] }), at, current);
  }
}
