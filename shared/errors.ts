/** Errors cross every host as values: a stable English code, a Chinese message, and where it happened. */

export interface ErrorDetail {
  /** Field path (`problems`, `indicators.3.1`) or a location such as a sheet cell. */
  field?: string;
  file?: string;
  sheet?: string;
  row?: number;
  column?: string;
  message: string;
}

/** The unit workbook's hidden sheet (its unit, period, revision, hash): nobody sees it, so a problem found there is not placed in it. */
export const MACHINE_SHEET = '机读信息';

/** Where a problem of an imported file is and what, as every screen and the command line say it: “工作进展”表第 5 行 G 列：… */
export function problemText(e: Pick<ErrorDetail, 'sheet' | 'row' | 'column' | 'message'>): string {
  const cell = [e.row !== undefined ? `第 ${e.row} 行` : '', e.column ? `${e.column} 列` : ''].filter(Boolean).join(' ');
  const where = e.sheet === MACHINE_SHEET ? '' : `${e.sheet ? `“${e.sheet}”表` : ''}${cell}`;
  return `${where ? `${where}：` : ''}${e.message}`;
}

export interface ApiError {
  code: string;
  message: string;
  details?: ErrorDetail[];
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export class AppError extends Error {
  readonly code: string;
  readonly details: ErrorDetail[] | undefined;
  constructor(code: string, message: string, details?: ErrorDetail[]) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
  toJSON(): ApiError {
    return this.details ? { code: this.code, message: this.message, details: this.details } : { code: this.code, message: this.message };
  }
}

/** Error codes a caller may branch on. Input refused → `invalid_*`, `not_*`, …; `internal` is a bug. */
export const ERROR_CODES = {
  invalidInput: 'invalid_input',
  unknownUnit: 'unknown_unit',
  unknownTask: 'unknown_task',
  notResponsible: 'not_responsible',
  nothingReported: 'nothing_reported',
  writeFailed: 'write_failed',
  outputExists: 'output_exists',
  notOwnUnit: 'not_own_unit',
  periodClosed: 'period_closed',
  alreadyReturned: 'already_returned',
  /** The submission is approved (审核通过): not changed, approved or sent back again until the approval is withdrawn. */
  approved: 'approved',
  invalidPeriod: 'invalid_period',
  periodKind: 'period_kind_mismatch',
  /** A period that ended before the 起报周期: nobody owes it. */
  periodNotOwed: 'period_not_owed',
  reportRules: 'report_rules',
  notADatabase: 'not_a_database',
  dbTooNew: 'db_too_new',
  dbCorrupt: 'db_corrupt',
  dbReadOnly: 'db_read_only',
  /** The database file was moved aside or replaced under the open app (a restore from the command line): nothing goes on. */
  dbReplaced: 'db_replaced',
  /** A restore refused: another process (the app, a command) has the database open. */
  dbInUse: 'db_in_use',
  /** Reading or writing the disk failed (a failing disk, a stick pulled out). */
  ioError: 'io_error',
  notInitialized: 'not_initialized',
  alreadyInitialized: 'already_initialized',
  notFound: 'not_found',
  evidenceDamaged: 'evidence_damaged',
  /** Another program changed the same thing at the same time: done again, it goes through. */
  conflict: 'conflict',
  internal: 'internal',
} as const;

/** A database file that cannot be opened (damaged, not a database, made by a newer version): the page that offers its backups. */
export const OPEN_FAILURES: ReadonlySet<string> = new Set([ERROR_CODES.dbCorrupt, ERROR_CODES.notADatabase, ERROR_CODES.dbTooNew]);
