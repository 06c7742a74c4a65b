/**
 * The stored zip writer (electron/core/exchange/stored-zip.ts): what the unit's
 * bundle and the 佐证材料包 are written with. Read back by other programs:
 * Python's zipfile (every entry's CRC checked), Info-ZIP's unzip -t, 7-Zip,
 * bsdtar and fflate. ZIP64's records are written for small files here by lowering
 * where ZIP64 begins; SOAK=1 (`npm run test:soak`) also writes a real
 * package of more than 4 GiB.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, createWriteStream, ftruncateSync, openSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { dosDateTime } from '../../electron/core/exchange/excel-text';
import { StoredZip, type Zip64From } from '../../electron/core/exchange/stored-zip';
import { tempDir } from '../helpers/db';

const PYTHON = '/usr/bin/python3';
const noTurn = (): Promise<void> => Promise.resolve();
const unreadable = (err: unknown): Error => new Error(`unreadable: ${String(err)}`);
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** Python's zipfile on the package: testzip (every CRC), then each entry's name, size and SHA-256, and whether the archive needed ZIP64. */
function python(zip: string): { bad: string | null; entries: { name: string; size: number; sha256: string; version: number }[] } {
  const script = `
import hashlib, json, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    bad = z.testzip()
    out = []
    for i in z.infolist():
        h = hashlib.sha256()
        with z.open(i) as f:
            for b in iter(lambda: f.read(1 << 20), b''):
                h.update(b)
        out.append({'name': i.filename, 'size': i.file_size, 'sha256': h.hexdigest(), 'version': i.extract_version})
print(json.dumps({'bad': bad, 'entries': out}))
`;
  return JSON.parse(execFileSync(PYTHON, ['-c', script, zip], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })) as ReturnType<typeof python>;
}

/** Info-ZIP's test of every entry; its summary line. */
const unzipTest = (zip: string): string => execFileSync('unzip', ['-t', zip], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).trim().split('\n').at(-1) ?? '';

/** 7-Zip (what many offices unpack with) and libarchive's bsdtar test every entry too (each throws on an error); 7-Zip's warnings are errors here. */
function othersRead(zip: string, names: string[]): void {
  const seven = execFileSync('7zz', ['t', zip], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  expect(seven).toContain('Everything is Ok');
  expect(seven).not.toMatch(/WARNING|Warnings:/);
  const listed = execFileSync('bsdtar', ['-tf', zip], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).split('\n').filter(Boolean);
  expect(listed).toEqual(names);
  execFileSync('bsdtar', ['-xOf', zip], { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
}

async function write(path: string, from: Zip64From | undefined, fill: (zip: StoredZip) => Promise<void>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  const zip = new StoredZip((c) => chunks.push(c.slice()), new Date(2021, 6, 14, 9, 30), from);
  await fill(zip);
  zip.end();
  const bytes = Buffer.concat(chunks);
  writeFileSync(path, bytes);
  return bytes;
}

describe('zip entry times', () => {
  it('are China time, whatever zone this computer is set to (an export at 23:30 in Beijing shows 23:30 where it is unzipped)', () => {
    const t = dosDateTime(new Date('2021-10-05T15:30:00Z'));
    expect([t >>> 16, t & 0xffff]).toEqual([((2021 - 1980) << 9) | (10 << 5) | 5, (23 << 11) | (30 << 5)]);
    // Past midnight in China is the next day.
    expect(dosDateTime(new Date('2021-10-05T16:30:00Z')) >>> 16).toBe(((2021 - 1980) << 9) | (10 << 5) | 6);
  });
});

describe('the stored zip writer', () => {
  const dir = tempDir('eco-zip-');
  const photo = join(dir, 'photo.bin');
  const photoBytes = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 251));
  writeFileSync(photo, photoBytes);
  const small = join(dir, 'small.bin');
  writeFileSync(small, '短文件');
  const contents: Record<string, Uint8Array> = {
    '佐证材料-2021年第三季度/目录.xlsx': Buffer.from('目录'.repeat(400)),
    '佐证材料-2021年第三季度/01 任务/济阳街道/照片.jpg': photoBytes,
    '佐证材料-2021年第三季度/01 任务/济阳街道/说明.txt': Buffer.from('短文件'),
    'empty.txt': new Uint8Array(0),
  };
  const fill = async (zip: StoredZip): Promise<void> => {
    zip.add('佐证材料-2021年第三季度/目录.xlsx', contents['佐证材料-2021年第三季度/目录.xlsx']!);
    expect(await zip.addFile('佐证材料-2021年第三季度/01 任务/济阳街道/照片.jpg', photo, noTurn, unreadable)).toBe(sha(photoBytes));
    expect(await zip.addFile('佐证材料-2021年第三季度/01 任务/济阳街道/说明.txt', small, noTurn, unreadable)).toBe(sha(Buffer.from('短文件')));
    zip.add('empty.txt', new Uint8Array(0));
  };
  const expected = Object.entries(contents).map(([name, b]) => ({ name, size: b.length, sha256: sha(b) }));

  it('within the classic limits: no ZIP64 record, read by Python, unzip and fflate alike, names in UTF-8, made by Unix', async () => {
    const path = join(dir, 'classic.zip');
    const bytes = await write(path, undefined, fill);
    expect(bytes.includes(Buffer.from([0x50, 0x4b, 6, 6]))).toBe(false);
    const py = python(path);
    expect(py.bad).toBeNull();
    expect(py.entries.map(({ name, size, sha256 }) => ({ name, size, sha256 }))).toEqual(expected);
    expect(py.entries.every((e) => e.version === 20)).toBe(true);
    expect(unzipTest(path)).toBe('No errors detected in compressed data of ' + path + '.');
    othersRead(path, Object.keys(contents));
    const read = unzipSync(new Uint8Array(bytes));
    expect(Object.keys(read)).toEqual(Object.keys(contents));
    expect(Buffer.from(read['佐证材料-2021年第三季度/01 任务/济阳街道/照片.jpg']!).equals(photoBytes)).toBe(true);
    // zipinfo: every entry made by Unix, -rw-r--r--, stored.
    const info = execFileSync('zipinfo', [path], { encoding: 'utf8' }).split('\n').filter((l) => l.startsWith('-'));
    expect(info).toHaveLength(4);
    for (const l of info) expect(l).toMatch(/^-rw-r--r-- +[\d.]+ unx +\d+ [bt][xl-] +stor /);
  });

  it('ZIP64 where the sizes, offsets and the count need it: read back the same, every CRC checked', async () => {
    // ZIP64 from 1,000 bytes and 3 entries: the photo (5,000 bytes) in memory and streamed, entries past 1,000 bytes into the file, four entries.
    const from: Zip64From = { bytes: 1000, entries: 3 };
    const path = join(dir, 'zip64.zip');
    const bytes = await write(path, from, fill);
    // The ZIP64 end record and its locator, before the classic end record whose fields say "see ZIP64".
    const end = bytes.length - 22;
    expect(bytes.readUInt32LE(end)).toBe(0x06054b50);
    expect(bytes.readUInt32LE(end - 20)).toBe(0x07064b50);
    expect(bytes.readUInt32LE(Number(bytes.readBigUInt64LE(end - 12)))).toBe(0x06064b50);
    // The count and the directory's offset are over those limits (the directory's size, 441 bytes, is not).
    expect([bytes.readUInt16LE(end + 10), bytes.readUInt32LE(end + 12), bytes.readUInt32LE(end + 16)]).toEqual([0xffff, 441, 0xffffffff]);
    // The streamed photo's data descriptor has eight-byte sizes (its local header has the ZIP64 field); the short file's, four.
    const descriptor = (crc: number, size: number, wide: boolean): Buffer => {
      const d = Buffer.alloc(wide ? 24 : 16);
      d.writeUInt32LE(0x08074b50, 0);
      d.writeUInt32LE(crc, 4);
      if (wide) [8, 16].forEach((at) => d.writeBigUInt64LE(BigInt(size), at));
      else [8, 12].forEach((at) => d.writeUInt32LE(size, at));
      return d;
    };
    expect(bytes.includes(descriptor(crc32(photoBytes), 5000, true))).toBe(true);
    expect(bytes.includes(descriptor(crc32(Buffer.from('短文件')), 9, false))).toBe(true);
    const py = python(path);
    expect(py.bad).toBeNull();
    expect(py.entries.map(({ name, size, sha256 }) => ({ name, size, sha256 }))).toEqual(expected);
    // The photo (ZIP64 in both headers, an eight-byte descriptor) and every entry past the 1,000th byte need version 4.5.
    expect(py.entries.map((e) => e.version)).toEqual([45, 45, 45, 45]);
    expect(unzipTest(path)).toBe('No errors detected in compressed data of ' + path + '.');
    othersRead(path, Object.keys(contents));
    const read = unzipSync(new Uint8Array(bytes));
    expect(Object.entries(read).map(([name, b]) => ({ name, size: b.length, sha256: sha(b) }))).toEqual(expected);
  });

  it('65,535 entries or more: counted in the ZIP64 end record', async () => {
    const path = join(dir, 'many.zip');
    const n = 70_000;
    await write(path, undefined, async (zip) => {
      for (let i = 0; i < n; i++) zip.add(`照片/${i}.txt`, Buffer.from(String(i)));
      return Promise.resolve();
    });
    const py = python(path);
    expect(py.bad).toBeNull();
    expect(py.entries).toHaveLength(n);
    expect(py.entries[n - 1]).toMatchObject({ name: `照片/${n - 1}.txt`, size: String(n - 1).length });
    expect(unzipTest(path)).toBe('No errors detected in compressed data of ' + path + '.');
  });

  it('a file whose CRC-32 and size are known before (the package’s check pass): in its header, no data descriptor; a file changed since is said', async () => {
    for (const from of [undefined, { bytes: 1000, entries: 3 }]) {
      const path = join(dir, from ? 'known64.zip' : 'known.zip');
      const bytes = await write(path, from, async (zip) => {
        expect(await zip.addFile('照片.jpg', photo, noTurn, unreadable, { crc: crc32(photoBytes), size: photoBytes.length })).toBe(sha(photoBytes));
        zip.add('目录.xlsx', Buffer.from('目录'));
      });
      // Bit 3 (a data descriptor follows) not set in the local header, and no descriptor in the file.
      expect(bytes.readUInt16LE(6) & 0x0008).toBe(0);
      expect(bytes.includes(Buffer.from([0x50, 0x4b, 7, 8]))).toBe(false);
      const py = python(path);
      expect(py.bad).toBeNull();
      expect(py.entries.map((e) => [e.name, e.size, e.sha256])).toEqual([
        ['照片.jpg', 5000, sha(photoBytes)],
        ['目录.xlsx', 6, sha(Buffer.from('目录'))],
      ]);
      expect(unzipTest(path)).toBe('No errors detected in compressed data of ' + path + '.');
      othersRead(path, ['照片.jpg', '目录.xlsx']);
    }
    const zip = new StoredZip(() => undefined, new Date());
    await expect(zip.addFile('照片.jpg', photo, noTurn, unreadable, { crc: crc32(photoBytes) ^ 1, size: photoBytes.length })).rejects.toThrow(/^unreadable: .*文件在读取时被改动/);
  });

  it('a file that cannot be read is said as such; a sink that cannot write (a full disk) is thrown as it is', async () => {
    const zip = new StoredZip(() => undefined, new Date());
    await expect(zip.addFile('a.jpg', join(dir, 'missing.jpg'), noTurn, unreadable)).rejects.toThrow(/^unreadable: /);
    expect(() => zip.add(`${'照'.repeat(30_000)}.jpg`, new Uint8Array(1))).toThrow(/^压缩包中的文件名过长（90004 字节，上限 65535）：照{40}…$/);
    const full = new StoredZip((c) => {
      if (c.length > 100) throw new Error('ENOSPC');
    }, new Date());
    await expect(full.addFile('照片.jpg', photo, noTurn, unreadable)).rejects.toThrow(/^ENOSPC$/);
  });

  it.runIf(process.env.SOAK)(
    'a real package of more than 4 GiB: an entry of 4.1 GiB streamed from a file, then one past it (read by Python and unzip)',
    async () => {
      const big = join(dir, 'video.bin');
      const fd = openSync(big, 'w');
      ftruncateSync(fd, 4400 * 1024 ** 2);
      writeSync(fd, Buffer.from('视频的结尾'), 0, undefined, 4400 * 1024 ** 2 - 15);
      closeSync(fd);
      const size = statSync(big).size;
      const path = join(dir, 'big.zip');
      const out = createWriteStream(path);
      const zip = new StoredZip((c) => out.write(c), new Date());
      zip.add('目录.xlsx', Buffer.from('目录'));
      await zip.addFile('视频/大文件.mp4', big, () => new Promise((r) => (out.writableNeedDrain ? out.once('drain', r) : r())), unreadable);
      await zip.addFile('照片/照片.jpg', photo, noTurn, unreadable);
      zip.end();
      await new Promise((r) => out.end(r));
      expect(statSync(path).size).toBeGreaterThan(size);
      const py = python(path);
      expect(py.bad).toBeNull();
      expect(py.entries.map((e) => [e.name, e.size, e.version])).toEqual([
        ['目录.xlsx', 6, 20],
        ['视频/大文件.mp4', size, 45],
        ['照片/照片.jpg', 5000, 45],
      ]);
      expect(py.entries[2]!.sha256).toBe(sha(photoBytes));
      expect(unzipTest(path)).toBe('No errors detected in compressed data of ' + path + '.');
      othersRead(path, ['目录.xlsx', '视频/大文件.mp4', '照片/照片.jpg']);
      rmSync(big);
      rmSync(path);
    },
    600_000,
  );
});
