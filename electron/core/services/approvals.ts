/**
 * 审核通过: the bureau accepts a unit's submission for a period after
 * reviewing it (报送详情), noting whether the unit's printed form came back
 * signed and stamped (盖章). It is the other answer to 退回, and like DHIS2's
 * approval it locks what was approved: the bureau changes none of that
 * unit's reports for the period, and neither approves again nor sends back,
 * until it withdraws the approval (撤销审核; the record is kept). A unit's
 * newer file is still imported (nothing a unit sends is lost): the approval
 * then no longer stands (审核后又收到第 N 版) and the submission awaits
 * review again. A closed period may still be approved: approving changes
 * nothing the unit sent.
 */
import { AppError, ERROR_CODES } from '../../../shared/errors';
import { formatChineseDateTime, parsePeriod, type Period } from '../../../shared/period';
import type { HandlerInput } from '../../../shared/api';
import type { SubmissionStatusView, WithdrawnApprovalView } from '../../../shared/views';
import type { CoreContext } from '../context';
import { approvalStands, countedSubmissions, heldSubmission, standing, submissionStatus } from './status';

function rowOf(ctx: CoreContext, period: Period, unitCode: string): SubmissionStatusView {
  return submissionStatus(ctx, period).find((s) => s.unit === unitCode) as SubmissionStatusView;
}

export function approveSubmission(ctx: CoreContext, input: HandlerInput<'submissions.approve'>): SubmissionStatusView {
  ctx.requireBureau('审核单位的报送');
  const unit = ctx.resolveUnit(input.unit);
  const period = ctx.period(input.period);
  // A unit counts for a period by the plan and unit list of that period (one deactivated since still does for the periods before).
  if (!ctx.at(period.id).unitsInForce().some((u) => u.code === unit.code) || ctx.at(period.id).tasksOf(unit.code).length === 0) {
    throw new AppError(ERROR_CODES.notResponsible, `“${unit.name}”${period.label}没有负责的任务，没有可审核的报送`);
  }
  const held = heldSubmission(countedSubmissions(ctx, period).get(unit.code) ?? []);
  if (!held) throw new AppError(ERROR_CODES.notFound, `“${unit.name}”${period.label}尚未报送，没有可审核的报送`);
  const returned = ctx.store.returns.current(unit.code, period.id);
  if (returned && standing(returned, held)) {
    throw new AppError(
      ERROR_CODES.alreadyReturned,
      `“${unit.name}”${period.label}的报送已于${formatChineseDateTime(returned.returnedAt)}退回，尚待重报，不能审核通过；如确认无需重报，请先撤销那次退回`,
    );
  }
  const before = ctx.store.approvals.current(unit.code, period.id);
  if (before && approvalStands(before, held)) {
    throw new AppError(
      ERROR_CODES.approved,
      `“${unit.name}”${period.label}的报送已于${formatChineseDateTime(before.approvedAt)}审核通过（第 ${before.revision} 版）；如需更改审核意见，请先撤销审核`,
    );
  }
  ctx.store.tx(() =>
    ctx.store.approvals.add({
      id: ctx.newId(),
      unit: unit.code,
      period: period.id,
      revision: held.revision,
      contentHash: held.contentHash,
      paper: input.paper ?? false,
      note: input.note ?? '',
      approvedAt: ctx.nowIso(),
    }),
  );
  return rowOf(ctx, period, unit.code);
}

export function withdrawApproval(ctx: CoreContext, input: HandlerInput<'submissions.withdrawApproval'>): WithdrawnApprovalView {
  ctx.requireBureau('撤销审核');
  const unit = ctx.resolveUnit(input.unit);
  // Any period, of the kind in use or not (an approval from before the bureau switched kind can still be withdrawn).
  const period = parsePeriod(input.period);
  const changed = ctx.store.tx(() => ctx.store.approvals.withdraw(unit.code, period.id, ctx.nowIso()));
  if (changed === 0) throw new AppError(ERROR_CODES.notFound, `“${unit.name}”${period.label}的报送没有审核通过的记录，无需撤销`);
  const row = period.kind === ctx.periodKind ? (submissionStatus(ctx, period).find((s) => s.unit === unit.code) ?? null) : null;
  return { unitName: unit.name, periodLabel: period.label, row };
}
