/**
 * Choosing a folder instead of typing it (a USB stick for a whole copy, the
 * copy to restore from): the core lists a folder's folders, its parent and
 * the whole copies in it, and the places to start from.
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { folderPath, listFolders, MAX_FOLDERS, startingPlaces } from '../../electron/core/folders';
import { Core } from '../../electron/core/service';
import { tempDir } from '../helpers/db';

describe('folders of this computer', () => {
  it('lists the folders of a folder, digits and Latin names first, then Chinese by pinyin; hidden ones and broken links left out; with its parent and the whole copies in it', async () => {
    const root = tempDir('eco-folders-');
    for (const name of ['乙单位', '甲单位', 'B', 'a', '10月', '9月', '.hidden', '$RECYCLE.BIN', 'System Volume Information', 'AppData']) mkdirSync(join(root, name));
    writeFileSync(join(root, '说明.txt'), 'x');
    writeFileSync(join(root, '生态文明进度备份-区局.db'), 'x');
    writeFileSync(join(root, '生态文明进度备份-新市镇.db'), 'x');
    symlinkSync(join(root, 'a'), join(root, '链接到a'));
    symlinkSync(join(root, '不存在'), join(root, '断开的链接'));
    symlinkSync(join(root, '说明.txt'), join(root, '链接到文件'));
    const l = await listFolders(`"${root}"`, 'linux');
    expect(l.path).toBe(root);
    expect(l.parent).toBe(dirname(root));
    // AppData is one of Windows' own folders: shown here, not on Windows.
    expect(l.folders.map((f) => f.name)).toEqual(['9月', '10月', 'a', 'AppData', 'B', '甲单位', '链接到a', '乙单位']);
    expect(l.folders[0]).toEqual({ name: '9月', path: join(root, '9月') });
    expect(l.copies).toEqual(['生态文明进度备份-区局.db', '生态文明进度备份-新市镇.db']);
    expect([l.more, l.places]).toEqual([0, []]);
    expect((await listFolders('/', 'linux')).parent).toBeNull();
    // Without a path: the places to start from alone.
    const start = await listFolders(undefined, 'linux');
    expect(start).toMatchObject({ path: null, parent: null, folders: [], copies: [] });
    expect(start.places.some((p) => p.path === homedir())).toBe(true);
    expect((await listFolders('  ', 'linux')).path).toBeNull();
  });

  it('lists at most 1,000 and says how many more; refuses a relative path, one not there and a file, saying which', async () => {
    const root = tempDir('eco-folders-many-');
    for (let i = 0; i < MAX_FOLDERS + 5; i++) mkdirSync(join(root, `f${i}`));
    const l = await listFolders(root, 'linux');
    expect([l.folders.length, l.more]).toEqual([MAX_FOLDERS, 5]);
    await expect(listFolders('"U盘"', 'linux')).rejects.toThrow('“U盘”不是完整路径：请填写从 / 开始的完整路径，如 /media/用户名/U盘');
    await expect(listFolders(join(root, '没有'), 'linux')).rejects.toThrow(`没有这个文件夹：${join(root, '没有')}`);
    writeFileSync(join(root, 'a.txt'), 'x');
    await expect(listFolders(join(root, 'a.txt'), 'linux')).rejects.toThrow('是文件，不是文件夹');
  });

  it('reads Windows paths as Explorer takes them: a drive typed as E:, a trailing backslash, a share; a server alone is refused', () => {
    expect(folderPath('E:', 'win32')).toBe('E:\\');
    expect(folderPath('"E:\\备份\\"', 'win32')).toBe('E:\\备份');
    expect(folderPath('\\\\srv\\share\\dir', 'win32')).toBe('\\\\srv\\share\\dir');
    expect(() => folderPath('\\\\srv', 'win32')).toThrow('“\\\\srv”只是一台电脑的名称：请填写其上的共享文件夹');
    expect(() => folderPath('备份', 'win32')).toThrow('“备份”不是完整路径：请填写从盘符开始的完整路径，如 E:\\生态文明进度备份');
  });

  it('starts from the home folder and the root here; from the drives on Windows (none exist on this machine, and nothing fails)', async () => {
    const here = await startingPlaces('linux');
    expect(here.map((p) => p.path)).toContain(homedir());
    expect(here.at(-1)).toEqual({ name: '根目录 /', path: '/' });
    expect((await startingPlaces('win32')).filter((p) => /^[C-Z]:\\$/.test(p.path))).toEqual([]);
  });

  it('is answered before the database is set up (the first-run screen restores from a copy)', async () => {
    const core = await Core.open(join(tempDir('eco-folders-core-'), 'eco.db'), { create: true });
    try {
      const root = tempDir('eco-folders-api-');
      mkdirSync(join(root, 'U盘'));
      expect((await core.run('folders.list', { path: root })).folders).toEqual([{ name: 'U盘', path: join(root, 'U盘') }]);
      const bad = await core.call('folders.list', { path: 'U盘' });
      expect(bad.ok || [bad.error.code, bad.error.message]).toEqual(['invalid_input', `“U盘”不是完整路径：请填写${process.platform === 'win32' ? '从盘符开始的完整路径，如 E:\\生态文明进度备份' : '从 / 开始的完整路径，如 /media/用户名/U盘'}`]);
    } finally {
      core.close();
    }
  });
});
