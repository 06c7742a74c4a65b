/**
 * 退回: the bureau sends a unit's submission back for correction. The
 * return names its reason and, if the bureau says so, the tasks concerned;
 * it stands while the content sent back is the unit's content held, until
 * other content is imported (已重报: a later revision, a file corrected by
 * hand, a template filled in again), or the bureau withdraws it. One stands
 * at a time. Offline, the unit learns of it from the bureau (the printed
 * 报送情况统计表 carries it, or a call): the app records it, shows it, and
 * says so when the same content comes back.
 */
import { formatChineseDateTime, parsePeriod, type Period } from '../../../shared/period';
import { AppError, ERROR_CODES } from '../../../shared/errors';
import type { HandlerInput } from '../../../shared/api';
import type { SubmissionStatusView, WithdrawnReturnView } from '../../../shared/views';
import type { CoreContext } from '../context';
import type { Return } from '../store/repos/returns';
import { approvalStands, countedSubmissions, heldHere, heldSubmission, standing, submissionStatus, withdrawDecision } from './status';

function rowOf(ctx: CoreContext, period: Period, unitCode: string): SubmissionStatusView {
  return submissionStatus(ctx, period).find((s) => s.unit === unitCode) as SubmissionStatusView;
}

export function returnSubmission(ctx: CoreContext, input: HandlerInput<'submissions.return'>): SubmissionStatusView {
  ctx.requireBureau('退回单位的报送');
  const unit = ctx.resolveUnit(input.unit);
  const period = ctx.period(input.period);
  ctx.requireOwed(period, '退回');
  if (!unit.active) throw new AppError(ERROR_CODES.unknownUnit, `“${unit.name}”已停用，不能退回其报送`);
  if (ctx.periodView(period).closed) {
    throw new AppError(ERROR_CODES.periodClosed, `报送周期“${period.label}”已关闭，退回后单位也无法重报。请先在 设置 → 报送截止日期 中重新开放该周期。`);
  }
  const then = ctx.at(period.id);
  const mine = new Set(then.tasksOf(unit.code).map((t) => t.task.no));
  if (mine.size === 0) throw new AppError(ERROR_CODES.notResponsible, `“${unit.name}”在当前任务清单中没有负责的任务，没有可退回的报送`);
  const held = heldSubmission(countedSubmissions(ctx, period).get(unit.code) ?? []);
  if (!held) throw new AppError(ERROR_CODES.notFound, `“${unit.name}”${period.label}尚未报送，没有可退回的报送`);
  const approved = ctx.store.approvals.current(unit.code, period.id);
  if (approved && approvalStands(ctx, approved, held)) {
    throw new AppError(
      ERROR_CODES.approved,
      `“${unit.name}”${period.label}的报送已于${formatChineseDateTime(approved.approvedAt)}审核通过（第 ${approved.revision} 版）；如需退回，请先撤销审核`,
    );
  }
  const before = ctx.store.returns.current(unit.code, period.id);
  if (before && standing(before, held)) {
    throw new AppError(
      ERROR_CODES.alreadyReturned,
      `“${unit.name}”${period.label}的报送已于${formatChineseDateTime(before.returnedAt)}退回，尚待重报；如需改写退回原因，请先撤销那次退回`,
    );
  }
  const named = [...new Set(input.tasks ?? [])].sort((a, b) => a - b);
  for (const no of named) then.task(no);
  const stray = named.filter((t) => !mine.has(t));
  if (stray.length > 0) throw new AppError(ERROR_CODES.notResponsible, `“${unit.name}”不负责第 ${stray.join('、')} 项任务，不能就此退回`);
  ctx.store.tx(() =>
    ctx.store.returns.add({
      id: ctx.newId(),
      unit: unit.code,
      period: period.id,
      revision: held.revision,
      contentHash: held.contentHash,
      reason: input.reason,
      tasks: named,
      returnedAt: ctx.nowIso(),
      toldRevision: null,
    }),
  );
  return rowOf(ctx, period, unit.code);
}

export function withdrawReturn(ctx: CoreContext, input: HandlerInput<'submissions.withdrawReturn'>): WithdrawnReturnView {
  return withdrawDecision(ctx, input, '撤销退回', ctx.store.returns, '没有被退回，无需撤销');
}

/**
 * What the set-up file hands down: every return that stands (the newest of its unit and period, not
 * withdrawn, not answered) and can still be answered: a period of the kind in use, not closed, of a unit
 * active and responsible for tasks.
 */
export function standingReturns(ctx: CoreContext): Return[] {
  return ctx.store.returns.allCurrent().filter((r) => {
    const period = parsePeriod(r.period);
    const unit = ctx.store.units.byCode(r.unit);
    if (!ctx.asked(period) || ctx.store.periods.get(r.period)?.closed || !unit?.active || ctx.at(r.period).tasksOf(r.unit).length === 0) return false;
    return standing(r, heldHere(ctx, r.unit, r.period));
  });
}
