/**
 * Demo data (演示数据): the reports of every responsible unit that has nothing
 * for the period yet, every text marked 【演示数据】, all in one transaction
 * so a crash leaves all or none.
 */
import { AppError, ERROR_CODES } from '../../../shared/errors';
import type { Indicator, Task } from '../../../shared/catalog/types';
import { addDays, formatChineseDate, type Period } from '../../../shared/period';
import { DEMO_MARK, type IndicatorValue, type ReportFields, type Status } from '../../../shared/report';
import type { CoreContext } from '../context';
import { faultPoint } from '../fault';
import { writeReport } from './reports';

export { DEMO_MARK };

/** Small deterministic generator, so the same period always gets the same demo. */
function rng(seed: string): () => number {
  let h = 2166136261;
  for (const ch of seed) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return () => {
    h = Math.imul(h ^ (h >>> 15), 2246822507);
    h = Math.imul(h ^ (h >>> 13), 3266489909);
    h ^= h >>> 16;
    return (h >>> 0) / 4294967296;
  };
}

const ACTIONS = [
  '召开专题推进会议，细化责任分工',
  '开展现场督导检查，建立问题台账',
  '组织业务培训，提升基层人员能力',
  '完成阶段性自查自评，形成工作报告',
  '与相关部门开展联合执法检查',
  '更新完善工作台账和佐证材料',
];
const PROBLEMS = ['部分项目资金到位滞后，影响推进进度', '基层专业技术力量不足，日常巡查覆盖不够', '个别点位整改反复，长效机制尚需完善'];
const NEXT = ['持续跟踪督导，确保按期完成年度任务', '加强部门协调联动，及时报送工作进展', '完善长效管理机制，巩固已有成果'];

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)] as T;
}

function demoIndicator(ind: Indicator, r: () => number): IndicatorValue {
  switch (ind.comparator) {
    case 'yes':
      return r() > 0.1;
    case '>=':
      return Math.round(((ind.target ?? 50) * (1 + r() * 0.25) + (r() > 0.85 ? -(ind.target ?? 50) * 0.2 : 0)) * 10) / 10;
    case '=':
      return r() > 0.15 ? (ind.target ?? 100) : Math.round((ind.target ?? 100) * 0.95 * 10) / 10;
    default:
      return Math.round((60 + r() * 30) * 10) / 10;
  }
}

function demoReport(unitName: string, task: Task, role: 'lead' | 'support', period: Period, r: () => number): ReportFields {
  const roll = r();
  const status: Status = task.no === 4 || task.no === 15 ? '长期坚持' : roll < 0.1 ? '进度滞后' : roll < 0.2 ? '已完成' : roll < 0.25 ? '未启动' : '正常推进';
  const measure = task.measures.length ? pick(r, task.measures).text.slice(0, 40) : task.title;
  const progress = `${DEMO_MARK}${period.label}，${unitName}围绕“${task.title}”${role === 'lead' ? '牵头' : '配合'}开展工作：${pick(r, ACTIONS)}；${pick(r, ACTIONS)}。重点推进“${measure}”相关工作。`;
  const indicators: Record<string, IndicatorValue> = {};
  if (role === 'lead') for (const ind of task.indicators) indicators[ind.id] = demoIndicator(ind, r);
  return {
    status,
    percent: status === '已完成' ? 100 : status === '未启动' ? 0 : status === '长期坚持' ? null : Math.round(30 + r() * 60),
    progress,
    problems: status === '进度滞后' ? `${DEMO_MARK}${pick(r, PROBLEMS)}。` : r() > 0.6 ? `${DEMO_MARK}${pick(r, PROBLEMS)}。` : '',
    next: `${DEMO_MARK}${pick(r, NEXT)}。`,
    indicators,
    filledBy: `${DEMO_MARK.slice(1, -1)}填报人`,
    phone: `0531-8423${String(Math.floor(r() * 10000)).padStart(4, '0')}`,
  };
}

/** The periods demo data was filled into (said on every output of them: it must never pass for what the units sent). */
export function demoPeriods(ctx: CoreContext): Set<string> {
  return new Set(JSON.parse(ctx.store.meta.get('demo_periods') ?? '[]') as string[]);
}

export function fillDemo(ctx: CoreContext, period: Period): { reports: number; units: number; period: string } {
  ctx = ctx.at(period.id);
  const view = ctx.periodView(period);
  if (view.closed) throw new AppError(ERROR_CODES.periodClosed, `报送周期“${period.label}”已关闭，不能填入演示数据`);
  // Its submissions are received today: for a period not begun they would be what no import takes (a file of a
  // period not begun), counted 按时 all the same.
  if (period.startsOn > ctx.today()) throw new AppError(ERROR_CODES.invalidInput, `报送周期“${period.label}”尚未开始（${formatChineseDate(period.startsOn)}开始），不能填入演示数据：请选择已开始的周期`);
  const deadline = view.deadline;
  let reports = 0;
  let units = 0;
  ctx.store.tx(() => {
    const own = ctx.role === 'unit' ? ctx.ownUnitCode : null;
    for (const unit of ctx.store.units.list().filter((u) => !own || u.code === own)) {
      const tasks = ctx.tasksOf(unit.code);
      if (tasks.length === 0) continue;
      // A unit with anything real for the period (a file received or sent, a report) is left as it is: its demo
      // submission would pass for a real one (on time, or a 退回 answered).
      if (ctx.store.submissions.forUnit(unit.code, period.id).length > 0 || tasks.some(({ task }) => ctx.store.reports.get(unit.code, period.id, task.no))) continue;
      units++;
      const r = rng(`${period.id}/${unit.code}`);
      for (const { task, role } of tasks) {
        writeReport(ctx, { unit, period, task, fields: demoReport(unit.name, task, role, period, r), source: 'demo', note: '演示数据' });
        reports++;
        faultPoint('row');
      }
      // Most units submit before the deadline; a few are late. Nothing is received after today: before the
      // deadline, a unit that would be late has sent its file today (on time, so far).
      const late = r() < 0.15;
      const planned = late ? addDays(deadline, 1 + Math.floor(r() * 4)) : addDays(deadline, -Math.floor(r() * 5));
      const receivedAt = [`${planned}T02:00:00.000Z`, ctx.nowIso()].sort()[0] as string;
      ctx.store.submissions.add({
        id: ctx.newId(),
        unit: unit.code,
        period: period.id,
        revision: ctx.store.submissions.maxRevision(unit.code, period.id) + 1,
        workbookUuid: null,
        contentHash: null,
        fileHash: null,
        source: 'demo',
        receivedAt,
        submittedAt: receivedAt,
        modifiedAfterExport: false,
      }, true);
    }
    const periods = demoPeriods(ctx);
    periods.add(period.id);
    ctx.store.meta.set('demo_periods', JSON.stringify([...periods].sort()));
  });
  return { reports, units, period: period.id };
}
