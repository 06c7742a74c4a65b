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

/**
 * Calls that clean up after the page (uploads not imported, files not saved):
 * sent with `keepalive`, so that they are still made when the page is closed
 * or reloaded meanwhile. Browsers take at most 64 KB of such bodies in flight,
 * all calls together: only these, and only small.
 */
const OUTLIVES_PAGE = new Set<string>(['exchange.uploadDiscard', 'exchange.discardPrepared']);
const KEEPALIVE_CHARS = 8 * 1024;

const httpCall: Client = async (name, input) => {
  try {
    const body = JSON.stringify(input ?? {});
    const res = await fetch(`./api/${name}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Eco-Token': token() },
      body,
      keepalive: OUTLIVES_PAGE.has(name) && body.length <= KEEPALIVE_CHARS,
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

/** Clicks a link that downloads `href` as `fileName`. */
function follow(href: string, fileName: string): void {
  const a = document.createElement('a');
  a.href = href;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
}

async function download(file: SaveFileRequest): Promise<boolean> {
  // A file the core prepared on disk: streamed by the host as a download, never held in the page.
  if (file.prepared) {
    follow(`./download/${encodeURIComponent(file.prepared)}?t=${encodeURIComponent(token())}`, file.fileName);
    return true;
  }
  const url = URL.createObjectURL(new Blob([base64ToBytes(file.dataBase64)]));
  follow(url, file.fileName);
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return true;
}

function pickHost(): Host {
  const bridge = window.ecoApi;
  if (bridge) {
    return {
      kind: 'electron',
      call: ((name, input) => bridge.call(name, input)) as Client,
      saveFile: async (f) => {
        const r = await bridge.saveFile(f);
        if (r.error) throw new Error(r.error.message);
        return r.saved;
      },
      printForm: (req) => bridge.printForm(req),
    };
  }
  return { kind: 'browser', call: httpCall, saveFile: download };
}

export const host: Host = pickHost();
export const api: Client = (name, input) => host.call(name, input);
