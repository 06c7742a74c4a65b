/**
 * Every field a unit fills in is in the workbook's content hash: a hand edit of any one of them alone, after the
 * export, is taken as an edit (updated, with 内容在导出后被修改, the new value stored), never as the same content.
 */
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/service';
import { newBureau, tempDir } from '../helpers/db';
import { editedCopy, exportTo, importFiles, newUnit, PERIOD, reportsOf } from './helpers';

const UNIT = '区委组织部';
let dir: string;
let unit: { core: Core; path: string };
let exported: string;
let indicatorRow = 0;
let indicatorId = '';

beforeAll(async () => {
  dir = tempDir('eco-hash-fields-');
  unit = await newUnit(dir, UNIT);
  const view = await unit.core.run('reports.forUnit', { unit: UNIT, period: PERIOD });
  for (const t of view.tasks) {
    await unit.core.run('reports.save', { unit: UNIT, period: PERIOD, task: t.task, report: { status: '正常推进', percent: 10, progress: '推进中', problems: '无', next: '继续推进', filledBy: '张三', phone: '0531-84231234' } });
  }
  exported = await exportTo(unit.core, dir, UNIT, PERIOD, 'org.xlsx');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(readFileSync(exported) as unknown as ArrayBuffer);
  wb.getWorksheet('指标')!.eachRow((r, n) => {
    if (r.getCell('D').value === '%' && !indicatorRow) {
      indicatorRow = n;
      indicatorId = String(r.getCell('B').value);
    }
  });
  expect(indicatorRow).toBeGreaterThan(0);
});

afterAll(() => unit.core.close());

/** The cover's cell beside its label. */
function coverCell(wb: ExcelJS.Workbook, label: string): ExcelJS.Cell {
  let found: ExcelJS.Cell | null = null;
  wb.getWorksheet('封面')!.eachRow((row) =>
    row.eachCell((cell) => {
      if (cell.value === label) found = row.getCell(Number(cell.col) + 1);
    }),
  );
  if (!found) throw new Error(`封面 has no ${label}`);
  return found;
}

type Got = Awaited<ReturnType<typeof reportsOf>>[number];
const cases: [string, (wb: ExcelJS.Workbook) => void, (first: Got) => unknown, unknown][] = [
  ['状态', (wb) => (wb.getWorksheet('工作进展')!.getRow(4).getCell('E').value = '进度滞后'), (r) => ('status' in r ? r.status : null), '进度滞后'],
  ['完成比例', (wb) => (wb.getWorksheet('工作进展')!.getRow(4).getCell('F').value = 35), (r) => ('percent' in r ? r.percent : null), 35],
  ['工作进展', (wb) => (wb.getWorksheet('工作进展')!.getRow(4).getCell('G').value = '推进中，已完成调研'), (r) => ('progress' in r ? r.progress : null), '推进中，已完成调研'],
  ['存在问题', (wb) => (wb.getWorksheet('工作进展')!.getRow(4).getCell('H').value = '经费未到位'), (r) => ('problems' in r ? r.problems : null), '经费未到位'],
  ['下步计划', (wb) => (wb.getWorksheet('工作进展')!.getRow(4).getCell('I').value = '下月完成验收'), (r) => ('next' in r ? r.next : null), '下月完成验收'],
  ['填报人', (wb) => (coverCell(wb, '填报人').value = '李四'), (r) => ('filledBy' in r ? r.filledBy : null), '李四'],
  ['联系电话', (wb) => (coverCell(wb, '联系电话').value = '0531-84239999'), (r) => ('phone' in r ? r.phone : null), '0531-84239999'],
  ['指标数值', (wb) => (wb.getWorksheet('指标')!.getRow(indicatorRow).getCell('F').value = 42.5), () => null, 42.5],
];

describe('a hand edit of one field after the export', () => {
  for (const [field, edit, read, want] of cases) {
    it(`${field} alone: updated, said to be edited, the new value held`, async () => {
      const bureau = await newBureau(tempDir('eco-hash-fields-b-'));
      try {
        expect((await importFiles(bureau.core, [exported])).files[0]!.status).toBe('imported');
        const path = await editedCopy(exported, join(dir, `edited-${field}.xlsx`), edit);
        const r = (await importFiles(bureau.core, [path])).files[0]!;
        expect(r.errors).toEqual([]);
        expect(r.status).toBe('updated');
        expect(r.warnings.some((w) => w.includes('内容在导出后被修改'))).toBe(true);
        const got = await reportsOf(bureau.core, UNIT);
        if (field === '指标数值') {
          const values = got.flatMap((g) => ('indicators' in g ? Object.entries(g.indicators ?? {}) : [])).filter(([k]) => k === indicatorId);
          expect(values.map(([, v]) => v)).toContain(want);
        } else {
          expect(read(got[0]!)).toBe(want);
        }
      } finally {
        bureau.core.close();
      }
    });
  }
});
