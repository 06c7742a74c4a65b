/** Renders a form by kind from an open database: gathers the data from the services, then calls the form's pure renderer. */
import type { HandlerInput } from '../../../shared/api';
import { FORM_LABELS, type RenderedForm } from '../../../shared/api/forms';
import { AppError, ERROR_CODES } from '../../../shared/errors';
import type { CoreContext } from '../context';
import { forUnit } from '../services/reports';
import { settingsLog, unitContacts } from '../services/setup';
import { heldHere, indicatorStatus, returnOf, submissionStatus } from '../services/status';
import { summary } from '../services/summary';
import { indicatorsForm } from './indicators';
import { noticeForm, type NoticeDoc } from './notice';
import { noticeCandidates, noticePeriod, noticeView } from '../services/notices';
import { DEFAULT_DEMANDS, missingProblems, NO_PROBLEM_STATED, NOTICE_DAYS, noticeMatter } from '../../../shared/notice';
import { addDays, chinaDate, type Period } from '../../../shared/period';
import type { NoticeView } from '../../../shared/views';
import { submissionsForm } from './submissions';
import { summaryForm } from './summary';
import { unitForm } from './unit';
import { emptyEntry } from './common';
import { contentNow } from '../services/entry';

/**
 * A unit's own form of content it exported and has not changed since: dated the day of that export, as the bureau's
 * print of the same content is (a form reprinted for the year's file in April is not dated months after the deadline).
 * Null when nothing was exported from here, or the content changed since: dated the day printed.
 */
function ownSentOn(ctx: CoreContext, unit: string, period: string): string | null {
  const last = ctx.store.submissions
    .forUnit(unit, period)
    .filter((s) => s.source === 'export')
    .sort((a, b) => b.revision - a.revision)[0];
  if (!last || last.contentHash === null) return null;
  return contentNow(ctx, unit, period)?.hash === last.contentHash ? chinaDate(last.receivedAt) : null;
}

export type FormRequest = HandlerInput<'forms.render'>;

/** Refuses combinations that make no sense, before any data is read. */
function checkRequest(ctx: CoreContext, req: FormRequest): void {
  const label = FORM_LABELS[req.form];
  if (req.form === 'unit' && !req.unit) throw new AppError(ERROR_CODES.invalidInput, '打印单位填报表时请指定单位（--unit 单位名称）', [{ field: 'unit', message: '请指定单位' }]);
  if (req.form !== 'unit' && req.unit) throw new AppError(ERROR_CODES.invalidInput, `${label}不按单位打印，只有单位填报表需要指定单位`, [{ field: 'unit', message: '只有单位填报表需要指定单位' }]);
  if (req.form !== 'notice' && req.notices) throw new AppError(ERROR_CODES.invalidInput, `${label}不按督办单打印`);
  if (req.notices && req.draft) throw new AppError(ERROR_CODES.invalidInput, '打印选定的督办单时不能同时预览草稿');
  if (req.blank && req.form !== 'summary' && req.form !== 'unit') {
    throw new AppError(ERROR_CODES.invalidInput, `${label}没有空白表，只有汇总表和单位填报表可以打印空白表`, [{ field: 'blank', message: '只有汇总表和单位填报表有空白表' }]);
  }
  // A unit's database holds only its own reports: district forms would show every other unit as missing. Its own
  // 督办单, as the bureau's set-up file told them, it may see again.
  const ownNotices = req.form === 'notice' && req.notices !== undefined && ctx.role === 'unit';
  if (req.form !== 'unit' && !req.blank && !ownNotices) ctx.requireBureau(`打印${label}`);
}

/**
 * The 督办单 to print: those issued for the period (or the ones named), as issued; a draft, the matters not issued
 * yet as unnumbered drafts dated today (with those issued as they were). Rendering issues nothing: a number is an
 * official sequence, given by 签发 (notices.issue) alone.
 */
function noticeDocs(ctx: CoreContext, period: Period, req: FormRequest): { notices: NoticeDoc[]; none: string } {
  const today = ctx.today();
  const asIssued = (v: NoticeView): NoticeDoc => ({ number: v.number, unitName: v.unitName, matter: v.matter, problems: v.problems, demand: v.demand, issuedOn: v.issuedOn, dueOn: v.dueOn });
  const issued = new Map(ctx.store.notices.list(period.id).map((n) => [n.id, noticeView(ctx, n, today)]));
  // A draft is addressed as 签发 would address it: to the unit's name today.
  const nameToday = (code: string, then: string): string => ctx.store.units.byCode(code)?.name ?? then;
  if (req.draft) {
    const deadline = ctx.deadlineOf(period);
    const notices = noticeCandidates(ctx, period).map((c): NoticeDoc => {
      const held = c.issued ? issued.get(c.issued.id) : undefined;
      if (held) return asIssued(held);
      return {
        number: null,
        unitName: nameToday(c.unit, c.unitName),
        matter: noticeMatter(period.label, c.reason, c.tasks),
        problems: c.reason === 'missing' ? missingProblems(deadline) : c.problems.trim() || NO_PROBLEM_STATED,
        demand: DEFAULT_DEMANDS[c.reason],
        issuedOn: today,
        dueOn: addDays(today, NOTICE_DAYS),
      };
    });
    return { notices, none: `${period.label}没有进度滞后或逾期未报送的事项，无需督办。` };
  }
  if (req.notices) {
    const ids = [...new Set(req.notices)];
    const unknown = ids.filter((id) => !issued.has(id));
    if (unknown.length > 0) throw new AppError(ERROR_CODES.notFound, `有 ${unknown.length} 份要打印的督办单不是${period.label}签发的（可能数据库已恢复为备份），请刷新督办台账后再打印`);
    const voided = ids.map((id) => issued.get(id) as NoticeView).filter((v) => v.state === 'voided');
    if (voided.length > 0) throw new AppError(ERROR_CODES.conflict, `${voided.map((v) => v.number).join('、')} 已作废，不再打印`);
    return { notices: ids.map((id) => asIssued(issued.get(id) as NoticeView)), none: '' };
  }
  const standing = [...issued.values()].filter((v) => v.state !== 'voided');
  return { notices: standing.map(asIssued), none: `${period.label}尚未签发督办单（或已签发的都已作废）。请在“督办管理”中选择要督办的事项签发后再打印。` };
}

export function renderForm(ctx: CoreContext, req: FormRequest): RenderedForm {
  checkRequest(ctx, req);
  // Notices issued stay printable after the period kind changed (a draft is of the kind in use).
  const period = req.form === 'notice' && !req.draft ? noticePeriod(ctx, req.period) : ctx.period(req.period);
  ctx.requireNotFarAhead(period, '打印');
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
      // At the bureau, the day the content held was sent (none sent: left blank); a unit dates its own form today.
      const held = ctx.role === 'bureau' ? heldHere(ctx, unit.code, period.id) : null;
      const filledOn = ctx.role !== 'bureau' ? (ownSentOn(ctx, unit.code, period.id) ?? printedOn) : held ? chinaDate(held.submittedAt ?? held.receivedAt) : null;
      const emptyTask = emptyEntry(ctx.role !== 'bureau' ? 'own' : held ? 'sent' : 'not sent', printedOn <= ctx.deadlineOf(period));
      const assigned = ctx.store.targets.forYear(period.year);
      return unitForm({ plan, view, indicators, assigned, printedOn, filledOn, blank, emptyTask, returned: returnOf(ctx, unit.code, period.id) });
    }
    case 'notice':
      return noticeForm({ plan, period: ctx.periodView(period), printedOn, ...noticeDocs(ctx, period, req) });
    case 'submissions':
      return submissionsForm({ plan, period: ctx.periodView(period), units: submissionStatus(ctx, period), printedOn, changes: settingsLog(ctx, { period: period.id }), contacts: unitContacts(ctx), own: ctx.role !== 'bureau' });
    case 'indicators':
      return indicatorsForm({ plan, period: ctx.periodView(period), indicators: indicatorStatus(ctx, period), printedOn });
  }
}
