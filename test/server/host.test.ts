/** The browser-mode host over real HTTP: token, Origin and Host checks, and the API round trip. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareFile } from '../../electron/core/exchange/outgoing';
import { startHost, type RunningHost } from '../../electron/server/host';
import { Core } from '../../electron/core/service';
import { DB_FILE } from '../../electron/server/data-dir';
import { FIXED_NOW, scribble, tempDir } from '../helpers/db';

let host: RunningHost;
let rendererDir = '';

function http(opts: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; body: string; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: host.port, method: opts.method ?? 'GET', path: opts.path, headers: opts.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

const origin = () => `http://127.0.0.1:${host.port}`;
const api = (name: string, body: unknown, headers: Record<string, string> = {}) =>
  http({ method: 'POST', path: `/api/${name}`, body: JSON.stringify(body), headers: { Host: `127.0.0.1:${host.port}`, Origin: origin(), 'Content-Type': 'application/json', 'X-Eco-Token': host.token, ...headers } });

beforeAll(async () => {
  const renderer = tempDir('eco-renderer-');
  mkdirSync(join(renderer, 'assets'));
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><html><head><title>t</title></head><body></body></html>');
  writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log(1)');
  rendererDir = renderer;
  host = await startHost({ dataDir: tempDir('eco-host-'), rendererDir: renderer, port: 0, now: () => FIXED_NOW });
});

afterAll(async () => {
  await host?.close();
});

describe('browser-mode host', () => {
  it('listens on 127.0.0.1 and serves the page with this start’s token and a strict CSP', async () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const r = await http({ path: '/', headers: { Host: `127.0.0.1:${host.port}` } });
    expect(r.status).toBe(200);
    expect(r.body).toContain(`content="${host.token}"`);
    expect(r.headers['content-security-policy']).toContain("script-src 'self'");
    expect(r.headers['cache-control']).toBe('no-store');
    const js = await http({ path: '/assets/app.js', headers: { Host: `localhost:${host.port}` } });
    expect(js.headers['content-type']).toContain('text/javascript');
  });

  it('a second start on a port in use (the app started twice) says where the first one is, in words', async () => {
    await expect(startHost({ dataDir: tempDir('eco-host-twice-'), rendererDir, port: host.port, now: () => FIXED_NOW })).rejects.toThrow(
      `端口 ${host.port} 已被占用：本程序可能已在运行，请在浏览器中打开 http://127.0.0.1:${host.port}/ ；或关闭占用该端口的程序，或用 --port 指定另一个端口`,
    );
  });

  it('answers a call with the token and our Origin', async () => {
    const r = await api('app.info', {});
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ ok: true, value: { initialized: false } });
    const init = JSON.parse((await api('app.init', { role: 'bureau' })).body) as { ok: boolean };
    expect(init.ok).toBe(true);
  });

  it('passes core errors through as values', async () => {
    const r = JSON.parse((await api('reports.forUnit', { unit: '不存在的单位', period: '2021-Q3' })).body) as { ok: boolean; error: { code: string } };
    expect(r).toMatchObject({ ok: false, error: { code: 'unknown_unit' } });
    const unknown = JSON.parse((await api('nope.call', {})).body) as { error: { code: string } };
    expect(unknown.error.code).toBe('unknown_call');
  });

  it('streams a file the core prepared as a download (with the token only), once: then it is gone', async () => {
    const text = 'evidence package bytes '.repeat(1000);
    const f = await prepareFile(host.core.ctx, async (target) => (writeFileSync(target, text), { bytes: text.length, sha256: 'x' }), () => '佐证材料-2021年.zip');
    const path = `/download/${f.prepared!}`;
    expect((await http({ path: `${path}?t=wrong`, headers: { Host: `127.0.0.1:${host.port}` } })).status).toBe(403);
    const got = await http({ path: `${path}?t=${host.token}`, headers: { Host: `127.0.0.1:${host.port}` } });
    expect(got.status).toBe(200);
    expect(got.body).toBe(text);
    expect(got.headers['content-disposition']).toBe(`attachment; filename*=UTF-8''${encodeURIComponent('佐证材料-2021年.zip')}`);
    const again = await http({ path: `${path}?t=${host.token}`, headers: { Host: `127.0.0.1:${host.port}` } });
    expect(again.status).toBe(404);
    expect(JSON.parse(again.body).error.message).toBe('要保存的文件已不在（应用重启过，或已保存、已放弃），请重新导出');
    expect((await http({ path: `${path}?t=${host.token}`, headers: { Host: 'evil.example' } })).status).toBe(421);
  });

  it('refuses a missing or wrong token', async () => {
    expect((await api('app.info', {}, { 'X-Eco-Token': 'x'.repeat(64) })).status).toBe(403);
    expect((await http({ method: 'POST', path: '/api/app.info', body: '{}', headers: { Host: `127.0.0.1:${host.port}`, Origin: origin(), 'Content-Type': 'application/json' } })).status).toBe(403);
  });

  it('refuses another web page (Origin) and DNS rebinding (Host)', async () => {
    expect((await api('app.info', {}, { Origin: 'http://evil.example' })).status).toBe(403);
    expect((await api('app.info', {}, { Host: `evil.example:${host.port}` })).status).toBe(421);
    expect((await http({ path: '/', headers: { Host: 'evil.example' } })).status).toBe(421);
  });

  it('refuses GET on the API, non-JSON bodies and broken JSON', async () => {
    expect((await http({ path: '/api/app.info', headers: { Host: `127.0.0.1:${host.port}` } })).status).toBe(405);
    expect((await api('app.info', {}, { 'Content-Type': 'text/plain' })).status).toBe(415);
    const bad = await http({ method: 'POST', path: '/api/app.info', body: '{', headers: { Host: `127.0.0.1:${host.port}`, Origin: origin(), 'Content-Type': 'application/json', 'X-Eco-Token': host.token } });
    expect(bad.status).toBe(400);
  });
});

describe('a database that cannot be opened', () => {
  it('is restored from a whole copy on a USB stick through the API, evidence and all', async () => {
    const dataDir = tempDir('eco-host-damaged-');
    const dbPath = join(dataDir, DB_FILE);
    const core = await Core.open(dbPath, { create: true, now: () => FIXED_NOW });
    await core.run('app.init', { role: 'bureau' });
    await core.run('demo.fill', { period: '2021-Q3' });
    const usb = join(tempDir('eco-host-usb-'), 'U盘');
    await core.run('backup.create', { folder: usb });
    core.close();
    scribble(dbPath);
    const saved = host;
    host = await startHost({ dataDir, rendererDir, port: 0, now: () => FIXED_NOW });
    try {
      expect(host.openError?.code).toBe('db_corrupt');
      // The copy's folder can be chosen rather than typed: its folders are listed, the copy in it marked.
      const listed = JSON.parse((await api('folders.list', { path: dirname(usb) })).body) as unknown;
      expect(listed).toMatchObject({ ok: true, value: { path: dirname(usb), folders: [{ name: 'U盘', path: usb }] } });
      expect(JSON.parse((await api('folders.list', { path: usb })).body)).toMatchObject({ ok: true, value: { copies: ['生态文明进度备份-区局.db'] } });
      expect(JSON.parse((await api('folders.list', { path: 'U盘' })).body)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      const r = JSON.parse((await api('backup.restore', { copy: usb })).body) as unknown;
      expect(r).toMatchObject({ ok: true, value: { restoredFrom: join(usb, '生态文明进度备份-区局.db'), missing: 0 } });
      expect(host.openError).toBeNull();
      expect(JSON.parse((await api('app.info', {})).body)).toMatchObject({ ok: true, value: { role: 'bureau' } });
      expect((JSON.parse((await api('app.info', {})).body) as { value: { reportCount: number } }).value.reportCount).toBeGreaterThan(0);
    } finally {
      await host.close();
      host = saved;
    }
  });
});

