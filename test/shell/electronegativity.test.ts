/**
 * Doyensec's Electronegativity over the Electron shell. Its exit code is always
 * 0, so the test reads its CSV report: zero findings. `-e` names our Electron
 * version so it does not try to look releases up (this machine is offline).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/db';
import { ROOT } from '../helpers/spawn';

const ELECTRON_VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }).devDependencies.electron!;

function scan(dir: string): string[] {
  const report = join(tempDir(), 'electronegativity.csv');
  const bin = join(ROOT, 'node_modules', '.bin', 'electronegativity');
  const r = spawnSync(bin, ['-i', dir, '-e', ELECTRON_VERSION, '-o', report], { encoding: 'utf8', timeout: 120_000 });
  expect(r.error).toBeUndefined();
  const lines = readFileSync(report, 'utf8').trim().split('\n');
  expect(lines[0]).toMatch(/^issue, severity, confidence/);
  return lines.slice(1);
}

describe('electronegativity', () => {
  it('reports zero findings over electron/shell', () => {
    const findings = scan(join(ROOT, 'electron', 'shell'));
    expect(findings, `findings:\n${findings.join('\n')}`).toEqual([]);
  }, 150_000);

  it('does find a window without context isolation or sandbox (the scan is real)', () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'bad.ts'),
      "import { BrowserWindow } from 'electron';\nexport const w = new BrowserWindow({ webPreferences: { nodeIntegration: true, sandbox: false, contextIsolation: false } });\n",
    );
    const findings = scan(dir);
    expect(findings.join('\n')).toMatch(/CONTEXT_ISOLATION_JS_CHECK/);
    expect(findings.join('\n')).toMatch(/SANDBOX_JS_CHECK/);
  }, 150_000);
});
