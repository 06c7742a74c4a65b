/** 督办单 wording shared by the core (issuing, printing) and the bureau's 督办管理 page (the defaults it offers). */
import { addDays, formatChineseDate, formatChineseDateTime } from './period';
import type { NoticeState } from './views';

/** Days from a notice's date to its 办理时限, unless the bureau sets another. */
export const NOTICE_DAYS = 15;

/** The latest 办理时限 a notice issued `today` takes: a year on. */
export function latestDueOn(today: string): string {
  return addDays(today, 366);
}

/** Whether a notice issued `today` takes `day` as its 办理时限: after today, within a year. */
export function dueOnAllowed(today: string, day: string): boolean {
  return day > today && day <= latestDueOn(today);
}

/** 文件被拒收 beside a unit with nothing counted whose file was refused (submissions table, 督办管理). */
export function refusedFileText(at: string): string {
  return `文件被拒收（${formatChineseDateTime(at)}）`;
}

/** 督办要求 by kind, unless the bureau words it otherwise. */
export const DEFAULT_DEMANDS: Readonly<Record<'lagging' | 'missing', string>> = {
  lagging: '请高度重视，认真分析滞后原因，制定整改措施，明确责任人和完成时限，确保按期完成任务。',
  missing: '请立即补报本期工作进展情况，说明逾期原因，并明确专人负责按期报送。',
};

/** 存在问题 of a lagging task whose report states none. */
export const NO_PROBLEM_STATED = '填报状态为“进度滞后”，未说明具体问题。';

/** 存在问题 of a notice for tasks not reported by the deadline. */
export function missingProblems(deadline: string): string {
  return `截至报送截止日期（${formatChineseDate(deadline)}），未报送本期工作进展情况。`;
}

/** 督办事项: the period, the task(s), and what is wrong. */
export function noticeMatter(periodLabel: string, reason: 'lagging' | 'missing', tasks: readonly { no: number; title: string }[]): string {
  const what = reason === 'missing' ? '逾期未报送工作进展' : '进度滞后';
  // A task no longer in the plan (a notice carried over from before migration 019) is named by its number alone.
  if (tasks.length === 1) return `${periodLabel}第 ${tasks[0]!.no} 项重点任务${tasks[0]!.title ? `“${tasks[0]!.title}”` : ''}${what}`;
  // Each task with its title, as a single one is: the unit need not look the numbers up.
  const titles = tasks.filter((t) => t.title).map((t) => `“${t.title}”`);
  return `${periodLabel}第 ${tasks.map((t) => t.no).join('、')} 项重点任务${titles.join('、')}${what}（共 ${tasks.length} 项）`;
}

/** Numbers as runs: 3–5、8. */
export function numberRuns(numbers: readonly number[]): string {
  const sorted = [...new Set(numbers)].sort((a, b) => a - b);
  const runs: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    runs.push(j === i ? String(sorted[i]) : `${sorted[i]}–${sorted[j]}`);
    i = j + 1;
  }
  return runs.join('、');
}

/** What a database restored from a backup says of the 督办单 issued before and not held in it. */
export function notHeldText(y: { year: number; numbers: readonly number[]; next: number }): string {
  return `${y.year}年第 ${numberRuns(y.numbers)} 号督办单已在数据库恢复为备份之前签发，本数据库中没有记录（在恢复前的数据库文件中，文件名含“replaced”）；这些编号不再使用，新签发的督办单从第 ${y.next} 号起编号`;
}

/** Said after a restore that could not read the database it replaced: numbers it issued after its last backup are unknown here. */
export const NUMBERS_UNSURE =
  '数据库曾从备份恢复，而恢复前的数据库无法读取：最近一次备份之后签发的督办单编号，本系统无从核对。请对照纸质督办台账，在“督办管理”中填写本年已用到的最大编号，以免重号';

/** 现状 in one line (督办台账 on the command line and in its workbook): with the deadline moved since, when it was. */
export function noticeNowText(n: { now: string; deadlineMoved: string | null }): string {
  return n.deadlineMoved ? `截止日期已改为${formatChineseDate(n.deadlineMoved)}，${n.now}` : n.now;
}

type OpenNotice = { number: string; reason: 'lagging' | 'missing'; state: NoticeState; settled: boolean };

/** A notice of the reason still open: not answered or voided, and its unit has not reported (or improved) since. */
const stillOpen = (reason: OpenNotice['reason']) => (n: OpenNotice): boolean => n.reason === reason && (n.state === 'pending' || n.state === 'overdue') && !n.settled;

/** Up to three numbers, in brackets. */
const someNumbers = (ns: readonly OpenNotice[]): string => `（${ns.slice(0, 3).map((n) => n.number).join('、')}${ns.length > 3 ? ' 等' : ''}）`;

/**
 * What closing a period leaves undone, said before (设置) or as (settings --close) it closes, a sentence each: the
 * units that have sent nothing for it, with the 逾期未报送 督办单 still asking them to 补报 (after closing, their files
 * are refused); and the 进度滞后 督办单 not yet answered (after closing, the units can no longer change their reports,
 * so only a written answer can settle them).
 */
export function closingLeaves(missing: readonly string[], notices: readonly OpenNotice[]): string[] {
  const said: string[] = [];
  if (missing.length > 0) {
    const chasing = notices.filter(stillOpen('missing'));
    const shown = missing.length > 8 ? `${missing.slice(0, 8).join('、')}等 ${missing.length} 个单位` : missing.join('、');
    const asking = chasing.length > 0 ? `，其中 ${chasing.length} 份“逾期未报送”督办单${someNumbers(chasing)}尚未办结，仍在要求补报` : '';
    said.push(`${shown}本期尚未报送${asking}；关闭后这些单位不能再补报${chasing.length > 0 ? '，这些督办单请先登记反馈（或作废）' : ''}`);
  }
  const lagging = notices.filter(stillOpen('lagging'));
  if (lagging.length > 0) said.push(`${lagging.length} 份“进度滞后”督办单${someNumbers(lagging)}尚未反馈；关闭后各单位不能再修改本期填报，这些督办单只能以书面反馈办结`);
  return said;
}

export const NOTICE_STATE_LABELS: Readonly<Record<NoticeState, string>> = { pending: '待反馈', overdue: '逾期未反馈', answered: '已反馈', voided: '已作废' };
