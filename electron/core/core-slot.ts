/**
 * The app's database as both hosts hold it (the desktop app's main process and
 * the browser-mode host): the open core, or, when the database cannot be
 * opened, why not; when it cannot be read (damaged, not a database, made by
 * a newer version: OPEN_FAILURES), with the few calls that work without it: list the backups, list folders (to
 * choose a whole copy on a USB stick), and restore one, after which the core
 * opens on the restored file. The page shows the reason and the newest good
 * backup (renderer/backup/DamagedDatabase.tsx) in either host.
 */
import type { RestoreResult } from '../../shared/api/core';
import { api } from '../../shared/api';
import { AppError, OPEN_FAILURES, type ApiError, type Result } from '../../shared/errors';
import { copyProgress, listBackups, prepareCopy } from './backup';
import { listFolders } from './folders';
import { Core, restoreClosedDatabase, swapInCopy, toApiError, type CoreOptions } from './service';

export interface CoreSlot {
  readonly dbPath: string;
  /** The open core, or null while the database cannot be opened (see `openError`). */
  readonly core: Core | null;
  /** Why the database could not be opened, or null. */
  readonly openError: ApiError | null;
  /** Core.call on the open core; without one, only the rescue calls are served. Never throws. */
  call(name: string, input: unknown): Promise<Result<unknown>>;
  close(): void;
}

/** What a call needing the open database answers while it cannot be opened. */
export function notOpen(slot: Pick<CoreSlot, 'openError'>): ApiError {
  return slot.openError ?? { code: 'internal', message: '程序内部错误：数据库未打开' };
}

/**
 * Opens the database at `dbPath`. A database that cannot be opened for a
 * reason the user can act on (an AppError: damaged, not a database, too new)
 * leaves the slot without a core; anything else (the folder cannot be
 * written, say) is thrown, as the host cannot start.
 */
export async function openCoreSlot(dbPath: string, opts: CoreOptions = {}): Promise<CoreSlot> {
  let core: Core | null = null;
  let openError: ApiError | null = null;
  let restoring = false;
  let closed = false;
  /** `atStart`: a failure that is not an AppError is thrown (the host cannot start); after a restore it is said like the others. */
  const open = async (atStart: boolean): Promise<void> => {
    try {
      const opened = await Core.open(dbPath, opts);
      // The host closed while a restore was reopening the database: not kept open behind it.
      if (closed) return opened.close();
      core = opened;
      if (core.backupWarning) console.warn(core.backupWarning);
      openError = null;
    } catch (err) {
      if (atStart && !(err instanceof AppError)) throw err;
      openError = toApiError(err).toJSON();
    }
  };
  await open(true);

  async function restore(input: unknown): Promise<Result<unknown>> {
    if (restoring) return { ok: false, error: { code: 'busy', message: '正在恢复备份，请稍候' } };
    restoring = true;
    try {
      const parsed = api['backup.restore'].input.parse(input ?? {});
      const now = opts.now ? opts.now() : new Date();
      let value: RestoreResult;
      if (parsed.copy !== undefined) {
        // A whole copy (a USB stick), whatever the damaged database was: it cannot be read to tell.
        value = swapInCopy(dbPath, await prepareCopy(dbPath, parsed.copy, null), now);
      } else value = restoreClosedDatabase(dbPath, parsed, now);
      await open(false);
      if (openError) return { ok: false, error: openError };
      return { ok: true, value };
    } catch (err) {
      return { ok: false, error: toApiError(err).toJSON() };
    } finally {
      restoring = false;
    }
  }

  async function rescueCall(name: string, input: unknown): Promise<Result<unknown>> {
    const why = notOpen({ openError });
    try {
      switch (name) {
        case 'backup.list':
          return { ok: true, value: listBackups(dbPath) };
        case 'backup.progress':
          return { ok: true, value: copyProgress(dbPath) };
        case 'folders.list':
          return { ok: true, value: await listFolders(api['folders.list'].input.parse(input ?? {}).path) };
        case 'backup.restore':
          // Only a database that cannot be read is replaced this way: one that is read-only or on a full disk may be sound.
          return OPEN_FAILURES.has(why.code) ? await restore(input) : { ok: false, error: why };
        default:
          return { ok: false, error: why };
      }
    } catch (err) {
      return { ok: false, error: toApiError(err).toJSON() };
    }
  }

  return {
    dbPath,
    get core(): Core | null {
      return core;
    },
    get openError(): ApiError | null {
      return openError;
    },
    // Core.call never throws and refuses unknown names itself.
    call: (name, input) => (core ? core.call(name as never, input) : rescueCall(name, input)),
    close: () => {
      closed = true;
      core?.close();
      core = null;
    },
  };
}
