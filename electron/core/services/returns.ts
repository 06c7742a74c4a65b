/**
 * 退回: the bureau sends a unit's submission back for correction. The
 * return names its reason and, if the bureau says so, the tasks concerned;
 * it stands until a later revision of that unit's submission is imported
 * (已重报), or the bureau withdraws it. Offline, the unit learns of it from
 * the bureau (the printed 报送情况统计表 carries it, or a call): the app
 * records it, shows it, and says so when the same content comes back.
 */
import type { Period } from '../../../shared/period';
import { AppError, ERROR_CODES } from '../../../shared/errors';
import type { HandlerInput } from '../../../shared/api';
import type { SubmissionStatusView } from '../../../shared/views';
import type { CoreContext } from '../context';
import { submissionStatus } from './status';


function rowOf(ctx: CoreContext, period: Period, unitCode: string): SubmissionStatusView {
  return submissionStatus(ctx, period).find((s) => s.unit === unitCode) as SubmissionStatusView;
}

export function returnSubmission(ctx: CoreContext, input: HandlerInput<'submissions.return'>): SubmissionStatusView {
  ctx.requireBureau('退回单位的报送');
  const unit = ctx.resolveUnit(input.unit);
  const period = ctx.period(input.period);
  if (ctx.periodView(period).closed) {
    throw new AppError(ERROR_CODES.periodClosed, `报送周期“${period.label}”已关闭，退回后单位也无法重报。请先在 设置 → 报送截止日期 中重新开放该周期。`);
  }
  const row = submissionStatus(ctx, period).find((s) => s.unit === unit.code);
  if (!row) throw new AppError(ERROR_CODES.notResponsible, `“${unit.name}”在当前任务清单中没有负责的任务，没有可退回的报送`);
  if (row.revision === null) throw new AppError(ERROR_CODES.notFound, `“${unit.name}”${period.label}尚未报送，没有可退回的报送`);
  const mine = new Set(ctx.tasksOf(unit.code).map((t) => t.task.no));
  const stray = [...new Set(input.tasks ?? [])].filter((t) => !mine.has(t));
  if (stray.length > 0) throw new AppError(ERROR_CODES.notResponsible, `“${unit.name}”不负责第 ${stray.join('、')} 项任务，不能就此退回`);
  const tasks = [...new Set(input.tasks ?? [])].sort((a, b) => a - b);
  ctx.store.tx(() =>
    ctx.store.returns.add({ id: ctx.newId(), unit: unit.code, period: period.id, revision: row.revision as number, reason: input.reason, tasks, returnedAt: ctx.nowIso() }),
  );
  return rowOf(ctx, period, unit.code);
}

export function withdrawReturn(ctx: CoreContext, input: HandlerInput<'submissions.withdrawReturn'>): SubmissionStatusView {
  ctx.requireBureau('撤销退回');
  const unit = ctx.resolveUnit(input.unit);
  const period = ctx.period(input.period);
  const changed = ctx.store.tx(() => ctx.store.returns.withdraw(unit.code, period.id, ctx.nowIso()));
  if (changed === 0) throw new AppError(ERROR_CODES.notFound, `“${unit.name}”${period.label}的报送没有被退回，无需撤销`);
  return rowOf(ctx, period, unit.code);
}
