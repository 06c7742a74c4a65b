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
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
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
  // Written as hex directly (a bulk import makes one per report and history row: a Buffer, its hex and five slices
  // each cost several times as much).
  const t = ms.toString(16).padStart(12, '0');
  const r = random8();
  return `${t.slice(0, 8)}-${t.slice(8)}-${HEX[0x70 | (counter >> 8)]}${HEX[counter & 0xff]}-${HEX[0x80 | ((r[0] as number) & 0x3f)]}${HEX[r[1] as number]}-${HEX[r[2] as number]}${HEX[r[3] as number]}${HEX[r[4] as number]}${HEX[r[5] as number]}${HEX[r[6] as number]}${HEX[r[7] as number]}`;
}

