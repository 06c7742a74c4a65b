/**
 * What the Electron preload exposes as `window.ecoApi`. Type-only: shared by
 * the preload (which implements it) and the renderer's adapter (which uses it).
 */
import type { ApiError } from './errors';

export type BridgeResult = { ok: true; value: unknown } | { ok: false; error: ApiError };

export interface SaveFileRequest {
  fileName: string;
  dataBase64: string;
  /** A file the core prepared on disk (ExportedFile.prepared): saved from there, `dataBase64` empty. */
  prepared?: string;
}

/** A printed form: the `forms.render` input, and what to do with it. */
export interface PrintRequest {
  form: { form: string; period: string; unit?: string; blank?: boolean };
  /** The system print dialog, or a PDF through a native save dialog. */
  action: 'print' | 'pdf';
}

export type PrintResult = { ok: true; done: boolean; path: string | null } | { ok: false; error: ApiError };

export interface EcoBridge {
  call(name: string, input: unknown): Promise<BridgeResult>;
  /** Native save dialog; not saved when the user cancelled, or (with `error`, in Chinese) when it could not be. */
  saveFile(file: SaveFileRequest): Promise<{ saved: boolean; path: string | null; error?: ApiError }>;
  /** Desktop printing: system print dialog or save as PDF (with page numbers). */
  printForm(req: PrintRequest): Promise<PrintResult>;
}
