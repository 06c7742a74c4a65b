import { readFileSync } from 'node:fs';

/** Every step prints one JSON line: its figures plus the process's peak RSS. */
export function report(figures: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify({ ...figures, maxRssKiB: process.resourceUsage().maxRSS })}\n`);
}

export const readList = (path: string): string[] => readFileSync(path, 'utf8').split('\n').filter(Boolean);

export const seconds = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e9;

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
