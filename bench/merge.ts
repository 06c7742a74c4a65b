/** bench/results.json holds the district run's keys and the latest province run's headline keys. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { PROVINCE_KEYS } from './scales';

export function mergeProvinceKeys(mainJson: string, province: Record<string, unknown>): void {
  const main = existsSync(mainJson) ? (JSON.parse(readFileSync(mainJson, 'utf8')) as Record<string, unknown>) : {};
  for (const k of PROVINCE_KEYS) if (typeof province[k] === 'number') main[k] = province[k];
  main['province.from'] = { file: 'results-province.json', date: province.date };
  writeFileSync(mainJson, `${JSON.stringify(main, null, 2)}\n`);
}

export function keepProvinceKeys(mainJson: string, district: Record<string, unknown>): void {
  if (!existsSync(mainJson)) return;
  const old = JSON.parse(readFileSync(mainJson, 'utf8')) as Record<string, unknown>;
  for (const k of [...PROVINCE_KEYS, 'province.from']) if (old[k] !== undefined && district[k] === undefined) district[k] = old[k];
}
