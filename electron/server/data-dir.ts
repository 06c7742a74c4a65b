/** Where the browser-mode host keeps its data when no --data-dir is given: a per-user folder. */
import { homedir } from 'node:os';
import { join } from 'node:path';

export const DB_FILE = 'eco-progress.db';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'eco-progress');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'eco-progress');
  return join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'eco-progress');
}
