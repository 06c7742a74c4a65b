/**
 * The machine sheet's seal and part hashes: a revision, period or unit typed
 * into the hidden sheet is refused, not trusted; entries moved to other tasks'
 * rows by a sort of the entry columns alone are refused, each by its row; a
 * changed workbook says which parts changed; files without these keys (an
 * earlier version's) and with keys a later version adds are read as before.
 */
import ExcelJS from 'exceljs';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { machineSeal } from '../../electron/core/exchange/content';
import type { Core } from '../../electron/core/service';
import { dumpDb, newBureau, tempDir } from '../helpers/db';
import { editedCopy, exportTo, importFiles, newUnit, PERIOD, reportsOf, TOWN } from './helpers';

/** Six tasks of its own (新市镇, the tests' usual unit, has two). */
const UNIT = '区自然资源局';

let dir: string;
let unit: { core: Core; path: string };
let good: string;
let tasks: number[];
const open: Core[] = [];

beforeAll(async () => {
  dir = tempDir('eco-seal-');
  unit = await newUnit(dir, UNIT);
  open.push(unit.core);
  tasks = (await unit.core.run('reports.forUnit', { unit: UNIT, period: PERIOD })).tasks.map((t) => t.task);
  expect(tasks.length).toBeGreaterThanOrEqual(3);
  // Every task's entry its own: status, percent and texts differ from task to task.
  const statuses = ['正常推进', '已完成', '未启动'] as const;
  for (const [i, task] of tasks.entries()) {
    const status = statuses[i % 3]!;
    const percent = status === '已完成' ? 100 : status === '未启动' ? 0 : 20 + i;
    await unit.core.run('reports.save', { unit: UNIT, period: PERIOD, task, report: { status, percent, progress: `第${task}项的进展`, next: `第${task}项的计划`, filledBy: '张三', phone: '0531-84231234' } });
  }
  good = await exportTo(unit.core, dir, UNIT, PERIOD, 'good.xlsx');
});
afterAll(() => {
  for (const c of open) c.close();
});

async function bureau() {
  const b = await newBureau(tempDir('eco-seal-b-'));
  open.push(b.core);
  return b;
}

/** A copy of `from` changed by ExcelJS, as a hand edit would change it. */
const edited = (name: string, edit: (wb: ExcelJS.Workbook) => void, from = good): Promise<string> => editedCopy(from, join(dir, name), edit);

function machineRows(wb: ExcelJS.Workbook): ExcelJS.Row[] {
  const rows: ExcelJS.Row[] = [];
  wb.getWorksheet('机读信息')!.eachRow((r) => rows.push(r));
  return rows;
}

const setMachine = (wb: ExcelJS.Workbook, key: string, value: string): void => {
  for (const r of machineRows(wb)) if (r.getCell(1).value === key) r.getCell(2).value = value;
};

/** The entry columns (状态 … 下步计划, E:I) of the progress sheet's task rows (from row 4) as values. */
function entryRows(wb: ExcelJS.Workbook): { rows: ExcelJS.Row[]; values: ExcelJS.CellValue[][] } {
  const ws = wb.getWorksheet('工作进展')!;
  const rows = tasks.map((_, i) => ws.getRow(4 + i));
  rows.forEach((r, i) => expect(r.getCell(1).value === tasks[i] || r.getCell(1).value === String(tasks[i])).toBe(true));
  return { rows, values: rows.map((r) => [5, 6, 7, 8, 9].map((c) => r.getCell(c).value)) };
}

async function importedIntoNew(path: string) {
  const b = await bureau();
  const before = dumpDb(b.path);
  const r = await importFiles(b.core, [path]);
  return { b, r, file: r.files[0]!, before };
}

describe('the machine sheet sealed', () => {
  it('writes part_hashes and machine_hash after the keys earlier versions wrote', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(good) as unknown as ArrayBuffer);
    const keys = machineRows(wb).map((r) => String(r.getCell(1).value));
    expect(keys.slice(-3)).toEqual(['database_id', 'part_hashes', 'machine_hash']);
    const parts = String(machineRows(wb).find((r) => r.getCell(1).value === 'part_hashes')!.getCell(2).value);
    // Each row, and its 工作进展 and 下步计划 (第N项的进展: six characters and more); 存在问题 was left empty.
    expect(parts).toMatch(new RegExp(`^${tasks.map((t) => `t${t}:[0-9a-f]{12};t${t}p:[0-9a-f]{12};t${t}n:[0-9a-f]{12};`).join('')}cover:[0-9a-f]{12};indicators:[0-9a-f]{12};evidence:[0-9a-f]{12}$`));
  });

  it.each([
    ['revision', '5'],
    ['period', '2021-Q4'],
    ['unit_name', '济阳街道'],
    ['exported_at', '2021-10-04T02:00:00.000Z'],
  ])('a %s typed into the hidden sheet: refused, nothing written', async (key, value) => {
    const path = await edited(`machine-${key}.xlsx`, (wb) => setMachine(wb, key, value));
    const { b, file, before } = await importedIntoNew(path);
    expect(file.status).toBe('rejected');
    expect(file.errors).toEqual([
      {
        file: expect.stringContaining(`machine-${key}.xlsx`),
        sheet: '机读信息',
        message: `隐藏的“机读信息”表在导出后被改动过（版本号、报送周期、单位等）（封面填的是单位“${UNIT}”、报送周期“2021年第三季度”）：无法确认此文件是哪个单位哪一期的第几版，不予接收。请该单位在本系统中重新导出后报送（请勿修改“机读信息”表）`,
      },
    ]);
    expect(dumpDb(b.path)).toEqual(before);
  });

  it('the seal’s row deleted from a sheet that has part hashes (a revision typed in too): refused as changed', async () => {
    const path = await edited('unsealed.xlsx', (wb) => {
      setMachine(wb, 'revision', '5');
      for (const r of machineRows(wb)) if (r.getCell(1).value === 'machine_hash') [1, 2].forEach((c) => (r.getCell(c).value = null));
    });
    const { file } = await importedIntoNew(path);
    expect(file.status).toBe('rejected');
    expect(file.errors[0]!.message).toContain('隐藏的“机读信息”表在导出后被改动过');
  });

  it('a template’s hidden sheet changed: refused, the bureau asked to send the template again', async () => {
    const b = await bureau();
    const t = await b.core.run('exchange.template', { unit: TOWN, period: PERIOD });
    const blank = join(dir, 'template.xlsx');
    writeFileSync(blank, Buffer.from(t.dataBase64, 'base64'));
    const path = await edited(
      'template-machine.xlsx',
      (wb) => {
        setMachine(wb, 'period', '2021-Q4');
        wb.getWorksheet('工作进展')!.getRow(4).getCell(5).value = '正常推进';
      },
      blank,
    );
    const r = await importFiles(b.core, [path]);
    expect(r.files[0]!.status).toBe('rejected');
    expect(r.files[0]!.errors[0]!.message).toContain('请向该单位重新下发填写模板');
  });

  it('a file of an earlier version (no seal, no part hashes), changed by hand: read as before, the change said as before', async () => {
    const path = await edited('earlier.xlsx', (wb) => {
      for (const r of machineRows(wb)) {
        if (r.getCell(1).value === 'part_hashes' || r.getCell(1).value === 'machine_hash') [1, 2].forEach((c) => (r.getCell(c).value = null));
      }
      wb.getWorksheet('工作进展')!.getRow(4).getCell(7).value = '改过的进展';
    });
    const { file } = await importedIntoNew(path);
    expect(file.status).toBe('imported');
    expect(file.warnings).toContain('内容在导出后被修改：工作簿内容与导出时不一致，请向该单位核实');
  });

  it('a later version’s file, with a key this one does not know, sealed: read', async () => {
    const path = await edited('later.xlsx', (wb) => {
      const ws = wb.getWorksheet('机读信息')!;
      const rows = machineRows(wb);
      const seal = rows.find((r) => r.getCell(1).value === 'machine_hash')!;
      // A key added before the seal, and the seal made again over every key, as that version's writer would.
      ws.insertRow(seal.number, ['new_key', '新版本的值']);
      const entries = machineRows(wb)
        .filter((r) => r.getCell(1).value !== 'machine_hash')
        .map((r) => [String(r.getCell(1).value), String(r.getCell(2).value)] as const);
      machineRows(wb).find((r) => r.getCell(1).value === 'machine_hash')!.getCell(2).value = machineSeal(entries);
    });
    const { b, file } = await importedIntoNew(path);
    expect(file.status).toBe('imported');
    expect(file.warnings.some((w) => w.startsWith('内容在导出后被修改'))).toBe(false);
    expect(await reportsOf(b.core, UNIT)).toEqual(await reportsOf(unit.core, UNIT));
  });
});

describe('what changed since the export, by part', () => {
  it('names the tasks and the cover changed', async () => {
    const path = await edited('parts.xlsx', (wb) => {
      wb.getWorksheet('工作进展')!.getRow(5).getCell(7).value = '补充了进展';
      const cover = wb.getWorksheet('封面')!;
      cover.eachRow((r) => r.eachCell((c) => {
        if (c.value === '填报人') r.getCell(Number(c.col) + 1).value = '李四';
      }));
    });
    const { file } = await importedIntoNew(path);
    expect(file.status).toBe('imported');
    expect(file.warnings).toContain(`内容在导出后被修改：第 ${tasks[1]} 项任务的填报内容、封面的填报人或联系电话与导出时不一致，请向该单位核实`);
  });

  it('the entry columns sorted alone (序号 and 重点任务 left in place): refused, every moved row named with the task it came from; nothing written', async () => {
    // Rotated by one, as a sort by 状态 over E:I with 以当前选定区域排序 would move them: row i gets row i+1's entry.
    const path = await edited('sorted.xlsx', (wb) => {
      const { rows, values } = entryRows(wb);
      rows.forEach((r, i) => values[(i + 1) % rows.length]!.forEach((v, k) => (r.getCell(5 + k).value = v)));
    });
    const { b, file, before } = await importedIntoNew(path);
    expect(file.status).toBe('rejected');
    expect(file.errors).toHaveLength(tasks.length);
    tasks.forEach((t, i) => {
      const from = tasks[(i + 1) % tasks.length]!;
      expect(file.errors[i]).toMatchObject({
        sheet: '工作进展',
        row: 4 + i,
        message: `第 ${t} 项任务一行的填报内容（状态、完成比例和三栏文字）与导出时第 ${from} 项任务的完全相同，第 ${from} 项任务一行的内容也已不是导出时的：多半是只选中填报的几栏排序（或剪切、粘贴），内容错了行。请该单位逐项核对后重新报送（排序须选中整行，或在本系统中改好后重新导出）`,
      });
    });
    expect(dumpDb(b.path)).toEqual(before);
  });

  it('only some of the entry columns sorted (状态 to 存在问题, or the three texts): refused, each row named with the texts that came from another task', async () => {
    // E:H rotated by one (下步计划 left in place), and separately G:I (状态 and 完成比例 left).
    for (const [name, from, to] of [['sorted-EH', 5, 8], ['sorted-GI', 7, 9]] as const) {
      const path = await edited(`${name}.xlsx`, (wb) => {
        const { rows } = entryRows(wb);
        const values = rows.map((r) => Array.from({ length: to - from + 1 }, (_, k) => r.getCell(from + k).value));
        rows.forEach((r, i) => values[(i + 1) % rows.length]!.forEach((v, k) => (r.getCell(from + k).value = v)));
      });
      const { b, file, before } = await importedIntoNew(path);
      expect(file.status, name).toBe('rejected');
      expect(file.errors, name).toHaveLength(tasks.length);
      const next = tasks[1]!;
      expect(file.errors[0], name).toMatchObject({
        sheet: '工作进展',
        row: 4,
        message: `第 ${tasks[0]} 项任务一行的“工作进展”${name === 'sorted-GI' ? '“下步计划”' : ''}与导出时第 ${next} 项任务的相同，第 ${next} 项任务的这几栏也已不是导出时的：多半是只选中填报的几栏排序（或剪切、粘贴），内容错了行。请该单位逐项核对后重新报送（排序须选中整行，或在本系统中改好后重新导出）`,
      });
      expect(dumpDb(b.path)).toEqual(before);
    }
  });

  it('rows with a status and no text given the statuses other such rows had (a workbook completed by hand): no move said', async () => {
    // Exported with tasks 3 and 4 as 未启动 0% and 已完成 100% without a text (below), then: those two get texts, and
    // tasks 5 and 6 (left empty) get the statuses 3 and 4 had. Two rows now say what two others said as exported.
    const own = await newUnit(tempDir('eco-seal-bare-'), UNIT);
    open.push(own.core);
    const bare = [
      { status: '正常推进', percent: 20, progress: '第一项的进展情况', next: '' },
      { status: '正常推进', percent: 30, progress: '第二项的进展情况', next: '' },
      { status: '未启动', percent: 0, progress: '', next: '' },
      { status: '已完成', percent: 100, progress: '', next: '' },
    ] as const;
    for (const [i, r] of bare.entries()) await own.core.run('reports.save', { unit: UNIT, period: PERIOD, task: tasks[i]!, report: r });
    const src = await exportTo(own.core, dir, UNIT, PERIOD, 'bare.xlsx');
    const path = await edited(
      'completed.xlsx',
      (wb) => {
        const { rows } = entryRows(wb);
        rows[2]!.getCell(5).value = '正常推进';
        rows[2]!.getCell(6).value = 10;
        rows[2]!.getCell(7).value = '已经启动方案编制';
        rows[3]!.getCell(7).value = '全部完成并通过验收';
        rows[4]!.getCell(5).value = '未启动';
        rows[4]!.getCell(6).value = 0;
        rows[5]!.getCell(5).value = '已完成';
        rows[5]!.getCell(6).value = 100;
      },
      src,
    );
    const { file } = await importedIntoNew(path);
    expect(file.status, JSON.stringify(file.errors)).toBe('imported');
    expect(file.warnings.join()).not.toMatch(/完全相同|错了行/);
  });

  it('a text whose tab characters were lost (LibreOffice drops them from an .ods): saved again, not edited', async () => {
    const own = await newUnit(tempDir('eco-seal-tab-'), UNIT);
    open.push(own.core);
    await own.core.run('reports.save', { unit: UNIT, period: PERIOD, task: tasks[0]!, report: { status: '正常推进', percent: 20, progress: '第一段\n表格\t粘贴的一行', next: '继续\t推进工作' } });
    const src = await exportTo(own.core, dir, UNIT, PERIOD, 'tabs.xlsx');
    const path = await edited(
      'tabs-lost.xlsx',
      (wb) => {
        const row = entryRows(wb).rows[0]!;
        for (const c of [7, 9]) row.getCell(c).value = String(row.getCell(c).value).replace(/\t/g, '');
      },
      src,
    );
    const { file } = await importedIntoNew(path);
    expect(file.status).toBe('imported');
    expect(file.warnings).toContain('文件在导出后被修改：被其他程序（Excel、WPS 或 LibreOffice）重新保存过；经核对，填报内容与导出时一致（文字中的制表符未能保留）');
    expect(file.warnings.join()).not.toContain('内容在导出后被修改');
  });

  it('whole rows sorted (序号 with them): imported as the unit wrote it, nothing said of moves', async () => {
    const path = await edited('rows-sorted.xlsx', (wb) => {
      const ws = wb.getWorksheet('工作进展')!;
      const rows = tasks.map((_, i) => ws.getRow(4 + i));
      const all = rows.map((r) => Array.from({ length: 9 }, (_, k) => r.getCell(k + 1).value));
      rows.forEach((r, i) => all[rows.length - 1 - i]!.forEach((v, k) => (r.getCell(k + 1).value = v)));
    });
    const { b, file } = await importedIntoNew(path);
    expect(file.status).toBe('imported');
    expect(file.warnings.join('')).not.toContain('完全相同');
    expect(await reportsOf(b.core, UNIT)).toEqual(await reportsOf(unit.core, UNIT));
  });

  it('one entry moved to another task’s row, whose own entry was rewritten: imported, and asked about', async () => {
    const path = await edited('one-moved.xlsx', (wb) => {
      const { rows, values } = entryRows(wb);
      values[1]!.forEach((v, k) => (rows[0]!.getCell(5 + k).value = v));
      rows[1]!.getCell(7).value = '重新写的进展';
    });
    const { file } = await importedIntoNew(path);
    expect(file.status).toBe('imported');
    expect(file.warnings).toContain(
      `“工作进展”表中第 ${tasks[0]} 项任务一行的填报内容（状态、完成比例和三栏文字）与导出时第 ${tasks[1]} 项任务的完全相同，第 ${tasks[1]} 项任务一行的内容也已不是导出时的：如是错了行（只对部分栏排序或剪切、粘贴），请该单位改正后重新报送`,
    );
  });

  it('one entry cut into another task’s row in a file refused for something else: the move is named among the errors', async () => {
    const path = await edited('cut-and-bad.xlsx', (wb) => {
      const { rows, values } = entryRows(wb);
      values[1]!.forEach((v, k) => (rows[0]!.getCell(5 + k).value = v));
      for (const k of [0, 1, 2, 3, 4]) rows[1]!.getCell(5 + k).value = null;
      rows[2]!.getCell(6).value = 150;
    });
    const { file, b, before } = await importedIntoNew(path);
    expect(file.status).toBe('rejected');
    expect(file.errors.map((e) => [e.row, e.column, e.message])).toEqual([
      [6, 'F', expect.stringContaining('150')],
      [
        4,
        undefined,
        `第 ${tasks[0]} 项任务一行的填报内容（状态、完成比例和三栏文字）与导出时第 ${tasks[1]} 项任务的完全相同，第 ${tasks[1]} 项任务一行的内容也已不是导出时的：多半是只选中填报的几栏排序（或剪切、粘贴），内容错了行。请该单位逐项核对后重新报送（排序须选中整行，或在本系统中改好后重新导出）`,
      ],
    ]);
    expect(dumpDb(b.path)).toEqual(before);
  });

  it('one task’s entry copied to another’s (the source row unchanged): no move said', async () => {
    const path = await edited('copied-entry.xlsx', (wb) => {
      const { rows, values } = entryRows(wb);
      values[1]!.forEach((v, k) => (rows[0]!.getCell(5 + k).value = v));
    });
    const { file } = await importedIntoNew(path);
    expect(file.status).toBe('imported');
    expect(file.warnings.join('')).not.toContain('完全相同');
    expect(file.warnings).toContain(`内容在导出后被修改：第 ${tasks[0]} 项任务的填报内容与导出时不一致，请向该单位核实`);
  });
});
