import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The folders `tempDir` made for the test file running: removed after its tests (test/helpers/cleanup.ts). */
export const madeDirs: string[] = [];

/** A new folder in the system's temporary folder, removed after the test file. */
export function tempDir(prefix = 'eco-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  madeDirs.push(dir);
  return dir;
}
