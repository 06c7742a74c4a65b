/**
 * A unit's entry for one task in one period: fields, limits and the rules that
 * check them. Free of zod on purpose: the import's parser workers load this
 * module, and zod alone cost each worker ~115 ms at start-up. The input
 * schema is in report-input.ts.
 */
import type { Indicator } from './catalog/types';

export const STATUSES = ['未启动', '正常推进', '已完成', '进度滞后', '长期坚持'] as const;
export type Status = (typeof STATUSES)[number];

/** What every text of demo data (演示数据) begins with: such a report is never sent, nor taken as one. */
export const DEMO_MARK = '【演示数据】';

/**
 * What a 联系电话 may hold: digits (full-width too), spaces, brackets, plus, dashes, 转 (an extension), and what
 * separates two numbers (0531-84231234、13805310000; a comma, a semicolon, a slash). The form and the import alike.
 */
export const PHONE_PATTERN = /^[0-9０-９+\-－()（）\s转,，、;；/]*$/;
export const PHONE_RULE = '联系电话只能包含数字、空格、括号、加号、短横线、“转”，以及分隔两个号码的顿号、逗号、分号或斜线';

/**
 * A hint under the form's 联系电话 (saved all the same): a number not of a length China's numbers have, an extension
 * after 转 aside. A mobile has 11 digits from 1, a landline 7–8, or 10–12 with its area code from 0 (0531-84239999);
 * after China's country code (+86, 0086, (+86)) the area code drops its 0 (+86 531 8423 9999).
 */
export function phoneLooksOff(phone: string): boolean {
  // Each of two numbers given (0531-84231234、13805310000) by itself.
  return phone
    .normalize('NFKC')
    .split(/[、,;/]/)
    .filter((one) => one.trim() !== '')
    .some((one) => {
      const number = one.split('转')[0] ?? '';
      const country = /^\s*\(?\s*(?:\+|00)\s*86\s*\)?/.exec(number);
      const digits = number.slice(country?.[0].length ?? 0).replace(/\D/g, '');
      if (digits.startsWith('1')) return digits.length !== 11;
      if (country && !digits.startsWith('0')) return digits.length < 9 || digits.length > 11;
      if (digits.startsWith('0')) return digits.length < 10 || digits.length > 12;
      return digits.length < 7 || digits.length > 8;
    });
}

export const LIMITS = {
  /** 工作进展 / 存在问题 / 下步计划 */
  text: 8000,
  filledBy: 40,
  phone: 30,
  evidenceName: 200,
  /** One evidence file, bytes. */
  evidenceBytes: 50 * 1024 * 1024,
} as const;

export type IndicatorValue = number | boolean | null;

export interface ReportFields {
  status: Status;
  percent: number | null;
  progress: string;
  problems: string;
  next: string;
  /** Keyed by indicator id (e.g. "3.1"). */
  indicators: Record<string, IndicatorValue>;
  filledBy: string;
  phone: string;
}

export interface EvidenceRef {
  hash: string;
  name: string;
  size: number;
}

export interface Report extends ReportFields {
  id: string;
  unit: string;
  unitName: string;
  task: number;
  period: string;
  version: number;
  source: ReportSource;
  updatedAt: string;
  evidence: EvidenceRef[];
}

export type ReportSource = 'entry' | 'import' | 'demo' | 'copy';

/** Content the bureau typed in for a unit (代为填报) and has not registered as received: shown so marked, counted nowhere. */
export const UNREGISTERED = '区局录入，尚未登记报送';

/** Said after 已收 N 条 where a summary holds such content: how many entries are held apart (empty when none). */
export function unregisteredAside(s: { tasks: readonly { entries: readonly { unregistered?: true }[] }[] }): string {
  const n = s.tasks.reduce((a, t) => a + t.entries.filter((e) => e.unregistered).length, 0);
  return n > 0 ? `（另有区局录入、尚未登记报送的 ${n} 条）` : '';
}

/** How a report version came about, as the history says it. */
export const REPORT_SOURCE_LABELS: Record<ReportSource, string> = { entry: '填报', import: '导入', demo: '演示数据', copy: '复制上期' };

/**
 * Who made a version, as the database it is in knows: typed in at the bureau (代为填报, or a correction after a phone
 * call) or by the unit in its own app; imported from the unit's file; copied from last period; demo data.
 */
export function reportSourceLabel(source: ReportSource, role: 'bureau' | 'unit' | null): string {
  if (source === 'entry' && role === 'bureau') return '区局录入';
  if (source === 'entry' && role === 'unit') return '本单位填报';
  if (source === 'import' && role === 'bureau') return '导入单位报送文件';
  return REPORT_SOURCE_LABELS[source];
}

export interface RuleIssue {
  field: string;
  message: string;
}

/** Rules that need the catalog: indicators by kind, and statuses that need an explanation. */
/**
 * A unit's 填报人 and 联系电话 for a period (its workbook's cover, its printed
 * form): each from the newest report that has it, so a task saved later
 * without them does not blank them.
 */
export function contactOf(reports: Iterable<{ updatedAt: string; filledBy: string; phone: string }>): { filledBy: string; phone: string } {
  const newestFirst = [...reports].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  return {
    filledBy: newestFirst.find((r) => r.filledBy.trim() !== '')?.filledBy ?? '',
    phone: newestFirst.find((r) => r.phone.trim() !== '')?.phone ?? '',
  };
}

/** What 复制上期 did, in a sentence (the clerk's screen and the command line). */
export function copyPreviousText(r: { copied: readonly number[]; kept: readonly number[]; absent: readonly number[]; other?: readonly number[]; fromLabel: string }): string {
  const other = r.other ?? [];
  // Tasks whose number meant another task last period (the plan was revised between): never copied.
  const otherText = other.length > 0 ? `；第 ${other.join('、')} 项上期是另一项任务（任务清单已修订），未复制` : '';
  if (r.copied.length > 0) return `已从上期（${r.fromLabel}）复制 ${r.copied.length} 项${r.kept.length > 0 ? `，${r.kept.length} 项本期已填写，未覆盖` : ''}${otherText}`;
  if (r.kept.length === 0) return `上期（${r.fromLabel}）没有可复制的填报内容${otherText}`;
  return `未复制：${r.kept.length} 项本期已填写，未覆盖${r.absent.length > 0 ? `；其余 ${r.absent.length} 项上期（${r.fromLabel}）没有填报内容` : ''}${otherText}`;
}

/**
 * A status and a 完成比例 that say different things (已完成 at 60%, 未启动 at 30%, 100% while still 正常推进): not
 * refused (a clerk may mean it: 已完成 for the year's part, the rest next year), asked about where it is typed and
 * before the file goes. Null when they agree, or when either is not given.
 */
export function statusPercentMismatch(status: Status | null, percent: number | null): string | null {
  const m = statusPercentDisagree(status, percent);
  return m && `${m.what}：${m.ask}`;
}

/** The same, as what disagrees (said to the bureau of a file received) and what the clerk is asked. */
export function statusPercentDisagree(status: Status | null, percent: number | null): { what: string; ask: string } | null {
  if (status === null || percent === null) return null;
  if (status === '已完成' && percent < 100) return { what: `状态为“已完成”，完成比例却是 ${percent}%`, ask: '请核对（已完成应为 100%）' };
  if (status === '未启动' && percent > 0) return { what: `状态为“未启动”，完成比例却是 ${percent}%`, ask: '请核对状态' };
  if (percent === 100 && (status === '正常推进' || status === '进度滞后')) return { what: `完成比例为 100%，状态却是“${status}”`, ask: '如已完成，请把状态改为“已完成”' };
  return null;
}

export function checkReportRules(r: ReportFields, indicators: readonly Indicator[]): RuleIssue[] {
  const issues: RuleIssue[] = [];
  if (r.status === '进度滞后' && r.problems.trim() === '') {
    issues.push({ field: 'problems', message: '状态为“进度滞后”时，必须填写“存在问题”' });
  }
  const byId = new Map(indicators.map((i) => [i.id, i]));
  for (const [id, value] of Object.entries(r.indicators)) {
    const ind = byId.get(id);
    if (!ind) {
      issues.push({ field: `indicators.${id}`, message: `本任务没有编号为“${id}”的指标` });
      continue;
    }
    const msg = checkIndicatorValue(ind, value);
    if (msg) issues.push({ field: `indicators.${id}`, message: msg });
  }
  return issues;
}

/** Null when the value fits the indicator's kind, else a Chinese message. */
export function checkIndicatorValue(ind: Indicator, value: IndicatorValue): string | null {
  if (value === null) return null;
  if (ind.comparator === 'yes') {
    return typeof value === 'boolean' ? null : `指标“${ind.name}”应填“是”或“否”`;
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) return `指标“${ind.name}”应填数字`;
  if (ind.unit === '%' && (value < 0 || value > 100)) return `指标“${ind.name}”是百分比，应在 0–100 之间（现为 ${value}）`;
  if (value < 0) return `指标“${ind.name}”不能为负数（现为 ${value}）`;
  return null;
}

/** `unproven`: a yes/no indicator answered 是 with no evidence attached to that report (the 复核 asks for it). */
export type Compliance = 'met' | 'not_met' | 'unknown' | 'unproven';

/** The same words on screen, on paper and in the summary workbook. */
/** An indicator's value as people read it: 是/否, the number with its unit, — when none. */
export const indicatorText = (v: IndicatorValue | undefined, unit: string): string => (v === null || v === undefined ? '—' : typeof v === 'boolean' ? (v ? '是' : '否') : `${v}${unit}`);

export const COMPLIANCE_LABELS: Record<Compliance, string> = { met: '达标', not_met: '未达标', unknown: '待定', unproven: '待补佐证' };
/** An indicator without a value this period (the report may have come without it). */
export const NO_VALUE_LABEL = '未填报';

/**
 * A percentage typed as a fraction (0.186 for 18.6%, or an Excel percentage cell pasted as its value): the percentage
 * it most likely means, else null. Kept as typed either way; said by the form under the field and by the import.
 */
export function percentAsFraction(ind: { unit: string; target: number | null }, value: IndicatorValue): number | null {
  if (ind.unit !== '%' || typeof value !== 'number' || !(value > 0 && value < 1) || (ind.target !== null && ind.target < 1)) return null;
  return Math.round(value * 10000) / 100;
}

/**
 * Whether a value meets its indicator. `previous` is the value of the period
 * before (for 不降低); `assigned` is the target handed down for the year;
 * `proven`, whether the report the value is from has evidence attached (a 是
 * without it is 待补佐证, not 达标: the 复核 asks for the proof).
 */
export function judgeIndicator(
  ind: Indicator,
  value: IndicatorValue,
  previous: IndicatorValue = null,
  assigned: number | null = null,
  proven = true,
): Compliance {
  if (value === null) return 'unknown';
  if (ind.comparator === 'yes') return value !== true ? 'not_met' : proven ? 'met' : 'unproven';
  if (typeof value !== 'number') return 'unknown';
  let ok: boolean;
  switch (ind.comparator) {
    case '>=':
      ok = value >= (ind.target ?? -Infinity);
      break;
    case '<=':
      ok = value <= (ind.target ?? Infinity);
      break;
    case '=':
      ok = Math.abs(value - (ind.target ?? NaN)) < 1e-9;
      break;
    case 'not_lower':
      if (typeof previous !== 'number') return 'unknown';
      ok = value >= previous;
      break;
    case 'meets_assigned':
      if (assigned === null) return 'unknown';
      ok = value >= assigned;
      break;
  }
  if (ok && ind.notLower) {
    // 不降低: not met on its target alone; with nothing to compare with (no earlier value, no 基准值) it is 待定.
    if (typeof previous !== 'number') return 'unknown';
    ok = value >= previous;
  }
  return ok ? 'met' : 'not_met';
}

/** An indicator that must not fall below the value before it (不降低): judged against that value, or the year's 基准值. */
export const mustNotFall = (ind: Pick<Indicator, 'comparator' | 'notLower'>): boolean => ind.comparator === 'not_lower' || ind.notLower;

/** The target as a sentence says it (a plan's changes, in brackets or quotes): no brackets of its own, an = target with its sign. */
export function targetInSentence(ind: Indicator): string {
  if (ind.comparator === 'yes') return '是，附佐证材料';
  if (ind.comparator === '=') return `=${describeTarget(ind)}`;
  return describeTarget(ind);
}

/** 目标 as people write it: ≥20%, 100% (an = target), ≥55, 不低于上期, 完成上级下达目标, 是（附佐证材料）. */
export function describeTarget(ind: Indicator, assigned: number | null = null): string {
  const n = (v: number | null): string => (v === null ? '' : `${v}${ind.unit}`);
  switch (ind.comparator) {
    case '>=':
      return `≥${n(ind.target)}${ind.notLower ? '且不降低' : ''}`;
    case '<=':
      return `≤${n(ind.target)}`;
    case '=':
      return `${n(ind.target)}`;
    case 'not_lower':
      return '不低于上期';
    case 'meets_assigned':
      return assigned === null ? '完成上级下达目标' : `≥${n(assigned)}（上级下达）`;
    case 'yes':
      return '是（附佐证材料）';
  }
}
