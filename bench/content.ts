/**
 * One synthetic unit workbook, made in memory: the reports a unit would have
 * saved for a period, written by the exporter's own workbook writer. Used by
 * bench/generate-part.ts.
 */
import { randomUUID } from 'node:crypto';
import type { Catalog, Task, Unit } from '../shared/catalog/types';
import { parsePeriod } from '../shared/period';
import { describeTarget, STATUSES, type IndicatorValue, type ReportFields } from '../shared/report';
import { contentHash, type WorkbookContent } from '../electron/core/exchange/content';
import { workbookTask, writeUnitWorkbook, type UnitWorkbookTask } from '../electron/core/exchange/write-unit';
import { workbookHead } from '../electron/core/exchange/export-unit';
import { narrative } from './text';

export function fields(task: Task, lead: boolean, r: () => number): ReportFields {
  const status = STATUSES[Math.floor(r() * STATUSES.length)]!;
  const indicators: Record<string, IndicatorValue> = {};
  if (lead) {
    for (const ind of task.indicators) {
      indicators[ind.id] = ind.comparator === 'yes' ? r() > 0.2 : Math.round(((ind.target ?? 80) * (0.9 + r() * 0.2)) * 10) / 10;
      if (ind.unit === '%' && typeof indicators[ind.id] === 'number') indicators[ind.id] = Math.min(100, indicators[ind.id] as number);
    }
  }
  return {
    status,
    percent: Math.floor(r() * 101),
    progress: narrative(r),
    problems: status === '进度滞后' || r() > 0.5 ? narrative(r, 200, 400) : '',
    next: narrative(r, 200, 500),
    indicators,
    filledBy: '张三',
    phone: '0531-84231234',
  };
}

/** The unit's tasks in catalog order, with its role in each. */
export function tasksOf(catalog: Catalog, unit: Unit): { task: Task; role: 'lead' | 'support' }[] {
  const out: { task: Task; role: 'lead' | 'support' }[] = [];
  for (const task of catalog.tasks) {
    const u = task.units.find((x) => x.code === unit.code);
    if (u) out.push({ task, role: u.role });
  }
  return out;
}

/** A unit's workbook for one period, exported at `exportedAt` (whole seconds, ISO). */
export function unitWorkbook(catalog: Catalog, unit: Unit, mine: { task: Task; role: 'lead' | 'support' }[], periodId: string, exportedAt: string, r: () => number): Buffer {
  const period = parsePeriod(periodId);
  const indicators: Record<string, IndicatorValue> = {};
  const content: WorkbookContent = { unit: unit.code, period: period.id, filledBy: '张三', phone: '0531-84231234', tasks: [], indicators, evidence: [] };
  const tasks: UnitWorkbookTask[] = mine.map(({ task, role }) => {
    const f = fields(task, role === 'lead', r);
    content.tasks.push({ task: task.no, status: f.status, percent: f.percent, progress: f.progress, problems: f.problems, next: f.next });
    for (const [id, v] of Object.entries(f.indicators)) if (v !== null) indicators[id] = v;
    return workbookTask(catalog, task, role);
  });
  return writeUnitWorkbook({
    kind: 'unit',
    uuid: randomUUID(),
    revision: 1,
    exportedAt,
    ...workbookHead(catalog, unit, period),
    tasks,
    content,
    contentHash: contentHash(content),
    targetText: (ind) => describeTarget(ind),
  });
}
