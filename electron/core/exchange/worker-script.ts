/**
 * The parser worker's script. A worker thread loads JavaScript only, and the
 * worker (parse-worker.ts) shares the workbook reader with the rest of the
 * core, so it is bundled into one .mjs file:
 *
 * - in the built app, electron/shell/bundle.ts writes it beside main.js;
 * - run from the source tree (tsx, vitest, the benchmark), it is bundled here
 *   with esbuild on first use and kept in node_modules/.cache/eco-progress,
 *   named by its content and rebuilt when a source file changes.
 *
 * npm packages stay external: the worker loads them from node_modules.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const WORKER_BUNDLE = 'parse-worker.mjs';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const SOURCE = join(HERE, 'parse-worker.ts');

/** esbuild options for the worker; the shell's bundler uses the same. */
export const WORKER_BUILD = { bundle: true, format: 'esm', platform: 'node', target: 'node20', packages: 'external', logLevel: 'silent' } as const;

interface Manifest {
  key: string;
  file: string;
  inputs: string[];
}

function cacheDir(): string {
  // node_modules/.cache beside the project's node_modules, else the temp folder.
  let dir = HERE;
  for (;;) {
    if (existsSync(join(dir, 'node_modules'))) return join(dir, 'node_modules', '.cache', 'eco-progress');
    const up = dirname(dir);
    if (up === dir) return join(tmpdir(), 'eco-progress-cache');
    dir = up;
  }
}

/** A key of the inputs' sizes and times: cheap to check on every start. */
function keyOf(root: string, inputs: readonly string[]): string | null {
  const h = createHash('sha256');
  for (const f of inputs) {
    try {
      const s = statSync(resolve(root, f));
      h.update(`${f}:${s.size}:${s.mtimeMs};`);
    } catch {
      return null;
    }
  }
  return h.digest('hex');
}

function writeAtomic(path: string, data: string | Uint8Array): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

let resolved: URL | null = null;

/** The URL to start the parser worker from. */
export function workerScript(): URL {
  if (resolved) return resolved;
  const built = new URL(`./${WORKER_BUNDLE}`, import.meta.url);
  if (!existsSync(SOURCE) && existsSync(fileURLToPath(built))) return (resolved = built);
  const dir = cacheDir();
  const manifestPath = join(dir, 'parse-worker.json');
  const root = resolve(HERE, '..', '..', '..');
  try {
    const m = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
    if (m.key === keyOf(root, m.inputs) && existsSync(join(dir, m.file))) return (resolved = pathToFileURL(join(dir, m.file)));
  } catch {
    // no manifest yet, or a damaged one: build
  }
  const esbuild = createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
  const out = esbuild.buildSync({ ...WORKER_BUILD, entryPoints: [SOURCE], absWorkingDir: root, write: false, metafile: true, outfile: join(dir, WORKER_BUNDLE) });
  const code = out.outputFiles[0]!.contents;
  const inputs = Object.keys(out.metafile.inputs);
  const file = `parse-worker-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.mjs`;
  mkdirSync(dir, { recursive: true });
  if (!existsSync(join(dir, file))) writeAtomic(join(dir, file), code);
  const key = keyOf(root, inputs);
  if (key) writeAtomic(manifestPath, JSON.stringify({ key, file, inputs } satisfies Manifest));
  return (resolved = pathToFileURL(join(dir, file)));
}
