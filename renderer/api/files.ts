/** Files picked or dropped by the user, as the API wants them: base64 text. */
import type { FileBlob } from '../../shared/api/exchange';

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
