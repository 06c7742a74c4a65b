/**
 * 报送与审核记录: the story of one unit's submission for a period, as this
 * database knows it, oldest first: in the bureau's, every file received for
 * it (with what the import made of it; a refused one too, where the file said
 * whose it was and its run imported something: a run that imports nothing
 * writes nothing), demo data, and the bureau's decisions (退回, 审核通过, the
 * paper form) with their withdrawals; in a unit's, its own exports and the
 * decisions its latest set-up file says stand (the file carries no others).
 * Nothing here is new data: the import's file list, the submissions, and the
 * decisions' tables keep every row (ODK's "nothing lost", DHIS2's audit).
 */
import type { HandlerInput } from '../../../shared/api';
import { problemText } from '../../../shared/api/exchange';
import type { ReviewEventView } from '../../../shared/views';
import type { CoreContext } from '../context';
import { chinaDate } from '../../../shared/period';
import { counts, fillsMissing } from './status';

/** The history note of a file 代为填报 attached (reports.ts addEvidence). */
const ADDED = '添加佐证材料：';

/** An import file's errors or warnings as stored (JSON: warnings as texts, errors with where and what), in words. */
function messagesOf(json: string): string[] {
  try {
    const list = JSON.parse(json) as unknown;
    if (!Array.isArray(list)) return [];
    return list
      .map((e) => {
        if (typeof e === 'string') return e;
        const { sheet, row, column, message } = e as { sheet?: unknown; row?: unknown; column?: unknown; message?: unknown };
        if (typeof message !== 'string' || message === '') return '';
        // Where, as the import's results table says it: “工作进展”表第 4 行 E 列.
        return problemText({ message, ...(typeof sheet === 'string' && sheet ? { sheet } : {}), ...(typeof row === 'number' ? { row } : {}), ...(typeof column === 'string' && column ? { column } : {}) });
      })
      .filter((m) => m !== '');
  } catch {
    return [];
  }
}

/** The paper form recorded with the approval (one step; rows of earlier versions took the time twice, a moment apart). */
const withApproval = (paperAt: string, approvedAt: string): boolean => Math.abs(Date.parse(paperAt) - Date.parse(approvedAt)) < 1000;

export function reviewLog(ctx: CoreContext, input: HandlerInput<'submissions.log'>): ReviewEventView[] {
  const unit = ctx.resolveOwnUnit(input.unit, '查看');
  const period = ctx.period(input.period);
  const events: ReviewEventView[] = [];
  // The files of the bureau's imports; a unit's database imports none.
  for (const f of ctx.store.imports.filesFor(unit.code, period.id)) {
    if (f.status === 'rejected') events.push({ kind: 'refused', at: f.importedAt, revision: f.revision, file: f.fileName, errors: messagesOf(f.errors) });
    else events.push({ kind: 'received', at: f.importedAt, revision: f.revision, status: f.status, file: f.fileName, warnings: messagesOf(f.warnings) });
  }
  // Files a workbook listed without bringing, attached by the bureau since (代为填报's 添加佐证材料 under that name).
  const listed = ctx.store.imports.filesFor(unit.code, period.id).flatMap((f) => (f.status === 'rejected' ? [] : f.evidenceMissing));
  if (listed.length > 0) {
    for (const r of ctx.store.reports.listForUnit(unit.code, period.id)) {
      for (const h of ctx.store.reports.history(r.id)) {
        if (h.source !== 'entry' || !h.note.startsWith(ADDED)) continue;
        const name = h.note.slice(ADDED.length);
        if (listed.some((m) => fillsMissing({ task: r.task, name }, m))) events.push({ kind: 'evidenceAdded', at: h.savedAt, task: r.task, name });
      }
    }
  }
  // Exports count as the unit's own submissions in its database only; demo data stands for a file received.
  for (const s of ctx.store.submissions.forUnit(unit.code, period.id)) {
    if (s.source === 'demo') events.push({ kind: 'demo', at: s.receivedAt, revision: s.revision });
    else if (s.source === 'entry') events.push({ kind: 'entered', at: s.receivedAt, revision: s.revision, on: chinaDate(s.submittedAt ?? s.receivedAt) });
    else if (s.source === 'export' && counts(ctx.role, s.source)) events.push({ kind: 'exported', at: s.receivedAt, revision: s.revision });
  }
  for (const { item: r, withdrawnAt } of ctx.store.returns.history(unit.code, period.id)) {
    events.push({ kind: 'returned', at: r.returnedAt, revision: r.revision, reason: r.reason, tasks: r.tasks });
    if (withdrawnAt !== null) events.push({ kind: 'returnWithdrawn', at: withdrawnAt });
  }
  for (const { item: a, withdrawnAt } of ctx.store.approvals.history(unit.code, period.id)) {
    const later = a.paperAt !== null && !withApproval(a.paperAt, a.approvedAt);
    events.push({ kind: 'approved', at: a.approvedAt, revision: a.revision, paper: a.paper && !later, note: a.note });
    // The paper form recorded after the approval: an event of its own.
    if (later) events.push({ kind: 'paper', at: a.paperAt as string });
    if (withdrawnAt !== null) events.push({ kind: 'approvalWithdrawn', at: withdrawnAt });
  }
  // Oldest first, by instant (times written with and without milliseconds compare as times, not as text); at the
  // same instant, in the order above (a file before the decision taken on it).
  return events
    .map((e, i) => ({ e, i, t: Date.parse(e.at) }))
    .sort((x, y) => x.t - y.t || x.i - y.i)
    .map(({ e }) => e);
}
