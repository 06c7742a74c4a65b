/**
 * The bare import's worker (bare.ts): each message is one of our own unit
 * workbooks; it inflates the shared strings and the two data sheets with
 * node:zlib, decodes them and picks every row's cell values out with regular
 * expressions (each at its column, character references unescaped). No checks
 * at all: it relies on the files being our writer's (central directory at the
 * end, plain <si><t> strings, values in <v>).
 */
import { parentPort } from 'node:worker_threads';
import { inflateRawSync } from 'node:zlib';

// Loaded (bare.ts starts the clock after this, as our import's worker is started before it).
parentPort.postMessage({ ready: true });

const decoder = new TextDecoder();
const ENTITIES = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
/** XML character references back to text (our writer escapes &, <, > and quotes). */
const unescape = (t) =>
  t.includes('&') ? t.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, e) => ENTITIES[e] ?? String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : Number(e.slice(1)))) : t;
/** A column's letters (A, B, … AA) as an index from 0. */
const column = (letters) => {
  let n = 0;
  for (let i = 0; i < letters.length; i++) n = n * 26 + letters.charCodeAt(i) - 64;
  return n - 1;
};

/** Part name → where its compressed bytes are. */
function entries(buf) {
  let end = buf.length - 22;
  while (buf.readUInt32LE(end) !== 0x06054b50) end--;
  const count = buf.readUInt16LE(end + 10);
  let p = buf.readUInt32LE(end + 16);
  const out = new Map();
  for (let i = 0; i < count; i++) {
    const nameLength = buf.readUInt16LE(p + 28);
    const skip = nameLength + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
    out.set(buf.toString('utf8', p + 46, p + 46 + nameLength), { method: buf.readUInt16LE(p + 10), size: buf.readUInt32LE(p + 20), offset: buf.readUInt32LE(p + 42) });
    p += 46 + skip;
  }
  return out;
}

function part(buf, all, name) {
  const e = all.get(name);
  const start = e.offset + 30 + buf.readUInt16LE(e.offset + 26) + buf.readUInt16LE(e.offset + 28);
  const raw = buf.subarray(start, start + e.size);
  return decoder.decode(e.method ? inflateRawSync(raw) : raw);
}

function rows(xml, strings) {
  const out = [];
  for (const row of xml.matchAll(/<row [^>]*>(.*?)<\/row>/gs)) {
    const cells = [];
    // Each value at its column (a row may leave cells out).
    for (const c of row[1].matchAll(/<c r="([A-Z]+)\d+"([^>]*?)(?:\/>|>(?:<v>([^<]*)<\/v>)?)/g)) cells[column(c[1])] = c[2].includes(' t="s"') ? strings[Number(c[3])] : c[3];
    out.push(cells);
  }
  return out;
}

parentPort.on('message', ({ i, data }) => {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.length);
  const all = entries(buf);
  const strings = [];
  for (const m of part(buf, all, 'xl/sharedStrings.xml').matchAll(/<si><t[^>]*>([^<]*)<\/t><\/si>|<si\/>/g)) strings.push(unescape(m[1] ?? ''));
  const found = [...rows(part(buf, all, 'xl/worksheets/sheet2.xml'), strings), ...rows(part(buf, all, 'xl/worksheets/sheet3.xml'), strings)];
  parentPort.postMessage({ i, rows: found });
});
