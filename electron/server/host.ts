/**
 * The browser-mode host: the built renderer and the API over HTTP, on
 * 127.0.0.1 only. POST /api/<callName> with a JSON body runs Core.call and
 * answers its Result as JSON. Every API call needs our Origin, our Host and
 * the per-start token that the page carries in a meta tag.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream, mkdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { AppError, type ApiError } from '../../shared/errors';
import { notOpen, openCoreSlot } from '../core/core-slot';
import { takePrepared } from '../core/exchange/outgoing';
import { type Core, toApiError } from '../core/service';
import { DB_FILE } from './data-dir';
import { apiCallName, BROWSER_CSP, isAllowedHost, isAllowedOrigin, tokensEqual } from './guard';
import { injectToken, readStatic } from './static-files';

/** Imports carry files as base64; 30 workbooks with evidence fit well under this. */
const MAX_BODY = 400 * 1024 * 1024;

export interface HostOptions {
  dataDir: string;
  rendererDir: string;
  /** 0 picks a free port. */
  port?: number;
  now?: () => Date;
}

export interface RunningHost {
  url: string;
  port: number;
  token: string;
  dbPath: string;
  /** The open core; throws while the database cannot be opened (see `openError`). */
  readonly core: Core;
  /**
   * Why the database could not be opened (damaged, not a database, too new), or
   * null. While set, the page shows it and offers the newest good backup:
   * only the rescue calls are served (electron/core/core-slot.ts).
   */
  readonly openError: ApiError | null;
  close(): Promise<void>;
}

const SECURITY_HEADERS = {
  'Content-Security-Policy': BROWSER_CSP,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const data = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': data.length, 'Cache-Control': 'no-store' });
  res.end(data);
}

function refuse(res: ServerResponse, status: number, code: string, message: string): void {
  const error: ApiError = { code, message };
  sendJson(res, status, { ok: false, error });
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolvePromise, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error('too_large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolvePromise(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function startHost(opts: HostOptions): Promise<RunningHost> {
  mkdirSync(opts.dataDir, { recursive: true });
  const dbPath = join(opts.dataDir, DB_FILE);
  // A database we cannot open is shown in the page (with its backups), not a dead host.
  const slot = await openCoreSlot(dbPath, { create: true, autoBackup: true, ...(opts.now ? { now: opts.now } : {}) });
  const token = randomBytes(32).toString('hex');
  let port = 0;

  async function handleApi(req: IncomingMessage, res: ServerResponse, name: string): Promise<void> {
    if (req.method !== 'POST') return refuse(res, 405, 'method_not_allowed', '只接受 POST 请求');
    if (!isAllowedOrigin(req.headers.origin, port)) return refuse(res, 403, 'forbidden_origin', '拒绝来自其他网页的请求');
    if (!tokensEqual(req.headers['x-eco-token'] as string | undefined, token)) {
      return refuse(res, 403, 'bad_token', '访问令牌无效，请刷新页面');
    }
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
      return refuse(res, 415, 'bad_content_type', '请求格式应为 JSON');
    }
    let input: unknown;
    try {
      const body = await readBody(req);
      input = body.length ? JSON.parse(body.toString('utf8')) : {};
    } catch (err) {
      if (err instanceof Error && err.message === 'too_large') return refuse(res, 413, 'too_large', '一次上传的文件过大，请分批导入');
      return refuse(res, 400, 'bad_json', '请求内容不是有效的 JSON');
    }
    // Core.call never throws and refuses unknown names itself.
    sendJson(res, 200, await slot.call(name, input));
  }

  /**
   * GET /download/<id>?t=<token>: a file the core prepared for saving
   * (exchange.prepareOriginal, prepareEvidencePackage), streamed from disk as
   * a download, never held in the page; served once, removed once sent (or
   * abandoned).
   */
  function handleDownload(req: IncomingMessage, res: ServerResponse, url: URL): void {
    if (req.method !== 'GET') return refuse(res, 405, 'method_not_allowed', '只接受 GET 请求');
    if (!tokensEqual(url.searchParams.get('t') ?? undefined, token)) return refuse(res, 403, 'bad_token', '访问令牌无效，请刷新页面');
    const core = slot.core;
    if (!core) return refuse(res, 503, 'not_open', '数据库未打开');
    const ctx = core.ctx;
    const id = decodeURIComponent(url.pathname.slice('/download/'.length));
    let file;
    try {
      file = takePrepared(ctx, id);
    } catch (err) {
      return refuse(res, 404, 'not_found', toApiError(err).message);
    }
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': 'application/octet-stream',
      'Content-Length': file.bytes,
      'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
      'Cache-Control': 'no-store',
    });
    const stream = createReadStream(file.path);
    // Sent or abandoned (the page closed mid-way), it goes.
    res.on('close', () => {
      stream.destroy();
      file.done();
    });
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  }

  async function handleStatic(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'method_not_allowed', '不支持的请求方法');
    const file = (await readStatic(opts.rendererDir, pathname)) ?? (pathname.includes('.') ? null : await readStatic(opts.rendererDir, '/'));
    if (!file) return refuse(res, 404, 'not_found', '找不到该文件');
    const isHtml = file.type.startsWith('text/html');
    const body = isHtml ? Buffer.from(injectToken(file.body.toString('utf8'), token)) : file.body;
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': file.type,
      'Content-Length': body.length,
      // The page carries this start's token, so it must never come from a cache.
      'Cache-Control': isHtml ? 'no-store' : 'public, max-age=3600',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  const server = createServer((req, res) => {
    if (!isAllowedHost(req.headers.host, port)) return refuse(res, 421, 'forbidden_host', '拒绝访问：主机名不正确');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const pathname = url.pathname;
    if (pathname.startsWith('/download/')) return handleDownload(req, res, url);
    const name = apiCallName(pathname);
    const work = name ? handleApi(req, res, name) : pathname.startsWith('/api/') ? Promise.resolve(refuse(res, 404, 'unknown_call', '没有这个调用')) : handleStatic(req, res, pathname);
    work.catch((err: unknown) => {
      if (!res.headersSent) refuse(res, 500, 'internal', `程序内部错误：${err instanceof Error ? err.message : String(err)}`);
      else res.destroy();
    });
  });
  server.requestTimeout = 10 * 60_000;

  await new Promise<void>((ok, fail) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      // Most likely the app started twice: where the first one is, in words.
      if (err.code === 'EADDRINUSE') {
        fail(new AppError('port_in_use', `端口 ${opts.port} 已被占用：本程序可能已在运行，请在浏览器中打开 http://127.0.0.1:${opts.port}/ ；或关闭占用该端口的程序，或用 --port 指定另一个端口`));
      } else fail(err);
    });
    server.listen(opts.port ?? 0, '127.0.0.1', () => ok());
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    token,
    dbPath,
    get core(): Core {
      const core = slot.core;
      if (!core) {
        const why = notOpen(slot);
        throw new AppError(why.code, why.message);
      }
      return core;
    },
    get openError(): ApiError | null {
      return slot.openError;
    },
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => {
          slot.close();
          ok();
        });
      }),
  };
}
