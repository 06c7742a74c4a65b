/**
 * A .zip written a piece at a time through a sink, its entries stored as they
 * are (not deflated: what goes in is mostly photos, video, PDF and Office
 * files, compressed already), named in UTF-8 and "made by Unix" (ZIP_ENTRY).
 * What the unit's bundle and the 佐证材料包 are written with.
 */
import { Zip, ZipPassThrough } from 'fflate';
import { readInPieces } from '../fsutil';
import { ZIP_ENTRY } from './excel-text';

export class StoredZip {
  private failure: unknown = null;
  private readonly zip: Zip;

  constructor(
    sink: (chunk: Uint8Array) => void,
    private readonly mtime: Date,
  ) {
    this.zip = new Zip((err, chunk) => {
      if (err) this.failure ??= err;
      else sink(chunk);
    });
  }

  private entry(name: string): ZipPassThrough {
    const f = new ZipPassThrough(name);
    f.mtime = this.mtime;
    f.os = ZIP_ENTRY.os;
    f.attrs = ZIP_ENTRY.attrs;
    this.zip.add(f);
    return f;
  }

  private check(): void {
    if (this.failure) throw this.failure;
  }

  /** An entry of bytes at hand. */
  add(name: string, bytes: Uint8Array): void {
    this.entry(name).push(bytes, true);
    this.check();
  }

  /**
   * An entry read from a file a piece at a time (the event loop given its
   * turns between pieces); the file's SHA-256. A failure to read the file is
   * said by `unreadable`; one to write (the sink's: a full disk) is thrown as
   * it is.
   */
  async addFile(name: string, path: string, turn: () => Promise<void>, unreadable: (err: unknown) => Error): Promise<string> {
    const f = this.entry(name);
    let writing: unknown = null;
    let digest: string;
    try {
      ({ sha256: digest } = await readInPieces(
        path,
        (b) => {
          try {
            f.push(b);
          } catch (err) {
            writing = err;
            throw err;
          }
        },
        turn,
      ));
    } catch (err) {
      throw writing ?? unreadable(err);
    }
    f.push(new Uint8Array(0), true);
    this.check();
    return digest;
  }

  end(): void {
    this.zip.end();
    this.check();
  }
}
