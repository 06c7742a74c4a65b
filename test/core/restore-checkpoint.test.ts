/**
 * A restore waits for the background checkpoints of the database it closes:
 * a checkpoint thread still open on the file moved aside would, closing last,
 * delete the WAL by its name, which is then the restored database's.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { Core } from '../../electron/core/service';
import { tempDir } from '../helpers/db';

const gate = vi.hoisted(() => {
  let open: () => void = () => {};
  let waiting = false;
  return {
    closed: () => {
      waiting = true;
      return new Promise<void>((resolve) => {
        open = () => {
          waiting = false;
          resolve();
        };
      });
    },
    open: () => open(),
    waiting: () => waiting,
  };
});

vi.mock('../../electron/core/store/checkpoint', async (actual) => ({
  ...(await actual<typeof import('../../electron/core/store/checkpoint')>()),
  checkpointsDone: gate.closed,
}));

const open: Core[] = [];
afterAll(() => {
  for (const c of open) c.close();
});

describe('restore and background checkpoints', () => {
  it('swaps the files only once the checkpoints of the closed database have ended', async () => {
    const dir = tempDir('eco-restore-ckpt-');
    const core = await Core.open(join(dir, 'unit.db'), { create: true, now: () => new Date('2021-10-03T02:00:00.000Z') });
    open.push(core);
    await core.run('app.init', { role: 'unit', unit: '区自然资源局' });
    const save = (progress: string) => core.run('reports.save', { unit: '区自然资源局', period: '2021-Q3', task: 10, report: { status: '正常推进' as const, progress } });
    await save('备份之前');
    const b = await core.run('backup.create', {});
    await save('备份之后');
    let done = false;
    const restoring = core.run('backup.restore', { path: b.path }).then((r) => {
      done = true;
      return r;
    });
    await vi.waitFor(() => expect(gate.waiting()).toBe(true));
    await new Promise((r) => setTimeout(r, 50));
    // Still waiting: nothing swapped or moved aside yet, the database still open for the app's info, other calls refused.
    expect(done).toBe(false);
    expect(readdirSync(dir).filter((f) => f.includes('.replaced-'))).toEqual([]);
    expect((await core.run('app.info', {})).role).toBe('unit');
    await expect(save('恢复期间的保存')).rejects.toMatchObject({ code: 'busy' });
    gate.open();
    const r = await restoring;
    expect(r.movedAside).toMatch(/unit\.db\.replaced-/);
    const view = await core.run('reports.forUnit', { unit: '区自然资源局', period: '2021-Q3' });
    expect(view.tasks.find((t) => t.task === 10)?.report?.progress).toBe('备份之前');
  });
});
