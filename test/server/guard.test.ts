import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiCallName, BROWSER_CSP, isAllowedHost, isAllowedOrigin, tokensEqual } from '../../electron/server/guard';
import { injectToken, resolveInside } from '../../electron/server/static-files';
import { parseServeArgs } from '../../electron/server/main';
import { tempDir } from '../helpers/db';

describe('browser-mode host guards', () => {
  it('answers only our loopback Host (DNS rebinding gets a foreign Host)', () => {
    expect(isAllowedHost('127.0.0.1:5178', 5178)).toBe(true);
    expect(isAllowedHost('localhost:5178', 5178)).toBe(true);
    expect(isAllowedHost('evil.example:5178', 5178)).toBe(false);
    expect(isAllowedHost('127.0.0.1:5179', 5178)).toBe(false);
    expect(isAllowedHost('127.0.0.1', 5178)).toBe(false);
    expect(isAllowedHost(undefined, 5178)).toBe(false);
  });

  it('accepts API calls only from our own page', () => {
    expect(isAllowedOrigin('http://127.0.0.1:5178', 5178)).toBe(true);
    expect(isAllowedOrigin('http://localhost:5178', 5178)).toBe(true);
    expect(isAllowedOrigin('https://127.0.0.1:5178', 5178)).toBe(false);
    expect(isAllowedOrigin('http://127.0.0.1:80', 5178)).toBe(false);
    expect(isAllowedOrigin('null', 5178)).toBe(false);
    expect(isAllowedOrigin(undefined, 5178)).toBe(false);
  });

  it('compares tokens exactly', () => {
    expect(tokensEqual('abc', 'abc')).toBe(true);
    expect(tokensEqual('abd', 'abc')).toBe(false);
    expect(tokensEqual('ab', 'abc')).toBe(false);
    expect(tokensEqual(undefined, 'abc')).toBe(false);
  });

  it('maps API paths to call names and nothing else', () => {
    expect(apiCallName('/api/reports.save')).toBe('reports.save');
    expect(apiCallName('/api/../etc/passwd')).toBeNull();
    expect(apiCallName('/api/reports.save/x')).toBeNull();
    expect(apiCallName('/index.html')).toBeNull();
  });

  it('has a CSP without inline or eval scripts', () => {
    const script = BROWSER_CSP.split(';').find((d) => d.trim().startsWith('script-src'))!;
    expect(script.trim()).toBe("script-src 'self'");
    expect(BROWSER_CSP).toContain("object-src 'none'");
    expect(BROWSER_CSP).toContain("frame-ancestors 'none'");
  });

  it('never serves a file outside the renderer folder', () => {
    expect(resolveInside('/srv/r', '/')).toBe('/srv/r/index.html');
    expect(resolveInside('/srv/r', '/assets/a.js')).toBe('/srv/r/assets/a.js');
    expect(resolveInside('/srv/r', '/../secret')).toBe('/srv/r/secret');
    expect(resolveInside('/srv/r', '/%2e%2e/%2e%2e/etc/passwd')).toBe('/srv/r/etc/passwd');
    expect(resolveInside('/srv/r', '/a%00b')).toBeNull();
    expect(resolveInside('/srv/r', '/%E0%A4%A')).toBeNull();
  });

  it('puts the token into the page head', () => {
    expect(injectToken('<html><head><title>x</title></head></html>', 'T0K')).toContain('<meta name="eco-token" content="T0K" />');
  });

  it('parses serve arguments', () => {
    expect(parseServeArgs(['--port', '0', '--data-dir', '/tmp/d'])).toEqual({ port: 0, dataDir: '/tmp/d' });
    expect(() => parseServeArgs(['--port', 'x'])).toThrow(/--port/);
    expect(() => parseServeArgs(['--bogus'])).toThrow(/不认识的参数/);
    // Digits only; a relative folder from where the command was started; a file is no folder.
    for (const port of ['', '0x10', '1e3', '-1', '70000']) expect(() => parseServeArgs(['--port', port]), port).toThrow(`--port 应为 0–65535 之间的整数（0 表示自动选择），收到“${port}”`);
    expect(parseServeArgs(['--data-dir', 'sdata'], '/home/user/桌面')).toEqual({ port: 5178, dataDir: '/home/user/桌面/sdata' });
    const file = join(tempDir(), 'note.txt');
    writeFileSync(file, 'x');
    expect(() => parseServeArgs(['--data-dir', file])).toThrow(`“${file}”是一个文件，不是文件夹：--data-dir 应为存放数据的文件夹`);
  });
});
