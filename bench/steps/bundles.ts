/**
 * Bundles with large evidence, as units send them: Args: DIR FILE_LIST [COUNT] [EVIDENCE_MB]
 *
 * Writes (once; kept in DIR while the list's first workbooks are the same)
 * COUNT bundles (.zip: one of the dataset's workbooks and four evidence files
 * of EVIDENCE_MB / 4 MB each, random bytes, stored as JPEG photos are: they
 * do not compress), and one zip holding them all, deflated (a zip of every
 * unit's bundle, as the bureau may be sent). Prints the two lists' paths for
 * import.ts; the import's peak RSS is the figure (it should grow with the
 * largest bundle, not with their number).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { zipSync, type Zippable } from 'fflate';
import { readList } from './common';

const [dir, list, countArg, mbArg] = process.argv.slice(2) as [string, string, string | undefined, string | undefined];
const count = Number(countArg ?? 8);
const evidenceMb = Number(mbArg ?? 64);
const books = readList(list).slice(0, count);
mkdirSync(dir, { recursive: true });
const key = JSON.stringify({ books: books.map((b) => basename(b)), evidenceMb, v: 1 });
const keyFile = join(dir, 'key.json');
const paths = books.map((b) => join(dir, basename(b).replace(/\.xlsx$/, '.zip')));
const outer = join(dir, 'all-units.zip');
if (!existsSync(keyFile) || readFileSync(keyFile, 'utf8') !== key || ![...paths, outer].every((p) => existsSync(p))) {
  const all: Zippable = {};
  books.forEach((b, i) => {
    const files: Zippable = { [basename(b)]: [readFileSync(b), { level: 6 }] };
    for (let k = 0; k < 4; k++) files[`佐证材料/现场照片${k + 1}.jpg`] = [randomBytes((evidenceMb / 4) * 1024 * 1024), { level: 0 }];
    const z = zipSync(files);
    writeFileSync(paths[i] as string, z);
    all[`各单位/${basename(paths[i] as string)}`] = [z, { level: 1 }];
  });
  writeFileSync(outer, zipSync(all));
  writeFileSync(keyFile, key);
}
const folderList = join(dir, 'folder.txt');
const outerList = join(dir, 'outer.txt');
writeFileSync(folderList, paths.join('\n'));
writeFileSync(outerList, outer);
process.stdout.write(`${JSON.stringify({ folderList, outerList, bundles: count, evidenceMb })}\n`);
