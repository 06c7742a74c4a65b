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
  /** Saves an exported file: a native dialog in Electron, a download in the browser. */
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

function download(file: SaveFileRequest): boolean {
  const url = URL.createObjectURL(new Blob([base64ToBytes(file.dataBase64)]));
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
  return { kind: 'browser', call: httpCall, saveFile: async (f) => download(f) };
}

export const host: Host = pickHost();
export const api: Client = (name, input) => host.call(name, input);
