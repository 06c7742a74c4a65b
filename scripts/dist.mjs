// npm run dist: build, rebuild better-sqlite3 for Electron's ABI, package into release/; then rebuild it for Node
// whatever happened (so the tests keep working), and exit with the status of the first step that failed.
import { spawnSync } from 'node:child_process';

const run = (command) => spawnSync(command, { stdio: 'inherit', shell: true }).status ?? 1;

let status = 0;
for (const command of ['npm run build', 'npm run rebuild:electron', 'npx electron-builder --publish never']) {
  status = run(command);
  if (status !== 0) {
    console.error(`npm run dist: “${command}” failed (exit ${status}); better-sqlite3 is rebuilt for Node all the same.`);
    break;
  }
}
const back = run('npm run rebuild:node');
process.exit(status !== 0 ? status : back);
