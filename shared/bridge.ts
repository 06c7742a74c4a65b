/**
 * What the Electron preload exposes as `window.ecoApi`. Type-only: shared by
 * the preload (which implements it) and the renderer's adapter (which uses it).
 */
import type { ApiError } from './errors';

export type BridgeResult = { ok: true; value: unknown } | { ok: false; error: ApiError };

export interface SaveFileRequest {
  fileName: string;
  dataBase64: string;
}

export interface EcoBridge {
  call(name: string, input: unknown): Promise<BridgeResult>;
  /** Native save dialog; false when the user cancelled. */
  saveFile(file: SaveFileRequest): Promise<{ saved: boolean; path: string | null }>;
}
