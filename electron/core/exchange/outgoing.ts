/**
 * Files the app saves that may be large (an imported file's original, a
 * 佐证材料包), written by the core into a folder beside the database and
 * handed to the host from there: the desktop shell copies the file to where
 * the user saves it, the browser host's page reads it in pieces
 * (`exchange.readPrepared`) into a download. Nothing of any size then crosses
 * the API in one message (the one-shot `exchange.original` and
 * `exchange.evidencePackage` stop at 200 MB). A prepared file goes once
 * saved or discarded; what a session left behind, a day later when the
 * database is opened (`sweepStale`).
 */
import { closeSync, mkdirSync, openSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ExportedFile } from '../../../shared/api/exchange';
import { AppError, ERROR_CODES } from '../../../shared/errors';
import type { CoreContext } from '../context';
import { readFully } from '../fsutil';
import { filesDirFor } from '../paths';
import { MB } from './limits';

export const outgoingDir = (dbPath: string): string => join(filesDirFor(dbPath), 'outgoing');

/** Bytes of one piece read at most (its base64 is a third longer). */
export const PREPARED_PIECE_MAX = 16 * 1024 * 1024;

interface Prepared {
  path: string;
  fileName: string;
  bytes: number;
}

/**
 * Things kept for a session by id (prepared files here, uploads), one list per
 * database file, not per open context: a restored backup (a new context)
 * keeps them.
 */
export function perDatabase<T>(): (ctx: CoreContext) => Map<string, T> {
  const all = new Map<string, Map<string, T>>();
  return (ctx) => {
    let m = all.get(ctx.dbPath);
    if (!m) {
      m = new Map();
      all.set(ctx.dbPath, m);
    }
    return m;
  };
}

const preparedOf = perDatabase<Prepared>();

/**
 * Has `write` make the file at a path of the folder, and keeps it for the
 * host: the result names it (`prepared`) instead of carrying its bytes.
 */
export async function prepareFile<T extends { bytes: number; sha256: string; revision?: number; warnings?: string[] }>(
  ctx: CoreContext,
  write: (target: string) => Promise<T>,
  fileName: (made: T) => string,
): Promise<ExportedFile> {
  const id = ctx.newId();
  const dir = outgoingDir(ctx.dbPath);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, id);
  let made: T;
  try {
    made = await write(path);
  } catch (err) {
    rmSync(path, { force: true });
    throw err;
  }
  const name = fileName(made);
  preparedOf(ctx).set(id, { path, fileName: name, bytes: made.bytes });
  return {
    fileName: name,
    dataBase64: '',
    bytes: made.bytes,
    sha256: made.sha256,
    prepared: id,
    ...(made.revision !== undefined ? { revision: made.revision } : {}),
    ...(made.warnings && made.warnings.length > 0 ? { warnings: made.warnings } : {}),
  };
}

function known(ctx: CoreContext, id: string): Prepared {
  const p = preparedOf(ctx).get(id);
  if (!p) throw new AppError(ERROR_CODES.notFound, '要保存的文件已不在（应用重启过，或已保存、已放弃），请重新导出');
  return p;
}

/** Where a prepared file is, for a host that copies it (the desktop shell). */
export function preparedFile(ctx: CoreContext, id: string): { path: string; fileName: string; bytes: number } {
  const p = known(ctx, id);
  try {
    statSync(p.path);
  } catch {
    throw new AppError(ERROR_CODES.notFound, `要保存的文件“${p.fileName}”已不在（已被清理？），请重新导出`);
  }
  return { ...p };
}

/**
 * A prepared file handed over for good (a download streaming it): forgotten
 * at once, so no one else gets it; `done` removes the file once sent.
 */
export function takePrepared(ctx: CoreContext, id: string): { path: string; fileName: string; bytes: number; done: () => void } {
  const p = preparedFile(ctx, id);
  preparedOf(ctx).delete(id);
  return {
    ...p,
    done: () => {
      try {
        rmSync(p.path, { force: true });
      } catch {
        // left for the sweep
      }
    },
  };
}

/** `length` bytes of a prepared file from `offset` (fewer at its end). */
export function readPrepared(ctx: CoreContext, id: string, offset: number, length: number): Uint8Array {
  const p = preparedFile(ctx, id);
  if (length > PREPARED_PIECE_MAX) throw new AppError(ERROR_CODES.invalidInput, `每段最多 ${MB(PREPARED_PIECE_MAX)}`);
  if (offset > p.bytes) throw new AppError(ERROR_CODES.invalidInput, `“${p.fileName}”只有 ${p.bytes} 字节，没有第 ${offset} 字节起的内容`);
  const out = new Uint8Array(Math.min(length, p.bytes - offset));
  const fd = openSync(p.path, 'r');
  try {
    if (readFully(fd, out, offset) < out.length) throw new AppError(ERROR_CODES.notFound, `要保存的文件“${p.fileName}”比导出时短（被改动过？），请重新导出`);
  } finally {
    closeSync(fd);
  }
  return out;
}

/** Forgets a prepared file and removes it (never fails: what cannot be removed now is left for the sweep). */
export function discardPrepared(ctx: CoreContext, id: string): boolean {
  const m = preparedOf(ctx);
  const p = m.get(id);
  if (!p) return false;
  m.delete(id);
  try {
    rmSync(p.path, { force: true });
  } catch {
    // left for the sweep
  }
  return true;
}
