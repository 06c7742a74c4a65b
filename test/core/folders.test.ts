/**
 * Choosing a folder instead of typing it (a USB stick for a whole copy, the
 * copy to restore from): the core lists a folder's folders, its parent and
 * the whole copies in it, and the places to start from.
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listFolders, MAX_FOLDERS, startingPlaces } from '../../electron/core/folders';
import { Core } from '../../electron/core/service';
import { tempDir } from '../helpers/db';

describe('folders of this computer', () => {
  it('lists the folders of a folder in Chinese order, hidden and system ones left out, with its parent and the whole copies in it', () => {
    const root = tempDir('eco-folders-');
    for (const name of ['乙单位', '甲单位', 'B', 'a', '10月', '9月', '.hidden', '$RECYCLE.BIN', 'System Volume Information']) mkdirSync(join(root, name));
    writeFileSync(join(root, '说明.txt'), 'x');
    writeFileSync(join(root, '生态文明进度备份-区局.db'), 'x');
    writeFileSync(join(root, '生态文明进度备份-新市镇.db'), 'x');
    symlinkSync(join(root, 'a'), join(root, '链接到a'));
    symlinkSync(join(root, '不存在'), join(root, '断开的链接'));
    const l = listFolders(`"${root}"`);
    expect(l.path).toBe(root);
    expect(l.parent).toBe(dirname(root));
    expect(l.folders.map((f) => f.name)).toEqual(['9月', '10月', 'a', 'B', '甲单位', '链接到a', '乙单位']);
    expect(l.folders[0]).toEqual({ name: '9月', path: join(root, '9月') });
    expect(l.copies).toEqual(['生态文明进度备份-区局.db', '生态文明进度备份-新市镇.db']);
    expect(l.more).toBe(0);
    expect(l.places.some((p) => p.path === homedir())).toBe(true);
    // The root has no parent.
    expect(listFolders('/').parent).toBeNull();
    // Without a path: the places alone.
    expect(listFolders(undefined)).toMatchObject({ path: null, parent: null, folders: [], copies: [] });
    expect(listFolders('  ').path).toBeNull();
  });

  it('lists at most 1,000 and says how many more; refuses a relative path, one not there and a file, saying which', () => {
    const root = tempDir('eco-folders-many-');
    for (let i = 0; i < MAX_FOLDERS + 5; i++) mkdirSync(join(root, `f${i}`));
    const l = listFolders(root);
    expect([l.folders.length, l.more]).toEqual([MAX_FOLDERS, 5]);
    expect(() => listFolders('U盘')).toThrow('“U盘”不是完整路径');
    expect(() => listFolders(join(root, '没有'))).toThrow(`没有这个文件夹：${join(root, '没有')}`);
    writeFileSync(join(root, 'a.txt'), 'x');
    expect(() => listFolders(join(root, 'a.txt'))).toThrow('是文件，不是文件夹');
  });

  it('starts from the home folder and the root here; from the drives on Windows', () => {
    const here = startingPlaces('linux');
    expect(here.map((p) => p.path)).toContain(homedir());
    expect(here.at(-1)).toEqual({ name: '根目录 /', path: '/' });
    // No drive letters exist on this machine: none listed, and nothing fails.
    expect(startingPlaces('win32').filter((p) => /^[C-Z]:\\$/.test(p.path))).toEqual([]);
  });

  it('is answered before the database is set up (the first-run screen restores from a copy)', async () => {
    const core = await Core.open(join(tempDir('eco-folders-core-'), 'eco.db'), { create: true });
    try {
      const root = tempDir('eco-folders-api-');
      mkdirSync(join(root, 'U盘'));
      expect((await core.run('folders.list', { path: root })).folders).toEqual([{ name: 'U盘', path: join(root, 'U盘') }]);
      const bad = await core.call('folders.list', { path: 'U盘' });
      expect(bad.ok || [bad.error.code, bad.error.message]).toEqual(['invalid_input', '“U盘”不是完整路径：请填写从盘符开始的完整路径，如 E:\\生态文明进度备份']);
    } finally {
      core.close();
    }
  });
});
