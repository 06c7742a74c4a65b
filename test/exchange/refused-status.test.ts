/** A unit whose file was refused, with nothing counted from it: 未报 still, but said to have sent a file refused. */
import ExcelJS from 'exceljs';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Core } from '../../electron/core/service';
import { newBureau, tempDir } from '../helpers/db';
import { exportTo, importFiles, newUnit, PERIOD, reportOne, TOWN } from './helpers';

const open: Core[] = [];
afterAll(() => {
  for (const c of open) c.close();
});

describe('a file refused', () => {
  it('leaves its unit 未报, marked as having sent a file that was refused; the 督办 matter for it says so', async () => {
    const dir = tempDir('eco-refused-status-');
    const town = await newUnit(dir);
    const other = await newUnit(dir, '济北街道');
    open.push(town.core, other.core);
    await reportOne(town.core);
    await reportOne(other.core, '济北街道');
    const fine = await exportTo(town.core, dir);
    // 济北街道's file with a status not in the list: refused.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(await exportTo(other.core, dir, '济北街道')) as unknown as ArrayBuffer);
    wb.getWorksheet('工作进展')!.getCell('E4').value = '基本完成';
    const bad = join(dir, '济北街道-改过.xlsx');
    writeFileSync(bad, Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer));

    const bureau = await newBureau(dir);
    open.push(bureau.core);
    const r = await importFiles(bureau.core, [fine, bad]);
    expect(r.files.map((f) => f.status)).toEqual(['imported', 'rejected']);
    const rows = await bureau.core.run('submissions.status', { period: PERIOD });
    const refused = rows.find((u) => u.unitName === '济北街道')!;
    expect(refused).toMatchObject({ state: 'missing', refusedFile: { at: '2021-10-03T02:00:00.000Z', file: bad } });
    expect(rows.find((u) => u.unitName === TOWN)!.refusedFile).toBeNull();
    expect(rows.filter((u) => u.refusedFile !== null)).toHaveLength(1);
    // The printed 报送情况统计表 says it on the unit's row.
    const form = (await bureau.core.run('forms.render', { form: 'submissions', period: PERIOD })).html;
    expect(form.split('文件被拒收').length - 1).toBe(1);

    // After the deadline, its 逾期未报 matter in 督办管理 carries it (it may have sent on time).
    const later = await Core.open(bureau.path, { now: () => new Date('2021-10-10T02:00:00Z') });
    open.push(later);
    const matter = (await later.run('notices.candidates', { period: PERIOD })).find((c) => c.reason === 'missing' && c.unitName === '济北街道')!;
    expect(matter.refusedFile).toMatchObject({ file: bad });
    // One whose file came through: none.
    expect((await later.run('notices.candidates', { period: PERIOD })).filter((c) => c.refusedFile).map((c) => c.unitName)).toEqual(['济北街道']);
  });
});
