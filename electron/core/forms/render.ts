/** Renders a form by kind from an open database: gathers the data from the services, then calls the form's pure renderer. */
import type { HandlerInput } from '../../../shared/api';
import { FORM_LABELS, type RenderedForm } from '../../../shared/api/forms';
import { AppError, ERROR_CODES } from '../../../shared/errors';
import type { CoreContext } from '../context';
import { forUnit } from '../services/reports';
import { settingsLog } from '../services/setup';
import { indicatorStatus, submissionStatus } from '../services/status';
import { summary } from '../services/summary';
import { indicatorsForm } from './indicators';
import { noticeForm } from './notice';
import { submissionsForm } from './submissions';
import { summaryForm } from './summary';
import { unitForm } from './unit';

export type FormRequest = HandlerInput<'forms.render'>;

/** Refuses combinations that make no sense, before any data is read. */
function checkRequest(ctx: CoreContext, req: FormRequest): void {
  const label = FORM_LABELS[req.form];
  if (req.form === 'unit' && !req.unit) throw new AppError(ERROR_CODES.invalidInput, '打印单位填报表时请指定单位（--unit 单位名称）', [{ field: 'unit', message: '请指定单位' }]);
  if (req.form !== 'unit' && req.unit) throw new AppError(ERROR_CODES.invalidInput, `${label}不按单位打印，只有单位填报表需要指定单位`, [{ field: 'unit', message: '只有单位填报表需要指定单位' }]);
  if (req.blank && req.form !== 'summary' && req.form !== 'unit') {
    throw new AppError(ERROR_CODES.invalidInput, `${label}没有空白表，只有汇总表和单位填报表可以打印空白表`, [{ field: 'blank', message: '只有汇总表和单位填报表有空白表' }]);
  }
  // A unit's database holds only its own reports: district forms would show every other unit as missing.
  if (req.form !== 'unit' && !req.blank) ctx.requireBureau(`打印${label}`);
}

export function renderForm(ctx: CoreContext, req: FormRequest): RenderedForm {
  checkRequest(ctx, req);
  const period = ctx.period(req.period);
  // A past period printed as it was planned (the catalog in force then).
  ctx = ctx.at(period.id);
  const printedOn = ctx.today();
  const plan = ctx.catalog().plan;
  const blank = req.blank ?? false;
  switch (req.form) {
    case 'summary':
      return summaryForm({ view: summary(ctx, period), printedOn, blank });
    case 'unit': {
      const unit = ctx.resolveUnit(req.unit as string);
      const own = ctx.ownUnitCode;
      if (ctx.role === 'unit' && own !== unit.code) throw new AppError(ERROR_CODES.notOwnUnit, `本数据库属于本单位，不能打印“${unit.name}”的填报表`);
      const view = forUnit(ctx, { unit: unit.code, period: period.id });
      const indicators = new Map(view.tasks.map((t) => [t.task, ctx.task(t.task).indicators]));
      return unitForm({ plan, view, indicators, printedOn, blank });
    }
    case 'notice': {
      const whole = summary(ctx, period);
      // No notice to a unit deactivated since: it can no longer report.
      const s = { ...whole, lagging: whole.lagging.filter((l) => !l.inactive) };
      const keyOf = (l: (typeof s.lagging)[number]) => ({ period: period.id, task: l.task, unit: l.unit, reason: l.reason });
      // A preview shows the numbers issued before and issues none (a number is an official sequence: no gaps for notices never printed).
      if (req.draft) return noticeForm({ plan, period: s.period, lagging: s.lagging, numbers: s.lagging.map((l) => ctx.store.notices.held(keyOf(l))), printedOn });
      // Numbers are issued on first print and kept: a notice printed again keeps its number.
      const year = Number(printedOn.slice(0, 4));
      const issuedAt = ctx.nowIso();
      const numbers = ctx.store.tx(() => s.lagging.map((l) => ctx.store.notices.numberFor(keyOf(l), year, issuedAt)));
      return noticeForm({ plan, period: s.period, lagging: s.lagging, numbers, printedOn });
    }
    case 'submissions':
      return submissionsForm({ plan, period: ctx.periodView(period), units: submissionStatus(ctx, period), printedOn, changes: settingsLog(ctx, { period: period.id }) });
    case 'indicators':
      return indicatorsForm({ plan, period: ctx.periodView(period), indicators: indicatorStatus(ctx, period), printedOn });
  }
}
