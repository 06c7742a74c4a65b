/**
 * Files the bureau picks in the app, brought to the core piece by piece
 * (`exchange.uploadStart`, `exchange.uploadChunk`) and kept in a folder
 * beside the database until imported: an import of many bundles with photos
 * never crosses the API as one message (a JavaScript string holds ~512 MB at
 * most; the browser-mode host takes 400 MB a request), and the import reads
 * them from disk as it reads files given on the command line, a zip entry by
 * entry. What was uploaded is removed once a real import has taken it (its
 * original is archived by then) or when discarded; what a session left
 * behind, a day later when the database is opened.
 */
import { closeSync, mkdirSync, openSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { inBundleEvidence } from '../../../shared/api/exchange';
import { AppError, ERROR_CODES } from '../../../shared/errors';
import type { CoreContext } from '../context';
import { writeAll, writeWhy } from '../fsutil';
import { filesDirFor } from '../paths';
import { MB, type ImportLimits } from './limits';
import { outgoingDir, perDatabase } from './outgoing';
import { sizeRefusal } from './sources';

export const uploadsDir = (dbPath: string): string => join(filesDirFor(dbPath), 'incoming');

/** Bytes of one chunk at most (its base64 is a third longer). */
export const UPLOAD_CHUNK_MAX = 16 * 1024 * 1024;

export interface Upload {
  id: string;
  /** As the user knows it (a folder's files with their relative path). */
  name: string;
  size: number;
  received: number;
  /** Larger than any file the import takes: nothing is uploaded, the import refuses it saying so. */
  tooLarge: string | null;
  path: string;
  /** Imports reading it now: a discard meanwhile waits for them (see usingUploads). */
  readers?: number;
  /** Discarded while being read: removed once the last reader is done. */
  discarded?: boolean;
}

const uploadsOf = perDatabase<Upload>();

/** Uploads untouched this long are what a session that ended left behind. */
const STALE_UPLOAD_MS = 24 * 3600 * 1000;

/**
 * Removes what earlier sessions left (called as the database opens): uploads,
 * and files prepared for saving (outgoing.ts). Only files untouched for a
 * day: another process (the app, while the command line opens the same
 * database) may be using the folders.
 */
export function sweepLeftovers(dbPath: string, now = Date.now()): void {
  for (const dir of [uploadsDir(dbPath), outgoingDir(dbPath)]) sweepStale(dir, now);
}

function sweepStale(dir: string, now: number): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const n of names) {
    try {
      if (now - statSync(join(dir, n)).mtimeMs > STALE_UPLOAD_MS) rmSync(join(dir, n), { force: true, recursive: true });
    } catch {
      // gone meanwhile, or not ours to remove: left
    }
  }
}

export function startUpload(ctx: CoreContext, name: string, size: number, limits: ImportLimits): { id: string; accepted: boolean } {
  ctx.requireBureau('导入单位报送文件');
  const id = ctx.newId();
  const dir = uploadsDir(ctx.dbPath);
  // A picked folder's unzipped bundle sends the files of its 佐证材料 folder too: as large as a bundle's evidence may be.
  const tooLarge = sizeRefusal(name, size, limits, inBundleEvidence(name));
  const path = join(dir, id);
  if (!tooLarge) {
    mkdirSync(dir, { recursive: true });
    closeSync(openSync(path, 'w'));
  }
  uploadsOf(ctx).set(id, { id, name, size, received: 0, tooLarge, path });
  return { id, accepted: tooLarge === null };
}

function known(ctx: CoreContext, id: string): Upload {
  const u = uploadsOf(ctx).get(id);
  if (!u) throw new AppError(ERROR_CODES.notFound, '选中的文件已不在（程序重启过，或已导入、已放弃），请重新选择文件后再试');
  return u;
}

export function appendUpload(ctx: CoreContext, id: string, offset: number, data: Uint8Array): { received: number } {
  ctx.requireBureau('导入单位报送文件');
  const u = known(ctx, id);
  if (u.tooLarge) throw new AppError(ERROR_CODES.invalidInput, `文件“${u.name}”${u.tooLarge}，不再读取`);
  if (offset !== u.received) throw new AppError(ERROR_CODES.invalidInput, `文件“${u.name}”读取中断（应从第 ${u.received} 字节接着读，收到的是第 ${offset} 字节起的一段），请重新预检`);
  if (data.length > UPLOAD_CHUNK_MAX) throw new AppError(ERROR_CODES.invalidInput, `程序内部错误：文件每段最多 ${MB(UPLOAD_CHUNK_MAX)}，请重新预检；仍不行请把这条消息告知技术支持`);
  if (u.received + data.length > u.size) throw new AppError(ERROR_CODES.invalidInput, `文件“${u.name}”比开始读取时说的（${u.size} 字节）长：是否在读取期间被改动？请重新选择后再试`);
  let fd: number;
  try {
    fd = openSync(u.path, 'r+');
  } catch {
    throw new AppError(ERROR_CODES.notFound, `文件“${u.name}”的已读取部分已不在，请重新选择文件后再试`);
  }
  try {
    writeAll(fd, data, offset);
  } catch (err) {
    const code = (err as { code?: string }).code ?? '';
    throw new AppError(code === 'ENOSPC' ? 'disk_full' : ERROR_CODES.writeFailed, `无法保存选中的文件“${u.name}”：${writeWhy(code)}`);
  } finally {
    closeSync(fd);
  }
  u.received += data.length;
  return { received: u.received };
}

/** The uploads an import names, each whole (or refused as too large), in the order named. */
function uploadsFor(ctx: CoreContext, ids: readonly string[]): Upload[] {
  // The same id twice is the same file once.
  return [...new Set(ids)].map((id) => {
    const u = known(ctx, id);
    if (u.tooLarge) return u;
    let onDisk: number;
    try {
      onDisk = statSync(u.path).size;
    } catch {
      throw new AppError(ERROR_CODES.notFound, `选中的文件“${u.name}”已不在（已被清理？），请重新选择文件后再试`);
    }
    if (u.received !== u.size || onDisk !== u.size) {
      throw new AppError(ERROR_CODES.invalidInput, `文件“${u.name}”尚未读取完整（${u.received} / ${u.size} 字节），请重新选择文件后再试`);
    }
    return u;
  });
}

/**
 * Forgets uploads and removes their files. Never fails: a file that cannot be
 * removed now (held by another program) is left for the sweep, and an import
 * that has taken it is still reported as it happened.
 */
export function discardUploads(ctx: CoreContext, ids: readonly string[]): number {
  const m = uploadsOf(ctx);
  let n = 0;
  for (const id of ids) {
    const u = m.get(id);
    if (!u) continue;
    m.delete(id);
    // Being read by an import (a page closed while it imports): removed when it is done.
    if ((u.readers ?? 0) > 0) u.discarded = true;
    else removeUpload(u);
    n++;
  }
  return n;
}

function removeUpload(u: Upload): void {
  try {
    rmSync(u.path, { force: true });
  } catch {
    // left for the sweep
  }
}

/** Uploads read by `f` (an import): kept on disk until it is done, whatever is discarded meanwhile. */
export async function usingUploads<T>(ctx: CoreContext, ids: readonly string[], f: (uploads: Upload[]) => Promise<T>): Promise<T> {
  const uploads = uploadsFor(ctx, ids);
  for (const u of uploads) u.readers = (u.readers ?? 0) + 1;
  try {
    return await f(uploads);
  } finally {
    for (const u of uploads) {
      u.readers = (u.readers ?? 1) - 1;
      if (u.readers === 0 && u.discarded) removeUpload(u);
    }
  }
}
