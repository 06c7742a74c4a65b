/**
 * The one adapter between the UI and the core: IPC through the preload's
 * `window.ecoApi` inside Electron, HTTP to the browser-mode host otherwise.
 * Both give the typed `Client` of shared/api.
 */
import type { Client } from '../../shared/api';
import type { Result } from '../../shared/errors';
import type { EcoBridge, PrintRequest, PrintResult, SaveFileRequest } from '../../shared/bridge';

declare global {
  interface Window {
    ecoApi?: EcoBridge;
  }
}

export interface Host {
  kind: 'electron' | 'browser';
  call: Client;
  /** Saves an exported file: a native dialog in Electron, a download in the browser. Rejects (saying why) when a prepared file cannot be read. */
  saveFile(file: SaveFileRequest): Promise<boolean>;
  /** Desktop only: the system print dialog or save as PDF; the browser prints from the preview frame. */
  printForm?: (req: PrintRequest) => Promise<PrintResult>;
}

function token(): string {
  return document.querySelector('meta[name="eco-token"]')?.getAttribute('content') ?? '';
}

const httpCall: Client = async (name, input) => {
  try {
    const res = await fetch(`./api/${name}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Eco-Token': token() },
      body: JSON.stringify(input ?? {}),
    });
    return (await res.json()) as Result<never>;
  } catch {
    return { ok: false, error: { code: 'host_unreachable', message: '无法连接本机服务，请确认程序仍在运行后刷新页面' } };
  }
};

function base64ToBytes(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Bytes per piece when a prepared file is read into a download (the core gives up to 16 MB). */
const DOWNLOAD_PIECE = 8 * 1024 * 1024;

/** A file the core prepared on disk, read in pieces (a Blob of them: never one string), then let go. Throws saying why it could not. */
async function preparedBlob(id: string): Promise<Blob> {
  const parts: Uint8Array<ArrayBuffer>[] = [];
  try {
    for (let offset = 0; ; offset += DOWNLOAD_PIECE) {
      const r = await httpCall('exchange.readPrepared', { id, offset, length: DOWNLOAD_PIECE });
      if (!r.ok) throw new Error(r.error.message);
      const piece = base64ToBytes(r.value.dataBase64);
      parts.push(piece);
      if (piece.length < DOWNLOAD_PIECE) break;
    }
  } finally {
    void httpCall('exchange.discardPrepared', { id });
  }
  return new Blob(parts);
}

async function download(file: SaveFileRequest): Promise<boolean> {
  const url = URL.createObjectURL(file.prepared ? await preparedBlob(file.prepared) : new Blob([base64ToBytes(file.dataBase64)]));
  const a = document.createElement('a');
  a.href = url;
  a.download = file.fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return true;
}

function pickHost(): Host {
  const bridge = window.ecoApi;
  if (bridge) {
    return {
      kind: 'electron',
      call: ((name, input) => bridge.call(name, input)) as Client,
      saveFile: async (f) => (await bridge.saveFile(f)).saved,
      printForm: (req) => bridge.printForm(req),
    };
  }
  return { kind: 'browser', call: httpCall, saveFile: download };
}

export const host: Host = pickHost();
export const api: Client = (name, input) => host.call(name, input);
