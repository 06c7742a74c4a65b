/**
 * 审核通过: the bureau accepts a unit's submission for a period after
 * reviewing it (报送详情), noting whether the unit's printed form came back
 * signed and stamped (盖章). It is the other answer to 退回, and like DHIS2's
 * approval it locks what was approved: the bureau changes none of that
 * unit's reports for the period, and neither approves again nor sends back,
 * until it withdraws the approval (撤销审核; the record is kept). A unit's
 * newer file is still imported (nothing a unit sends is lost): the approval
 * then no longer stands (待重新审核: 审核后内容有变), nor after a revised plan
 * changes the unit's tasks for the period (任务清单有变). A closed period may still be approved: approving changes
 * nothing the unit sent.
 */
import { AppError, ERROR_CODES } from '../../../shared/errors';
import { formatChineseDateTime, parsePeriod, type Period } from '../../../shared/period';
import type { HandlerInput } from '../../../shared/api';
import type { SubmissionStatusView, WithdrawnApprovalView } from '../../../shared/views';
import type { Unit } from '../../../shared/catalog/types';
import type { CoreContext } from '../context';
import type { Approval } from '../store/repos/approvals';
import type { Submission } from '../store/repos/submissions';
import { approvalStands, countedSubmissions, heldHere, heldSubmission, standing, submissionStatus, tasksAnswered, withdrawDecision } from './status';

function rowOf(ctx: CoreContext, period: Period, unitCode: string): SubmissionStatusView {
  return submissionStatus(ctx, period).find((s) => s.unit === unitCode) as SubmissionStatusView;
}

/** The unit's held submission for the period, or why there is nothing to review (`what`: 审核, 登记纸质件). */
function heldOf(ctx: CoreContext, unit: Unit, period: Period, what: string): Submission {
  // A unit counts for a period by the plan and unit list of that period (one deactivated since still does for the periods before).
  const then = ctx.at(period.id);
  if (!then.unitsInForce().some((u) => u.code === unit.code)) throw new AppError(ERROR_CODES.notResponsible, `“${unit.name}”已停用，${period.label}不计其报送，无可${what}`);
  if (then.tasksOf(unit.code).length === 0) throw new AppError(ERROR_CODES.notResponsible, `“${unit.name}”${period.label}没有负责的任务，没有可${what}的报送`);
  const held = heldSubmission(countedSubmissions(ctx, period).get(unit.code) ?? []);
  if (!held) throw new AppError(ERROR_CODES.notFound, `“${unit.name}”${period.label}尚未报送，没有可${what}的报送`);
  return held;
}

export function approveSubmission(ctx: CoreContext, input: HandlerInput<'submissions.approve'>): SubmissionStatusView {
  ctx.requireBureau('审核单位的报送');
  const unit = ctx.resolveUnit(input.unit);
  const period = ctx.period(input.period);
  ctx.requireOwed(period, '审核');
  const held = heldOf(ctx, unit, period, '审核');
  // The content the bureau looked at (its status row's heldHash): other content imported since is not approved unseen.
  if (input.contentHash !== undefined && input.contentHash !== held.contentHash) {
    throw new AppError(
      ERROR_CODES.conflict,
      `“${unit.name}”${period.label}的报送在您查看之后又收到了内容不同的文件（现为第 ${held.revision} 版），未审核。请重新查看后再审核`,
    );
  }
  const returned = ctx.store.returns.current(unit.code, period.id);
  if (returned && standing(returned, held)) {
    throw new AppError(
      ERROR_CODES.alreadyReturned,
      `“${unit.name}”${period.label}的报送已于${formatChineseDateTime(returned.returnedAt)}退回，尚待重报，不能审核通过；如确认无需重报，请先撤销那次退回`,
    );
  }
  const before = ctx.store.approvals.current(unit.code, period.id);
  if (before && approvalStands(ctx, before, held)) {
    throw new AppError(
      ERROR_CODES.approved,
      `“${unit.name}”${period.label}的报送已于${formatChineseDateTime(before.approvedAt)}审核通过（第 ${before.revision} 版）；如需更改审核意见，请先撤销审核`,
    );
  }
  // One instant: the paper form recorded with the approval is dated as the approval.
  const now = ctx.nowIso();
  ctx.store.tx(() =>
    ctx.store.approvals.add({
      id: ctx.newId(),
      unit: unit.code,
      period: period.id,
      revision: held.revision,
      contentHash: held.contentHash,
      paper: input.paper ?? false,
      paperAt: input.paper ? now : null,
      note: input.note ?? '',
      tasks: tasksAnswered(ctx, unit.code, period.id),
      approvedAt: now,
    }),
  );
  return rowOf(ctx, period, unit.code);
}

/** 纸质件已收到: the stamped paper form of an approved submission came after the approval; the approval stands as it was. */
export function recordPaper(ctx: CoreContext, input: HandlerInput<'submissions.recordPaper'>): SubmissionStatusView {
  ctx.requireBureau('登记纸质填报表');
  const unit = ctx.resolveUnit(input.unit);
  const period = ctx.period(input.period);
  ctx.requireOwed(period, '登记纸质件');
  const held = heldOf(ctx, unit, period, '登记纸质件');
  const a = ctx.store.approvals.current(unit.code, period.id);
  if (!a || !approvalStands(ctx, a, held)) {
    throw new AppError(ERROR_CODES.notFound, `“${unit.name}”${period.label}的报送尚未审核通过；纸质填报表请在审核通过时一并登记`);
  }
  if (a.paper) throw new AppError(ERROR_CODES.invalidInput, `“${unit.name}”${period.label}的纸质填报表已于${formatChineseDateTime(a.paperAt ?? a.approvedAt)}登记收到`);
  ctx.store.tx(() => ctx.store.approvals.recordPaper(a.id, ctx.nowIso()));
  return rowOf(ctx, period, unit.code);
}

/**
 * What the set-up file hands down: every approval that stands (the newest of its unit and period, not withdrawn,
 * its content still held, the unit's tasks unchanged), of a period of the kind in use, closed or not: a unit sees
 * its approved periods, and which still wait for the stamped paper form.
 */
export function standingApprovals(ctx: CoreContext): Approval[] {
  return ctx.store.approvals.allCurrent().filter((a) => {
    if (!ctx.asked(parsePeriod(a.period)) || !ctx.store.units.byCode(a.unit)) return false;
    return approvalStands(ctx, a, heldHere(ctx, a.unit, a.period));
  });
}

export function withdrawApproval(ctx: CoreContext, input: HandlerInput<'submissions.withdrawApproval'>): WithdrawnApprovalView {
  return withdrawDecision(ctx, input, '撤销审核', ctx.store.approvals, '没有审核通过的记录，无需撤销');
}
