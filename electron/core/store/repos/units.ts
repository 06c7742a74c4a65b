import type { Unit, UnitKind } from '../../../../shared/catalog/types';
import { Repo } from './repo';

interface Row {
  code: string;
  name: string;
  kind: UnitKind;
  sort: number;
  active: number;
}

/** A name a unit went by until `renamedAt` (ISO instant). */
export interface UnitRename {
  code: string;
  name: string;
  renamedAt: string;
}

const toUnit = (r: Row): Unit => ({ code: r.code, name: r.name, kind: r.kind, sort: r.sort, active: r.active === 1 });

export class UnitRepo extends Repo {
  /** Bumped on every write through this repo, so callers can cache what they derive from the unit list. */
  private writes = 0;
  private renameCache: { writes: number; list: readonly UnitRename[] } | null = null;
  private nameCache: { writes: number; names: ReadonlyMap<string, string> } | null = null;

  get version(): number {
    return this.writes;
  }

  list(includeInactive = false): Unit[] {
    const sql = `SELECT code, name, kind, sort, active FROM units ${includeInactive ? '' : 'WHERE active = 1'} ORDER BY sort, code`;
    // Prepared once each (the overview lists the units several times per call).
    return (this.stmt(sql).all() as Row[]).map(toUnit);
  }

  /**
   * A unit's name now, by code (null: no such unit). Every unit's, read once and kept until the next write (not within a
   * transaction, which may yet roll back): the overview names the unit each indicator's value comes from.
   */
  nameOf(code: string): string | null {
    if (this.nameCache?.writes === this.writes) return this.nameCache.names.get(code) ?? null;
    const names = new Map((this.stmt('SELECT code, name FROM units').raw(true).all() as [string, string][]).map(([c, n]) => [c, n]));
    if (!this.db.inTransaction) this.nameCache = { writes: this.writes, names };
    return names.get(code) ?? null;
  }

  byCode(code: string): Unit | null {
    // Prepared once (Repo.stmt): the bulk import looks a unit up for every file.
    const row = this.stmt('SELECT code, name, kind, sort, active FROM units WHERE code = ?').get(code) as Row | undefined;
    return row ? toUnit(row) : null;
  }

  /**
   * Adds or changes a unit; `at` (ISO instant) is recorded as when it was
   * deactivated when this write deactivates it (cleared when it activates it);
   * null when that is not known here (a unit's database told by the bureau's
   * set-up file, which does not say when). A new name keeps the one it
   * replaces, with `renamedAt` as when (`renames`); null: not kept (a
   * spelling corrected, or a unit's database, which takes the bureau's record).
   */
  upsert(u: Unit, at: string | null, renamedAt: string | null): void {
    if (renamedAt !== null) this.stmt('INSERT INTO unit_renames (code, name, renamed_at) SELECT code, name, ? FROM units WHERE code = ? AND name <> ?').run(renamedAt, u.code, u.name);
    this
      .stmt(
        `INSERT INTO units (code, name, kind, sort, active) VALUES (@code, @name, @kind, @sort, @active)
         ON CONFLICT (code) DO UPDATE SET name = excluded.name, kind = excluded.kind, sort = excluded.sort, active = excluded.active,
           deactivated_at = CASE WHEN excluded.active = 1 THEN NULL WHEN units.active = 1 THEN @at ELSE units.deactivated_at END`,
      )
      .run({ code: u.code, name: u.name, kind: u.kind, sort: u.sort, active: u.active ? 1 : 0, at });
    this.writes++;
  }

  /**
   * Every earlier name of every unit, each with when it was replaced, oldest
   * first. Kept until the next write through this repo, and only when read
   * outside a transaction (one rolled back must not leave its rows behind).
   */
  renames(): readonly UnitRename[] {
    if (this.renameCache?.writes === this.writes) return this.renameCache.list;
    const list = this.stmt('SELECT code, name, renamed_at AS renamedAt FROM unit_renames ORDER BY renamed_at, rowid').all() as UnitRename[];
    if (!this.db.inTransaction) this.renameCache = { writes: this.writes, list };
    return list;
  }

  /** Keeps `name` as a unit's earlier name, replaced at `at`. */
  recordRename(code: string, name: string, at: string): void {
    this.stmt('INSERT INTO unit_renames (code, name, renamed_at) VALUES (?, ?, ?)').run(code, name, at);
    this.writes++;
  }

  /** Only the name (no earlier name kept): a step of a write that moves names between units. */
  setName(code: string, name: string): void {
    this.stmt('UPDATE units SET name = ? WHERE code = ?').run(name, code);
    this.writes++;
  }

  /** The earlier names as the bureau records them (its set-up file), in place of those held here. */
  replaceRenames(list: readonly UnitRename[]): void {
    this.stmt('DELETE FROM unit_renames').run();
    const add = this.stmt('INSERT INTO unit_renames (code, name, renamed_at) VALUES (?, ?, ?)');
    for (const r of list) add.run(r.code, r.name, r.renamedAt);
    this.writes++;
  }

  /** Inactive units with when they were deactivated (null: before that was recorded, or never active here). */
  inactive(): { unit: Unit; deactivatedAt: string | null }[] {
    const rows = this.stmt('SELECT code, name, kind, sort, active, deactivated_at FROM units WHERE active = 0 ORDER BY sort, code').all() as (Row & { deactivated_at: string | null })[];
    return rows.map((r) => ({ unit: toUnit(r), deactivatedAt: r.deactivated_at }));
  }

  count(): number {
    return (this.stmt('SELECT count(*) AS n FROM units').get() as { n: number }).n;
  }
}
