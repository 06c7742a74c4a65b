/**
 * The floor with Node's own zlib (native code, as our import inflates): merely
 * reading and unzipping every file, each part found by the zip's central
 * directory and inflated with `inflateRawSync`. Args: FILE_LIST
 */
import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import { readList, report, seconds } from './common';

function unzip(buf: Buffer, file: string): number {
  let end = buf.length - 22;
  while (end >= 0 && buf.readUInt32LE(end) !== 0x06054b50) end--;
  if (end < 0) throw new Error(`${file}: no end of central directory`);
  const entries = buf.readUInt16LE(end + 10);
  let p = buf.readUInt32LE(end + 16);
  let out = 0;
  for (let i = 0; i < entries; i++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error(`${file}: bad central directory entry ${i}`);
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const local = buf.readUInt32LE(p + 42);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + size);
    out += method === 8 ? inflateRawSync(data).length : data.length;
    p += 46 + buf.readUInt16LE(p + 28) + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  return out;
}

const files = readList(process.argv[2] as string);
const t0 = process.hrtime.bigint();
let out = 0;
for (const f of files) out += unzip(readFileSync(f), f);
report({ seconds: seconds(t0), files: files.length, uncompressedBytes: out });
