import { Repo } from './repo';

/** Evidence file records; the bytes live in the data folder under their SHA-256. */
export class EvidenceRepo extends Repo {

  add(hash: string, size: number, at: string): void {
    this.stmt('INSERT OR IGNORE INTO evidence_files (hash, size, added_at) VALUES (?, ?, ?)').run(hash, size, at);
  }

  has(hash: string): boolean {
    return this.stmt('SELECT 1 FROM evidence_files WHERE hash = ?').get(hash) !== undefined;
  }
}
