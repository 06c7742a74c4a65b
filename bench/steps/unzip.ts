/** The floor: merely reading and unzipping every file. Args: FILE_LIST */
import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import { readList, report, seconds } from './common';

const files = readList(process.argv[2] as string);
const t0 = process.hrtime.bigint();
let out = 0;
for (const f of files) for (const v of Object.values(unzipSync(readFileSync(f)))) out += v.length;
report({ seconds: seconds(t0), files: files.length, uncompressedBytes: out });
