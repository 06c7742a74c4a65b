/** Shell settings kept beside the window state: where the data folder is (the user may move it). */
import { readFileSync, writeFileSync } from 'node:fs';

export interface ShellSettings {
  dataDir: string | null;
}

export function readSettings(file: string): ShellSettings {
  try {
    const raw = JSON.parse(readFileSync(file, 'utf8')) as Partial<ShellSettings>;
    return { dataDir: typeof raw.dataDir === 'string' && raw.dataDir.length > 0 ? raw.dataDir : null };
  } catch {
    return { dataDir: null };
  }
}

export function writeSettings(file: string, s: ShellSettings): void {
  writeFileSync(file, JSON.stringify(s, null, 2));
}
