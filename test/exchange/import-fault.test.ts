/**
 * A fault of the program in what is said of one file (its warnings) refuses that file, with the fault named, and
 * the run goes on with the others: one file's name had ended an import of fifty (a date read as a year).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Core } from '../../electron/core/service';
import { newBureau, tempDir } from '../helpers/db';
import { exportTo, importFiles, newUnit, PERIOD, reportOne, TOWN } from './helpers';

// The import's words for a file's name fail on a name holding 故障 (the worker's reading, a bundle of its own, is untouched).
vi.mock('../../shared/text', async (original) => {
  const real = await original<typeof import('../../shared/text')>();
  return {
    ...real,
    canonicalUnitName: (s: string): string => {
      if (s.includes('故障')) throw new TypeError('test fault');
      return real.canonicalUnitName(s);
    },
  };
});

const open: Core[] = [];
afterEach(() => {
  for (const c of open.splice(0)) c.close();
});

describe('a fault in checking one file', () => {
  it('refuses that file, naming the fault, and imports the others', async () => {
    const dir = tempDir('eco-fault-');
    const unit = await newUnit(dir);
    const other = await newUnit(dir, '济北街道');
    const bureau = await newBureau(dir);
    open.push(unit.core, other.core, bureau.core);
    await reportOne(unit.core);
    await reportOne(other.core, '济北街道');
    const bad = await exportTo(unit.core, dir, TOWN, PERIOD, '故障.xlsx');
    const good = await exportTo(other.core, dir, '济北街道', PERIOD, '济北街道.xlsx');
    const r = await importFiles(bureau.core, [bad, good]);
    expect(r.files.map((f) => [f.file.endsWith('故障.xlsx'), f.status])).toEqual([
      [true, 'rejected'],
      [false, 'imported'],
    ]);
    expect(r.files[0]!.errors[0]!.message).toBe('程序内部错误：检查此文件时出错（test fault），此文件未导入，其他文件不受影响；请把这条消息告知技术支持');
  });
});
