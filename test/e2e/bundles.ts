/**
 * Unit bundles made the way clerks make them: each unit's own database, its
 * reports for the period, `exchange.exportUnit`. Plus one broken file.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Core } from '../../electron/core/service';
import { FIXED_NOW, tempDir } from '../helpers/db';

export const BUNDLE_UNITS = ['Z01', 'Z02', 'Z03', 'Z04', 'Z05', 'B01', 'B04', 'B05', 'B07'];
/** The evidence file one bundle carries, on its unit's first task. */
export const EVIDENCE = { unit: 'Z01', name: '现场照片.jpg', text: '照片内容（测试）' };

/** A large evidence file (bytes that do not compress, as a video's). */
export const VIDEO = { unit: 'B01', name: '现场视频.mp4', bytes: 9 * 1024 * 1024 };
export const videoBytes = (): Buffer => {
  const b = Buffer.alloc(VIDEO.bytes);
  let x = 2463534242;
  for (let i = 0; i < b.length; i += 4) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    b.writeUInt32LE(x >>> 0, i);
  }
  return b;
};

/** Nine good bundles and one broken one, written into a folder; returns their paths. */
export async function makeBundles(period = '2021-Q3'): Promise<{ dir: string; files: string[]; broken: string }> {
  const dir = tempDir('eco-bundles-');
  const files: string[] = [];
  for (const unit of BUNDLE_UNITS) {
    const core = await Core.open(join(dir, `${unit}.db`), { create: true, now: () => FIXED_NOW });
    try {
      // Owed from 2021-Q1, as the e2e bureau chooses at its first run (some tests send the second quarter's files).
      await core.run('app.init', { role: 'unit', unit, firstPeriod: '2021-Q1' });
      const view = await core.run('reports.forUnit', { unit, period });
      for (const t of view.tasks) {
        await core.run('reports.save', {
          unit,
          period,
          task: t.task,
          report: t.task % 4 === 0 ? { status: '进度滞后', progress: `${view.unit.name}推进任务${t.task}`, problems: '资金未到位' } : { status: '正常推进', percent: 50, progress: `${view.unit.name}推进任务${t.task}` },
        });
      }
      // One unit attaches a photo to its first task: its bundle is a .zip with the file.
      if (unit === EVIDENCE.unit) await core.run('evidence.add', { unit, period, task: view.tasks[0]!.task, name: EVIDENCE.name, dataBase64: Buffer.from(EVIDENCE.text).toString('base64') });
      // Another sends a video larger than one piece of the app's upload (8 MB): its bundle crosses in two.
      if (unit === VIDEO.unit) await core.run('evidence.add', { unit, period, task: view.tasks[0]!.task, name: VIDEO.name, dataBase64: videoBytes().toString('base64') });
      const f = await core.run('exchange.exportUnit', { unit, period });
      const path = join(dir, f.fileName);
      writeFileSync(path, Buffer.from(f.dataBase64, 'base64'));
      files.push(path);
    } finally {
      core.close();
    }
  }
  // A "workbook" that is not one: what a half-copied USB file looks like.
  const broken = join(dir, '损坏的报送文件.xlsx');
  writeFileSync(broken, Buffer.from('PK\u0003\u0004 this is not really a workbook'));
  files.push(broken);
  return { dir, files, broken };
}
