/** Files picked or dropped by the user, as the API wants them: base64 text, or uploaded piece by piece. */
import type { FileBlob } from '../../shared/api/exchange';
import type { Result } from '../../shared/errors';
import { api } from './client';

export function bytesToBase64(bytes: Uint8Array): string {
  let bin = '';
  const step = 0x8000;
  for (let i = 0; i < bytes.length; i += step) bin += String.fromCharCode(...bytes.subarray(i, i + step));
  return btoa(bin);
}

export async function fileToBlob(file: File, name = file.webkitRelativePath || file.name): Promise<FileBlob> {
  return { name, dataBase64: bytesToBase64(new Uint8Array(await file.arrayBuffer())) };
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} 字节`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** Bytes per piece of an upload (the core takes up to 16 MB). */
export const UPLOAD_PIECE = 8 * 1024 * 1024;

/**
 * Brings a picked file to the core for an import (exchange.uploadStart and
 * uploadChunk), a piece at a time: a folder of bundles with photos never
 * crosses as one message. Gives the upload's id (on a failure too, when it
 * had begun, to be discarded); `progress` gets the share sent so far. A file larger than the import takes is not sent (the import
 * refuses it, saying so).
 */
export async function uploadFile(file: File, name: string, progress: (share: number) => void): Promise<Result<string> & { id?: string }> {
  const start = await api('exchange.uploadStart', { name, size: file.size });
  if (!start.ok) return start;
  const { id, accepted } = start.value;
  if (accepted) {
    for (let at = 0; at < file.size; at += UPLOAD_PIECE) {
      let bytes: Uint8Array;
      try {
        bytes = new Uint8Array(await file.slice(at, at + UPLOAD_PIECE).arrayBuffer());
      } catch {
        // The id goes back with the failure, for the caller to discard what was sent.
        return { ok: false, error: { code: 'unreadable', message: `无法读取文件“${name}”（是否已被移走、改名或删除？）` }, id };
      }
      const r = await api('exchange.uploadChunk', { id, offset: at, dataBase64: bytesToBase64(bytes) });
      if (!r.ok) return { ...r, id };
      progress(Math.min(1, (at + bytes.length) / Math.max(1, file.size)));
    }
  }
  return { ok: true, value: id };
}
