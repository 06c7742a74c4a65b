import type Database from 'better-sqlite3';
import type { DB } from './db';
import { ApprovalRepo } from './repos/approvals';
import { CatalogRepo } from './repos/catalogs';
import { EvidenceRepo } from './repos/evidence';
import { ImportRepo } from './repos/imports';
import { MetaRepo } from './repos/meta';
import { NoticeRepo } from './repos/notices';
import { ReturnRepo } from './repos/returns';
import { PeriodRepo } from './repos/periods';
import { ReportRepo } from './repos/reports';
import { SettingsChangeRepo } from './repos/settings-changes';
import { SubmissionRepo } from './repos/submissions';
import { TargetRepo } from './repos/targets';
import { UnitRepo } from './repos/units';

/** Every table behind typed functions; no SQL outside store/. */
export class Store {
  readonly meta: MetaRepo;
  readonly catalogs: CatalogRepo;
  readonly units: UnitRepo;
  readonly periods: PeriodRepo;
  readonly reports: ReportRepo;
  readonly evidence: EvidenceRepo;
  readonly submissions: SubmissionRepo;
  readonly targets: TargetRepo;
  /** 基准值 of indicators that must not fall (migration 020). */
  readonly baselines: TargetRepo;
  readonly imports: ImportRepo;
  readonly notices: NoticeRepo;
  readonly returns: ReturnRepo;
  readonly approvals: ApprovalRepo;
  readonly settingsChanges: SettingsChangeRepo;
  private settingsGen = 0;
  private dataVersion: Database.Statement | null = null;

  constructor(readonly db: DB) {
    const bump = (): void => void this.settingsGen++;
    this.meta = new MetaRepo(db, bump);
    this.catalogs = new CatalogRepo(db);
    this.units = new UnitRepo(db);
    this.periods = new PeriodRepo(db);
    this.reports = new ReportRepo(db);
    this.evidence = new EvidenceRepo(db);
    this.submissions = new SubmissionRepo(db);
    this.targets = new TargetRepo(db);
    this.baselines = new TargetRepo(db, 'indicator_baselines', 'value');
    this.imports = new ImportRepo(db);
    this.notices = new NoticeRepo(db);
    this.returns = new ReturnRepo(db);
    this.approvals = new ApprovalRepo(db);
    this.settingsChanges = new SettingsChangeRepo(db, bump);
  }

  /**
   * Moves on with every write to `meta` or `settings_changes`, with every transaction rolled back (its writes undone)
   * and with every commit of another connection (a command run while the app is open: SQLite's data_version): what is
   * derived from them and kept (`CoreContext.kindSpans`) is read again when it differs.
   */
  get settingsVersion(): string {
    this.dataVersion ??= this.db.prepare('PRAGMA data_version').pluck();
    return `${this.settingsGen}:${String(this.dataVersion.get())}`;
  }

  /**
   * What this database holds per period, of any kind: units with reports, units whose submission came, 督办单, 退回 and
   * 审核通过 (a 起报周期 is not moved past any of it).
   */
  workHeld(): { period: string; reported: number; received: number; notices: number; returns: number; approvals: number }[] {
    return this.db
      .prepare(
        `SELECT period, sum(k = 'r') AS reported, sum(k = 's') AS received, sum(k = 'n') AS notices, sum(k = 't') AS returns, sum(k = 'a') AS approvals FROM (
           SELECT DISTINCT period, unit_code AS u, 'r' AS k FROM reports
           UNION ALL SELECT DISTINCT period, unit_code, 's' FROM submissions
           UNION ALL SELECT period, id, 'n' FROM notices
           UNION ALL SELECT period, id, 't' FROM returns
           UNION ALL SELECT period, id, 'a' FROM approvals
         ) GROUP BY period ORDER BY period`,
      )
      .all() as { period: string; reported: number; received: number; notices: number; returns: number; approvals: number }[];
  }

  /** Runs fn in one transaction; better-sqlite3 rolls back when fn throws. */
  tx<T>(fn: () => T): T {
    try {
      return this.db.transaction(fn)();
    } catch (err) {
      this.settingsGen++;
      throw err;
    }
  }

  integrityCheck(): string[] {
    return (this.db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
