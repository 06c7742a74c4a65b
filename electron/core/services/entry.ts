/**
 * 代为填报: reports the bureau types in on a unit's behalf (the bureau's own
 * office, which leads most tasks and has no second computer to send itself a
 * workbook; or a unit whose paper form or own spreadsheet came instead of our
 * workbook), then registers as that unit's submission for the period
 * (DHIS2's "complete" on a data set). The reports are written as the clerk's
 * desk writes them (reports.save, with their history); the registration is a
 * submission of source `entry`: it counts as received (按时/逾期 by the day
 * the bureau says the form came), carries the content hash of the reports
 * held, so it can be 退回 or 审核通过 like an imported one, and is numbered on
 * from the unit's revisions. A unit's own workbook that comes later is judged
 * against the files imported before (apply.ts decide), never against an
 * entry, and once taken up it is the content held.
 */
import type { HandlerInput } from '../../../shared/api';
import { AppError, ERROR_CODES } from '../../../shared/errors';
import { DEMO_MARK } from '../../../shared/report';
import { chinaDate, chinaDayStart, formatChineseDate, formatChineseDateTime, revisionText } from '../../../shared/period';
import type { SubmissionStatusView } from '../../../shared/views';
import type { CoreContext } from '../context';
import { contentHash } from '../exchange/content';
import { workbookContent } from '../exchange/export-unit';
import { sameFields } from '../exchange/apply';
import type { StoredReport } from '../store/repos/reports';
import type { Submission } from '../store/repos/submissions';
import { countedSources, fillsMissing, heldHere, standingApproval, submissionStatus } from './status';

/**
 * Whether the reports held are other content than the submission that counts: not its content hash, and saved since
 * it came (an import's hash may differ from one taken of the reports it left, a workbook without its zip, say, with
 * nothing edited).
 */
function differsFrom(held: { contentHash: string | null; receivedAt: string }, hash: string, reports: Iterable<{ updatedAt: string }>): boolean {
  let lastSaved = '';
  for (const r of reports) if (r.updatedAt > lastSaved) lastSaved = r.updatedAt;
  return held.contentHash !== hash && lastSaved > held.receivedAt;
}

/**
 * Since the held file came, nothing but evidence files it listed without bringing them was attached here (代为填报's
 * 添加佐证材料, under the listed name or that name with another extension): its content completed, not changed.
 */
function onlyCompleted(ctx: CoreContext, held: Submission, reports: Iterable<StoredReport>): boolean {
  const missing = held.source === 'import' ? ctx.store.imports.evidenceMissingOf(held.id) : [];
  if (missing.length === 0) return false;
  const key = (e: { hash: string; name: string }): string => `${e.hash}/${e.name}`;
  for (const r of reports) {
    if (r.updatedAt <= held.receivedAt) continue;
    // The version as received (none: the report was begun here since).
    const then = ctx.store.reports.history(r.id).find((h) => h.savedAt <= held.receivedAt);
    if (!then || !sameFields(then.data, r)) return false;
    const before = new Set(then.data.evidence.map(key));
    const now = new Set(r.evidence.map(key));
    if ([...before].some((k) => !now.has(k))) return false;
    if (r.evidence.some((e) => !before.has(key(e)) && !missing.some((m) => fillsMissing({ task: r.task, name: e.name }, m)))) return false;
  }
  return true;
}

/**
 * The bureau's database: the unit's reports for the period changed (代为填报, or by hand at the bureau) since the
 * submission that counts came: the revision number shown is no longer what is shown. Null when there is none held.
 */
export function editedSinceHeld(ctx: CoreContext, unit: string, period: string): { revision: number } | null {
  if (ctx.role !== 'bureau') return null;
  const held = heldHere(ctx, unit, period);
  // Without a content hash (demo data, submissions of early versions) there is nothing to compare with.
  if (!held || held.contentHash === null) return null;
  const now = contentNow(ctx, unit, period);
  if (!now) return null;
  return differsFrom(held, now.hash, now.reports.values()) && !onlyCompleted(ctx, held, now.reports.values()) ? { revision: held.revision } : null;
}

/** The content hash of what a unit's reports of a period say now, as a workbook of them would carry it; null: none held. */
export function contentNow(ctx: CoreContext, unit: string, period: string): { hash: string; reports: Map<number, StoredReport> } | null {
  const reports = new Map(ctx.store.reports.listForUnit(unit, period).map((r) => [r.task, r]));
  if (reports.size === 0) return null;
  return { hash: contentHash(workbookContent(unit, period, reports, ctx.at(period).tasksOf(unit))), reports };
}

export function enterSubmission(ctx: CoreContext, input: HandlerInput<'submissions.enter'>): SubmissionStatusView {
  ctx.requireBureau('代为登记单位的报送');
  const unit = ctx.resolveUnit(input.unit);
  const period = ctx.period(input.period);
  ctx.requireOwed(period, '代为登记报送');
  ctx.assertMayWrite(unit, period);
  // Approved content is locked for the bureau (as its reports are): registering again would end the approval.
  const approved = standingApproval(ctx, unit.code, period.id);
  if (approved) {
    throw new AppError(
      ERROR_CODES.approved,
      `“${unit.name}”${period.label}的报送已于${formatChineseDateTime(approved.approvedAt)}审核通过（第 ${approved.revision} 版），不能再登记。如需更正，请先撤销审核`,
    );
  }
  const then = ctx.at(period.id);
  const mine = then.tasksOf(unit.code);
  if (mine.length === 0) throw new AppError(ERROR_CODES.notResponsible, `“${unit.name}”${period.label}没有负责的任务，没有可登记的报送`);
  const reports = new Map(ctx.store.reports.listForUnit(unit.code, period.id).map((r) => [r.task, r]));
  if (![...reports.values()].some((r) => mine.some((m) => m.task.no === r.task))) {
    throw new AppError(ERROR_CODES.nothingReported, `“${unit.name}”${period.label}还没有任何填报内容：请先逐项填写，再登记为已报送`);
  }
  // Demo text (演示数据) is for practice: registered, it would count as the unit's real submission.
  const demo = [...reports.values()].filter((r) => mine.some((m) => m.task.no === r.task) && [r.progress, r.problems, r.next].some((t) => t.startsWith(DEMO_MARK))).map((r) => r.task);
  if (demo.length > 0) {
    throw new AppError(
      ERROR_CODES.invalidInput,
      `“${unit.name}”${period.label}第 ${demo.sort((a, b) => a - b).join('、')} 项任务的填报内容仍是演示数据（${DEMO_MARK}），不能登记为已报送：请改填实际内容后再登记`,
    );
  }
  const today = chinaDate(ctx.now());
  const on = input.on ?? today;
  if (on > today) throw new AppError(ERROR_CODES.invalidInput, `报送日期 ${formatChineseDate(on)} 还没有到，不能登记`);
  if (on < period.startsOn) throw new AppError(ERROR_CODES.invalidInput, `报送日期 ${formatChineseDate(on)} 早于${period.label}开始（${formatChineseDate(period.startsOn)}），不能登记`);
  // 按时/逾期 goes by the first submission sent: a day before what the unit has already sent would turn a late unit
  // on time after the fact.
  const sentBefore = ctx.store.submissions.forPeriod(period.id, countedSources(ctx.role)).filter((s) => s.unit === unit.code);
  const first = sentBefore.reduce<(typeof sentBefore)[number] | null>((a, s) => (a === null || (s.submittedAt ?? s.receivedAt) < (a.submittedAt ?? a.receivedAt) ? s : a), null);
  if (first && on < chinaDate(first.submittedAt ?? first.receivedAt)) {
    throw new AppError(
      ERROR_CODES.invalidInput,
      `报送日期 ${formatChineseDate(on)} 早于“${unit.name}”${period.label}已收到的报送（${revisionText(first.revision)}，${formatChineseDate(chinaDate(first.submittedAt ?? first.receivedAt))}），不能登记：按时与否以最先报送的日期为准`,
    );
  }
  const hash = contentHash(workbookContent(unit.code, period.id, reports, mine));
  const held = heldHere(ctx, unit.code, period.id);
  if (held && !differsFrom(held, hash, reports.values())) {
    throw new AppError(ERROR_CODES.conflict, `“${unit.name}”${period.label}的填报内容自收到第 ${held.revision} 版以来没有修改，无需再次登记`);
  }
  if (held && onlyCompleted(ctx, held, reports.values())) {
    throw new AppError(
      ERROR_CODES.conflict,
      `“${unit.name}”${period.label}自收到第 ${held.revision} 版以来只补上了该版缺少的佐证材料，填报内容没有修改，无需再次登记：第 ${held.revision} 版仍是其报送`,
    );
  }
  const at = ctx.nowIso();
  // The day the form came, as the bureau says: that day's start in China time (on-time is judged by the day), or now for today.
  const submittedAt = on === today ? at : chinaDayStart(on);
  ctx.store.tx(() =>
    ctx.store.submissions.add(
      {
        id: ctx.newId(),
        unit: unit.code,
        period: period.id,
        revision: Math.max(ctx.store.submissions.maxRevision(unit.code, period.id), ctx.store.returns.maxRevision(unit.code, period.id), ctx.store.approvals.maxRevision(unit.code, period.id)) + 1,
        workbookUuid: null,
        contentHash: hash,
        fileHash: null,
        source: 'entry',
        receivedAt: at,
        submittedAt,
        modifiedAfterExport: false,
      },
      true,
    ),
  );
  return submissionStatus(ctx, period).find((s) => s.unit === unit.code) as SubmissionStatusView;
}
