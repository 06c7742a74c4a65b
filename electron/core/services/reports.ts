/** Reports: the clerk's entries, their history, copying last period, evidence files. */
import { readFileSync } from 'node:fs';
import type { Task, Unit } from '../../../shared/catalog/types';
import { AppError, ERROR_CODES } from '../../../shared/errors';
import { formatChineseDateTime, isPeriodId, parsePeriod, type Period } from '../../../shared/period';
import { checkReportRules, LIMITS, reportSourceLabel, type Report, type ReportFields, type ReportSource } from '../../../shared/report';
import type { HandlerInput } from '../../../shared/api';
import { safeFileName } from '../../../shared/file-name';
import type { ExportedFile } from '../../../shared/api/exchange';
import type { HistoryView, UnitPeriodView } from '../../../shared/views';
import { likeness, SAME_TASK_LIKENESS } from '../../../shared/text';
import type { CoreContext } from '../context';
import { sha256, storeByHash } from '../fsutil';
import { evidenceDir, hashPath } from '../paths';
import type { StoredReport } from '../store/repos/reports';
import { approvalOf, missingNow, returnOf, standingApproval } from './status';
import { editedSinceHeld } from './entry';
import { normalizeText } from '../exchange/content';
import { HELD_REVISIONS } from '../exchange/format';
import { recentPeriods } from './setup';

/**
 * Who may write the unit's report for the period (ctx.assertMayWrite), and not the bureau into a submission it
 * approved (审核通过): as DHIS2 locks approved data, the approval is withdrawn first. A unit's newer file is
 * still imported (never lost); the approval then no longer stands and the bureau reviews again.
 */
function assertMayWrite(ctx: CoreContext, unit: Unit, period: Period): void {
  ctx.assertMayWrite(unit, period);
  if (ctx.role !== 'bureau') return;
  const a = standingApproval(ctx, unit.code, period.id);
  if (a) {
    throw new AppError(
      ERROR_CODES.approved,
      `“${unit.name}”${period.label}的报送已于${formatChineseDateTime(a.approvedAt)}审核通过（第 ${a.revision} 版），不能再修改。如需更正，请先撤销审核`,
    );
  }
}

export function toReport(ctx: CoreContext, r: StoredReport): Report {
  return { ...r, unitName: ctx.unitName(r.unit) };
}

/** Unit, task and period checked together: the unit must be responsible for the task. */
/** `write`: for a write (a deactivated unit, which holds no task now, is refused as such); reads of a past period's report and evidence stay open to it. */
export function target(ctx: CoreContext, unitRef: string, periodRef: string, taskNo: number, write = false): { unit: Unit; period: Period; task: Task } {
  const unit = ctx.resolveUnit(unitRef);
  const period = ctx.period(periodRef);
  // The period's own plan: a past one keeps the tasks and indicators its reports were made on.
  const then = ctx.at(period.id);
  const task = then.task(taskNo);
  // A deactivated unit holds no task now: why it cannot write is that it was deactivated.
  if (write && !unit.active) throw new AppError(ERROR_CODES.notResponsible, `“${unit.name}”已停用，不再填报`);
  if (!then.roleIn(task, unit.code)) {
    throw new AppError(ERROR_CODES.notResponsible, `“${unit.name}”不是第 ${task.no} 项任务“${task.title}”的责任单位`);
  }
  return { unit, period, task };
}

/** The unit's periods sent back and not answered yet (its desk points to each from any period). */
export function returnedPeriods(ctx: CoreContext, input: HandlerInput<'reports.returned'>): { period: string; label: string; tasks: number[] }[] {
  const unit = ctx.resolveUnit(input.unit);
  return ctx.store.returns
    .allCurrent()
    .filter((r) => r.unit === unit.code && isPeriodId(r.period) && ctx.asked(parsePeriod(r.period)) && !ctx.store.periods.get(r.period)?.closed)
    .flatMap((r) => {
      const v = returnOf(ctx, unit.code, r.period);
      return v && v.resubmittedRevision === null ? [{ period: r.period, label: parsePeriod(r.period).label, tasks: v.tasks }] : [];
    })
    .sort((a, b) => a.period.localeCompare(b.period));
}

/**
 * A unit's database: the periods it owes whose deadline has passed with nothing sent from it (no file exported here,
 * none held by the bureau as its last set-up file said), open, the unit answering for a task in them; newest first,
 * from this year and last (or back to the first year holding reports). What its desk points to from the period shown:
 * it opens on the period under way once the one before is past its deadline. The bureau's database: none (its
 * overview says who has not sent).
 */
export function unsentPeriods(ctx: CoreContext, input: HandlerInput<'reports.unsent'>): { period: string; label: string; deadline: string; daysLate: number }[] {
  const unit = ctx.resolveUnit(input.unit);
  if (ctx.role !== 'unit') return [];
  const held = JSON.parse(ctx.store.meta.get(HELD_REVISIONS) ?? '{}') as Record<string, number>;
  return recentPeriods(ctx)
    .filter((p) => p.owed && !p.closed && p.daysLeft < 0 && !((held[p.id] ?? 0) > 0) && ctx.store.submissions.forUnit(unit.code, p.id).length === 0 && ctx.at(p.id).tasksOf(unit.code).length > 0)
    .map((p) => ({ period: p.id, label: p.label, deadline: p.deadline, daysLate: -p.daysLeft }));
}

export function forUnit(ctx: CoreContext, input: HandlerInput<'reports.forUnit'>): UnitPeriodView {
  const found = ctx.resolveOwnUnit(input.unit, '查看');
  const period = ctx.period(input.period);
  // The period's plan, and the unit under the name it had then (renamed since: its earlier name).
  const then = ctx.at(period.id);
  const unit = then.named(found);
  const reports = new Map(ctx.store.reports.listForUnit(unit.code, period.id).map((r) => [r.task, r]));
  const tasks = then.tasksOf(unit.code).map(({ task, role }) => {
    const r = reports.get(task.no);
    return { task: task.no, category: task.category, title: task.title, role, report: r ? toReport(then, r) : null };
  });
  return {
    unit,
    period: ctx.periodView(period),
    tasks,
    filled: tasks.filter((t) => t.report).length,
    total: tasks.length,
    returned: returnOf(ctx, unit.code, period.id),
    approved: approvalOf(ctx, unit.code, period.id),
    ...(ctx.role === 'bureau' ? { editedSince: editedSinceHeld(ctx, unit.code, period.id), evidenceMissing: missingNow(ctx, unit.code, period.id) } : {}),
  };
}

/** Validates the rules that need the catalog; throws report_rules with every problem listed. */
export function checkRules(task: Task, fields: ReportFields): void {
  const issues = checkReportRules(fields, task.indicators);
  if (issues.length > 0) {
    throw new AppError(
      ERROR_CODES.reportRules,
      issues.map((i) => i.message).join('；'),
      issues.map((i) => ({ field: i.field, message: i.message })),
    );
  }
}

/** Writes one report version inside the caller's transaction (imports and demo share it). */
export function writeReport(
  ctx: CoreContext,
  args: { unit: Unit; period: Period; task: Task; fields: ReportFields; source: ReportSource; note?: string },
): StoredReport {
  checkRules(args.task, args.fields);
  return ctx.store.reports.save({
    id: ctx.newId(),
    unit: args.unit.code,
    period: args.period.id,
    task: args.task.no,
    fields: args.fields,
    source: args.source,
    note: args.note ?? '',
    at: ctx.nowIso(),
  });
}

/** A save refused because the report changed since the form loaded it: what changed it, and when. */
function editedElsewhere(ctx: CoreContext, task: number, now: StoredReport | null): AppError {
  const what = now
    ? `已有新的保存（第 ${now.version} 次保存，${formatChineseDateTime(now.updatedAt)}，${reportSourceLabel(now.source, ctx.role)}）`
    : '已无填报内容';
  return new AppError(
    ERROR_CODES.conflict,
    `第 ${task} 项任务在您编辑期间${what}，可能是在另一个窗口中修改，或导入了新的报送文件：此处的修改没有保存，以免覆盖；请查看最新内容后决定`,
    [{ field: 'baseVersion', message: now ? `现为第 ${now.version} 次保存` : '现无填报内容' }],
  );
}

export function save(ctx: CoreContext, input: HandlerInput<'reports.save'>): Report {
  const { unit, period, task } = target(ctx, input.unit, input.period, input.task, true);
  assertMayWrite(ctx, unit, period);
  const stored = ctx.store.tx(() => {
    if (input.baseVersion !== undefined) {
      // Edited from one version, another saved since (a second window, an import, the command line): not overwritten unseen.
      const now = ctx.store.reports.get(unit.code, period.id, task.no);
      if ((now?.version ?? 0) !== input.baseVersion) throw editedElsewhere(ctx, task.no, now);
    }
    return writeReport(ctx, { unit, period, task, fields: input.report, source: 'entry' });
  });
  return toReport(ctx, stored);
}

export function history(ctx: CoreContext, input: HandlerInput<'reports.history'>): HistoryView[] {
  // What a unit wrote for a task a revised plan took from it is kept, and readable here (not written to).
  const unit = ctx.resolveOwnUnit(input.unit, '查看');
  const period = ctx.period(input.period);
  const held = ctx.store.reports.get(unit.code, period.id, input.task);
  if (held) return ctx.store.reports.history(held.id).map((h) => ({ ...h, by: reportSourceLabel(h.source, ctx.role) }));
  const { task } = target(ctx, input.unit, input.period, input.task);
  const r = ctx.store.reports.get(unit.code, period.id, task.no);
  return r ? ctx.store.reports.history(r.id).map((h) => ({ ...h, by: reportSourceLabel(h.source, ctx.role) })) : [];
}

export function copyPrevious(
  ctx: CoreContext,
  input: HandlerInput<'reports.copyPrevious'>,
): { copied: number[]; kept: number[]; absent: number[]; other: number[]; from: string; fromLabel: string } {
  const unit = ctx.resolveUnit(input.unit);
  const period = ctx.period(input.period);
  assertMayWrite(ctx, unit, period);
  // 上期 of the kind in use then (the quarter before the first month of 月报).
  const prev = ctx.periodBefore(period);
  // The first period owed has none (unless reports are held for the one before it).
  if (!ctx.asked(prev) && !ctx.store.reports.holdsPeriod(prev.id)) {
    throw new AppError(ERROR_CODES.nothingReported, `${period.label}是起报周期，此前各期不要求报送，没有上期内容可复制`);
  }
  const wanted = input.tasks ? new Set(input.tasks) : null;
  if (wanted) {
    const mine = new Set(ctx.at(period.id).tasksOf(unit.code).map((t) => t.task.no));
    const not = [...wanted].filter((n) => !mine.has(n));
    if (not.length > 0) throw new AppError(ERROR_CODES.notResponsible, `第 ${not.join('、')} 项任务不是“${unit.name}”${period.label}负责的任务，未复制任何内容`);
  }
  const copied: number[] = [];
  const kept: number[] = [];
  const absent: number[] = [];
  const other: number[] = [];
  // Last period may be on an earlier plan (a revision between): its task of this number may be another task.
  const prevPlan = ctx.catalogFor(prev.id);
  const prevTasks = new Map(prevPlan.tasks.map((t) => [t.no, t]));
  const samePlan = prevPlan === ctx.catalogFor(period.id);
  ctx.store.tx(() => {
    for (const { task } of ctx.at(period.id).tasksOf(unit.code)) {
      if (wanted && !wanted.has(task.no)) continue;
      if (ctx.store.reports.get(unit.code, period.id, task.no)) {
        kept.push(task.no);
        continue;
      }
      const old = ctx.store.reports.get(unit.code, prev.id, task.no);
      if (!old) {
        absent.push(task.no);
        continue;
      }
      const then = prevTasks.get(task.no);
      // On another plan last period the number may have been no task at all (a report kept from a task a revision took out).
      if (then ? then.title !== task.title && likeness(then.title, task.title) < SAME_TASK_LIKENESS : !samePlan) {
        other.push(task.no);
        continue;
      }
      // Last period's text is a starting point; a finished task stays finished. Without control characters an earlier
      // version let in (a save refuses them now: the copy would not be saved again as it stands).
      const fields: ReportFields = {
        status: old.status,
        percent: old.percent,
        progress: normalizeText(old.progress),
        problems: normalizeText(old.problems),
        next: normalizeText(old.next),
        indicators: {},
        filledBy: old.filledBy,
        phone: old.phone,
      };
      ctx.store.reports.save({
        id: ctx.newId(),
        unit: unit.code,
        period: period.id,
        task: task.no,
        fields,
        source: 'copy',
        note: `复制自 ${prev.label}`,
        at: ctx.nowIso(),
      });
      copied.push(task.no);
    }
  });
  return { copied, kept, absent, other, from: prev.id, fromLabel: prev.label };
}

/** The one rule for a file name kept or written out (shared/file-name.ts). */
export { safeFileName };

export function addEvidence(ctx: CoreContext, input: HandlerInput<'evidence.add'>): Report {
  const { unit, period, task } = target(ctx, input.unit, input.period, input.task, true);
  assertMayWrite(ctx, unit, period);
  const data = Buffer.from(input.dataBase64, 'base64');
  if (data.length > LIMITS.evidenceBytes) throw new AppError(ERROR_CODES.invalidInput, '佐证材料单个文件不能超过 50 MB：视频请压缩或截取关键片段、照片请缩小后再添加；原始大文件可用U盘或光盘直接交区局');
  // An empty file is almost always a copy that failed (a stick pulled out too early): it proves nothing.
  if (data.length === 0) throw new AppError(ERROR_CODES.invalidInput, `“${input.name}”是空文件（0 字节），可能复制时出错；请打开原文件检查后重新添加`);
  const existing = ctx.store.reports.get(unit.code, period.id, task.no);
  if (!existing) throw new AppError(ERROR_CODES.notFound, '请先保存本任务的填报内容，再添加佐证材料');
  const hash = sha256(data);
  // Kept composed (NFC): a name picked on a Mac (NFD: "Cafe\u0301.jpg") and the same name typed elsewhere are one name.
  const name = safeFileName(input.name.normalize('NFC'));
  // The same file under the same name, added again: nothing to add (no new version in the history). (One a unit's file
  // brought may be held decomposed.)
  if (existing.evidence.some((e) => e.hash === hash && e.name.normalize('NFC') === name)) return toReport(ctx, existing);
  // Bytes first (content-addressed, idempotent), then the rows that point at them.
  storeByHash(hashPath(evidenceDir(ctx.dbPath), hash), data);
  ctx.store.tx(() => {
    ctx.store.evidence.add(hash, data.length, ctx.nowIso());
    ctx.store.reports.attachEvidence(existing.id, hash, name, ctx.nowIso());
    ctx.store.reports.touch(existing.id, 'entry', `添加佐证材料：${name}`, ctx.nowIso());
  });
  return toReport(ctx, ctx.store.reports.byId(existing.id) as StoredReport);
}

/** An attached evidence file's bytes, for the clerk or the bureau to save and open; refused when the stored bytes do not match. */
export function openEvidence(ctx: CoreContext, input: HandlerInput<'evidence.open'>): ExportedFile {
  const { unit, period, task } = target(ctx, input.unit, input.period, input.task);
  const ref = ctx.store.reports.get(unit.code, period.id, task.no)?.evidence.find((e) => e.hash === input.hash && e.name === input.name);
  if (!ref) throw new AppError(ERROR_CODES.notFound, `“${unit.name}”第 ${task.no} 项任务（${period.label}）没有名为“${input.name}”的这份佐证材料`);
  const again = ctx.ownUnitCode === unit.code ? '请重新添加该佐证材料' : '请该单位重新报送';
  const path = hashPath(evidenceDir(ctx.dbPath), ref.hash);
  let data: Buffer;
  try {
    data = readFileSync(path);
  } catch {
    throw new AppError(ERROR_CODES.notFound, `佐证材料“${ref.name}”的文件不在本机（应在 ${path}），可能已被删除；请从备份恢复，或${again}`);
  }
  if (sha256(data) !== ref.hash) throw new AppError(ERROR_CODES.evidenceDamaged, `佐证材料“${ref.name}”的文件已损坏（内容与登记的摘要不符：${path}）；${again}`);
  return { fileName: ref.name, dataBase64: data.toString('base64'), bytes: data.length, sha256: ref.hash };
}

export function removeEvidence(ctx: CoreContext, input: HandlerInput<'evidence.remove'>): Report {
  const { unit, period, task } = target(ctx, input.unit, input.period, input.task, true);
  assertMayWrite(ctx, unit, period);
  const existing = ctx.store.reports.get(unit.code, period.id, task.no);
  if (!existing) throw new AppError(ERROR_CODES.notFound, '该任务还没有填报内容');
  ctx.store.tx(() => {
    if (ctx.store.reports.detachEvidence(existing.id, input.hash, input.name) === 0) {
      throw new AppError(ERROR_CODES.notFound, `该任务没有名为“${input.name}”的佐证材料`);
    }
    ctx.store.reports.touch(existing.id, 'entry', `移除佐证材料：${input.name}`, ctx.nowIso());
  });
  return toReport(ctx, ctx.store.reports.byId(existing.id) as StoredReport);
}
