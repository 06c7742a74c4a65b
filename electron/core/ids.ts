/**
 * Record ids: UUID version 7 (RFC 9562), time-ordered. A new row's id sorts
 * after the ids before it, so inserting it touches the right edge of its
 * primary-key index instead of a random page of it: with random (version 4)
 * ids, every report, history row and import record written dirtied a page of
 * its own, and a bulk import into a database of 100,000 reports wrote several
 * times more pages to the WAL than the rows themselves needed.
 *
 * 48 bits of Unix milliseconds, then a 12-bit counter for ids made in the
 * same millisecond (so they too are in order), then 62 random bits. Ids
 * remain unique and opaque; nothing reads the time back out of them.
 */
import { randomFillSync } from 'node:crypto';

const pool = Buffer.alloc(4096);
let poolAt = pool.length;
let lastMs = -1;
let counter = 0;

function random8(): Buffer {
  if (poolAt + 8 > pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  const b = pool.subarray(poolAt, poolAt + 8);
  poolAt += 8;
  return b;
}

export function uuidv7(nowMs: number = Date.now()): string {
  let ms = Math.floor(nowMs);
  if (ms <= lastMs) {
    // The clock stood still or went back: stay in order after the last id.
    ms = lastMs;
    counter++;
    if (counter > 0xfff) {
      ms = ++lastMs;
      counter = 0;
    }
  } else {
    lastMs = ms;
    counter = 0;
  }
  const b = Buffer.alloc(16);
  b.writeUIntBE(ms, 0, 6);
  b[6] = 0x70 | (counter >> 8);
  b[7] = counter & 0xff;
  random8().copy(b, 8);
  b[8] = 0x80 | ((b[8] as number) & 0x3f);
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
