/**
 * Applies one accepted unit workbook to the bureau's database: decides its
 * outcome against what is held, then writes reports, evidence links and the
 * submission, all inside the caller's per-file transaction.
 */
import type { ImportStatus, MissingEvidence } from '../../../shared/api/exchange';
import { addDays, chinaDate, chinaDayStart, formatChineseDate, formatChineseDateTime, periodContaining, previousPeriod, revisionText, unstopped } from '../../../shared/period';
import type { ReportFields } from '../../../shared/report';
import type { CoreContext } from '../context';
import { checkRules } from '../services/reports';
import { heldHere, heldSubmission, standing, standingApproval } from '../services/status';
import type { StoredReport } from '../store/repos/reports';
import type { WorkbookContent } from './content';
import { droppedIndicators, entryNamed } from './export-unit';
import { isoOrNull, type UnitWorkbookMeta } from './read-unit';
import type { EvidenceFile } from './sources';

export interface AcceptedBook {
  file: string;
  sha256: string;
  meta: UnitWorkbookMeta;
  content: WorkbookContent;
  hash: string;
  modified: boolean;
  /** When the unit sent it, as the file says (read-unit.ts `sentAt`); null when it does not say. */
  sentAt: string | null;
  warnings: string[];
  /** A filled template's 佐证材料 rows whose file did not come (said in `warnings`, left out of `content`). */
  listedMissing: MissingEvidence[];
  /** Evidence files that travelled with the workbook, by hash. */
  evidence: ReadonlyMap<string, EvidenceFile>;
}

/** What an import makes of an accepted file, and what it says of a decision made by the files' times. */
export interface Decision {
  status: Exclude<ImportStatus, 'rejected'>;
  /**
   * Said when times decided, not revisions alone: the file and the one held come from different databases (their
   * revisions are not comparable), or are of one revision and the file was saved earlier.
   */
  said: string[];
}

/**
 * imported: nothing held yet; unchanged: the newest held has this content;
 * stale: this content was held before, or the held one is newer (a higher
 * revision; of the same revision, saved later); updated
 * otherwise, and when the newest held content comes again with evidence files
 * that did not come with it before (the workbook was sent alone, then its zip).
 *
 * Which is newer: revision numbers count the exports of one database, so they
 * decide between files of the same database. A file from another database of
 * the unit (a new computer, a reinstall, a restored backup: it numbers afresh
 * from where that database stood) is compared by when it was exported.
 */
export function decide(ctx: CoreContext, b: AcceptedBook): Decision {
  const all = ctx.store.submissions.forUnit(b.meta.unit.code, b.meta.period.id);
  const held = all.filter((s) => s.source === 'import');
  const latest = heldSubmission(held);
  if (!latest) {
    // The unit's first file here, over content typed in at the bureau and never registered, or demo text: said, as it
    // takes its place (a registered 代为填报 is said by applyBook).
    const over = !all.some((s) => s.source === 'entry') && ctx.store.reports.unitHolds(b.meta.unit.code, b.meta.period.id);
    return { status: 'imported', said: over ? ['此文件的内容取代本系统中此前录入的该单位本期内容（区局录入而未登记的，或演示数据）'] : [] };
  }
  if (latest.contentHash === b.hash) return { status: evidenceCompleted(ctx, b).length > 0 ? 'updated' : 'unchanged', said: [] };
  // The same content came before and newer content since (a file sent again, an old mail attachment imported again).
  const before = held.find((s) => s.contentHash === b.hash);
  if (before) {
    return {
      status: 'stale',
      said: [`此文件的内容与本系统${formatChineseDateTime(before.receivedAt)}收到的${revisionText(before.revision)}相同，此后已收到该单位更新的内容（${revisionText(latest.revision)}，${formatChineseDateTime(latest.receivedAt)}收到）：此文件只存档、不采用`],
    };
  }
  const apart = otherDatabase(ctx, latest, b);
  if (apart) {
    const newer = apart.file > apart.held;
    // Said when the numbers alone would have decided otherwise.
    const numbersSay = b.meta.revision >= latest.revision;
    if (newer === numbersSay) return { status: newer ? 'updated' : 'stale', said: [] };
    const what = `此文件（第 ${b.meta.revision} 版，导出于${formatChineseDateTime(b.meta.exportedAt)}）与本系统已有的第 ${latest.revision} 版（导出于${formatChineseDateTime(latest.exportedAt as string)}）出自该单位的不同数据库（换了电脑、重新安装或恢复了备份后，版本号重新计数），按导出时间比较`;
    return newer
      ? { status: 'updated', said: [`${what}：此文件较新，采用此文件`] }
      : { status: 'stale', said: [`${what}：此文件较早，只存档、不采用`] };
  }
  if (b.meta.revision < latest.revision) return { status: 'stale', said: [] };
  // Two different files of one revision (a template filled in twice, an export and a copy edited by hand): the one
  // saved later is the newer, whichever comes last (when both say when).
  if (b.meta.revision === latest.revision && b.sentAt !== null && latest.sentAt !== null && Date.parse(b.sentAt) < Date.parse(latest.sentAt)) {
    const when = (modified: boolean, at: string) => `${modified ? '保存于' : '导出于'}${formatChineseDateTime(at)}`;
    return {
      status: 'stale',
      said: [
        `此文件与本系统已有的同一版本（第 ${b.meta.revision} 版）内容不同，但${when(b.modified, b.sentAt)}，早于已有的文件（${when(latest.modifiedAfterExport, latest.sentAt)}）：是较早的文件，只存档、不采用。如此文件才是定稿，请该单位重新保存后再报送`,
      ],
    };
  }
  return { status: 'updated', said: [] };
}

/**
 * The export times of a file and the submission held, when the two come from
 * different databases that both say so (workbooks exported by the app; a
 * template numbers 0 and is never compared so) and both times can be true.
 * Null otherwise.
 */
function otherDatabase(ctx: CoreContext, latest: Held, b: AcceptedBook): { file: number; held: number } | null {
  if (b.meta.kind !== 'unit' || latest.revision === 0 || !b.meta.databaseId || !latest.databaseId || b.meta.databaseId === latest.databaseId) return null;
  const file = Date.parse(b.meta.exportedAt);
  const held = latest.exportedAt === null ? NaN : Date.parse(latest.exportedAt);
  // A clock set wrong (an export before its period began, or after the file was received) tells nothing; nor does
  // the same second. The numbers decide then, as before.
  const start = Date.parse(chinaDayStart(b.meta.period.startsOn));
  const plausible = (t: number, by: number): boolean => !Number.isNaN(t) && t >= start && t <= by;
  if (!plausible(file, Date.parse(ctx.nowIso())) || !plausible(held, Date.parse(latest.receivedAt)) || file === held) return null;
  return { file, held };
}

type Held = ReturnType<CoreContext['store']['submissions']['forUnit']>[number];

/** Whether the newest submission held of the file's unit and period has its content. */
export const newestHeldIs = (ctx: CoreContext, b: AcceptedBook): boolean =>
  heldSubmission(ctx.store.submissions.forUnit(b.meta.unit.code, b.meta.period.id).filter((s) => s.source === 'import'))?.contentHash === b.hash;

/**
 * Evidence files listed in the workbook that come with it now and that the
 * report of their task never had (in any of its versions): what a bundle
 * brings to its workbook imported before without them. A file the bureau took
 * off a report is not brought back; a file of the same content held for
 * another report is no reason to leave this one without it.
 */
export function evidenceCompleted(ctx: CoreContext, b: AcceptedBook): WorkbookContent['evidence'] {
  return b.evidence.size === 0 ? [] : neverHad(ctx, b).filter((e) => b.evidence.has(e.hash));
}

/** Listed files the report of their task (a report held) never had, in any of its versions. */
function neverHad(ctx: CoreContext, b: AcceptedBook): WorkbookContent['evidence'] {
  const held = new Map(ctx.store.reports.listForUnit(b.meta.unit.code, b.meta.period.id).map((r) => [r.task, r]));
  return b.content.evidence.filter((e) => {
    const r = held.get(e.task);
    return r !== undefined && !r.evidence.some((x) => x.hash === e.hash) && !ctx.store.reports.everHadEvidence(r.id, e.hash);
  });
}

/**
 * Attaches what evidenceCompleted found to the reports held, as they are
 * (their texts, and any change the bureau made since, untouched), each a new
 * version noted as such; the file is recorded as a submission of the content
 * held. Returns what is said of it: what was attached, and what the workbook
 * lists that is still not there.
 */
export function attachCompleted(ctx: CoreContext, b: AcceptedBook, completed: WorkbookContent['evidence'], importFileId: string): Applied {
  const at = ctx.nowIso();
  const { unit, period } = b.meta;
  // Listed for a report held, never on it, and not come now either (or come with other content).
  const stillMissing = neverHad(ctx, b).filter((e) => !b.evidence.has(e.hash));
  for (const task of [...new Set(completed.map((e) => e.task))]) {
    const existing = ctx.store.reports.get(unit.code, period.id, task);
    if (!existing) continue;
    const attach = completed.filter((e) => e.task === task);
    for (const e of attach) ctx.store.evidence.add(e.hash, b.evidence.get(e.hash)?.size ?? 0, at);
    const { status, percent, progress, problems, next, indicators, filledBy, phone } = existing;
    ctx.store.reports.saveVersion({
      existing,
      id: ctx.newId(),
      unit: unit.code,
      period: period.id,
      task,
      fields: { status, percent, progress, problems, next, indicators, filledBy, phone },
      source: 'import',
      note: `导入：${b.file}（第 ${b.meta.revision} 版，补齐佐证材料）`,
      at,
      attach: attach.map((e) => ({ hash: e.hash, name: e.name })),
      detach: [],
    });
  }
  // The file's evidence goes onto the reports held; it takes the held place back only from an import (a submission the
  // bureau entered since, over that file's content, stays the one held: its text is still what the reports say).
  recordSubmission(ctx, b, importFileId, heldHere(ctx, unit.code, period.id)?.source !== 'entry', at);
  return {
    warnings: [
      `此文件（第 ${b.meta.revision} 版）的内容此前已导入；此次补齐此前未能导入的佐证材料：${completed.map((e) => `“${e.name}”（第 ${e.task} 项任务）`).join('、')}，填报内容不变`,
      ...stillMissing.map((e) => missingSaid(b, e)),
    ],
    evidenceMissing: [...b.listedMissing, ...stillMissing.map((e) => ({ task: e.task, name: e.name }))],
  };
}

/** What applying a file says, and which of the evidence files it lists did not come (not imported). */
export interface Applied {
  warnings: string[];
  evidenceMissing: MissingEvidence[];
}

/** A listed evidence file that did not come: not sent, or come with other content. */
function missingSaid(b: AcceptedBook, e: WorkbookContent['evidence'][number]): string {
  const other = [...b.evidence.values()].filter((f) => entryNamed(f.name, e));
  if (other.length > 0 && other.every((f) => f.damaged)) {
    return `佐证材料“${e.name}”（第 ${e.task} 项任务）在压缩包中已损坏（可能未传送完整），无法解压，未能导入；工作簿中的填报内容已导入：请该单位重新导出含佐证材料的压缩包后报送`;
  }
  return other.length > 0
    ? `佐证材料“${e.name}”（第 ${e.task} 项任务）与工作簿中登记的不是同一个文件（被替换或已损坏？），未能导入：请该单位重新导出含佐证材料的压缩包后报送`
    : `佐证材料“${e.name}”（第 ${e.task} 项任务）没有随工作簿报送，未能导入：请该单位导出含佐证材料的压缩包（.zip）重新报送`;
}

const sameIndicators = (a: ReportFields['indicators'], b: ReportFields['indicators']): boolean =>
  JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());

/** Two versions of a report say the same (its evidence aside). */
export const sameFields = (r: ReportFields, f: ReportFields): boolean =>
  r.status === f.status &&
  r.percent === f.percent &&
  r.progress === f.progress &&
  r.problems === f.problems &&
  r.next === f.next &&
  r.filledBy === f.filledBy &&
  r.phone === f.phone &&
  sameIndicators(r.indicators, f.indicators);

function sameReport(r: StoredReport, f: ReportFields, evidence: { hash: string; name: string }[]): boolean {
  const ev = (xs: { hash: string; name: string }[]) => JSON.stringify(xs.map((e) => `${e.hash}/${e.name}`).sort());
  return sameFields(r, f) && ev(r.evidence) === ev(evidence);
}

/** Writes the workbook's reports; returns warnings (evidence that did not travel with it, and counted). */
export function applyBook(ctx: CoreContext, b: AcceptedBook, importFileId: string): Applied {
  const warnings: string[] = [];
  const evidenceMissing = [...b.listedMissing];
  const { unit, period } = b.meta;
  const note = `导入：${b.file}（第 ${b.meta.revision} 版${b.modified ? '，导出后被修改' : ''}）`;
  const at = ctx.nowIso();
  // Exported while a later period was being reported (after that period ended, by its deadline), and the unit has sent
  // nothing for it: most likely the period picked was the wrong one (last quarter's instead of this one's).
  const exportedAt = b.meta.kind === 'template' ? null : isoOrNull(b.meta.exportedAt);
  const exported = exportedAt === null ? null : chinaDate(exportedAt);
  if (exported && period.kind === ctx.periodKind) {
    const due = previousPeriod(periodContaining(period.kind, exported));
    if (due.id > period.id && exported <= ctx.at(due.id).deadlineOf(due) && ctx.store.submissions.forUnit(unit.code, due.id).length === 0) {
      warnings.push(`此文件是${period.label}的报送文件，却导出于${formatChineseDate(exported)}，正值${due.label}报送期间，而${unit.name}尚未报送${due.label}：是否选错了报送周期？如本想报送${due.label}，请其在填报时选择${due.label}后重新导出`);
    }
  }
  // A template or a workbook changed by hand, saved while a later period was under way (after this one's deadline), over
  // content the unit sent before: most likely last quarter's file filled in again with this quarter's progress. (Saved
  // once the next period had ended too, the reader says so; exported from the app, the period was picked there.)
  const savedDay = b.sentAt === null ? null : chinaDate(b.sentAt);
  const entered = heldHere(ctx, unit.code, period.id);
  if (savedDay && (b.meta.kind === 'template' || b.modified) && entered && period.kind === ctx.periodKind && !b.warnings.some((w) => w.includes('也已结束'))) {
    const later = periodContaining(period.kind, savedDay);
    const deadline = ctx.deadlineOf(period);
    if (later.id > period.id && savedDay > deadline && later.id === periodContaining(period.kind, addDays(period.endsOn, 1)).id) {
      const what = b.meta.kind === 'template' ? '填写模板' : '报送工作簿';
      warnings.push(
        `此文件是${period.label}的${what}，却保存于${formatChineseDate(savedDay)}（${later.label}期间，${period.label}的截止日期${formatChineseDate(deadline)}已过），并将替换此前收到的${period.label}内容：如填写的是${later.label}的进展，请该单位用${later.label}的${what}重新填报；如确是对${period.label}的更正，可不理会`,
      );
    }
  }
  // Changed by hand with no time of its own (a program that keeps the stored save time): when it was sent is not
  // known, and the time it is imported counts (SENT_RULE). Said on the file taken up: a late import makes it 逾期.
  if (b.sentAt === null && b.meta.kind !== 'template' && b.hash !== b.meta.claimedHash) {
    const made = exportedAt === null ? '' : `（${formatChineseDateTime(exportedAt)}）`;
    warnings.push(`此文件导出${made}后被修改，文件中没有导出之后的保存时间（未载明，或仍是导出时间），无法确定何时报送：报送时间按区局导入此文件的时间（${formatChineseDateTime(at)}）计`);
  }
  // One query for what is held, instead of one per row.
  const held = new Map(ctx.store.reports.listForUnit(unit.code, period.id).map((r) => [r.task, r]));
  // A task left empty in this file, or whose row was deleted from it, keeps what was held for it (nothing is deleted by
  // an import), and is said so.
  const then = ctx.at(period.id);
  const givenHere = new Set(b.content.tasks.filter((e) => e.status !== null).map((e) => e.task));
  const keptEmpty = then
    .tasksOf(unit.code)
    .map((x) => x.task.no)
    .filter((no) => !givenHere.has(no) && held.has(no))
    .sort((a, b2) => a - b2)
    .map((no) => `第 ${no} 项`);
  // What the bureau typed in for the unit (代为填报) gives way to the unit's own file: said, as it replaces it.
  if (entered?.source === 'entry') {
    warnings.push(
      `本系统现有区局代为填报的第 ${entered.revision} 版（报送日期 ${formatChineseDate(chinaDate(entered.submittedAt ?? entered.receivedAt))}）；采用此文件后，代为填报的内容由此文件的内容替换，请与该单位核实`,
    );
  }
  if (keptEmpty.length > 0) {
    warnings.push(`此文件中 ${keptEmpty.length} 项任务没有填写：${keptEmpty.join('、')}。本系统保留该单位此前报送的这些内容，导入不会删除已有内容；如需撤回，请与该单位核实`);
  }
  // Reports the bureau changed by hand since the unit's file held came (a correction after a phone call): replaced by
  // this file's content, and said, as a registered 代为填报 is.
  const correctedAfter = entered?.source === 'import' ? entered.receivedAt : null;
  const corrected: number[] = [];
  for (const entry of b.content.tasks) {
    if (entry.status === null) continue;
    const task = then.task(entry.task);
    const indicators = Object.fromEntries(task.indicators.filter((i) => i.id in b.content.indicators).map((i) => [i.id, b.content.indicators[i.id] ?? null]));
    const fields: ReportFields = {
      status: entry.status,
      percent: entry.percent,
      progress: entry.progress,
      problems: entry.problems,
      next: entry.next,
      indicators,
      filledBy: b.content.filledBy,
      phone: b.content.phone,
    };
    const evidence = b.content.evidence.filter((e) => e.task === task.no && (b.evidence.has(e.hash) || ctx.store.evidence.has(e.hash)));
    // A file of that name come with other content: replaced or damaged on the way, not left out.
    for (const e of b.content.evidence) {
      if (e.task !== task.no || evidence.includes(e)) continue;
      warnings.push(missingSaid(b, e));
      evidenceMissing.push({ task: e.task, name: e.name });
    }
    const existing = held.get(task.no) ?? null;
    if (existing && sameReport(existing, fields, evidence)) continue;
    checkRules(task, fields);
    if (existing && correctedAfter !== null && existing.source === 'entry' && existing.updatedAt > correctedAfter) corrected.push(task.no);
    // A value held for an indicator the period's plan no longer has (a revised plan): the new version has none; said.
    const gone = existing ? Object.entries(existing.indicators).filter(([id, v]) => v !== null && !task.indicators.some((i) => i.id === id)) : [];
    if (gone.length > 0) {
      warnings.push(`第 ${task.no} 项任务原有的指标 ${droppedIndicators(ctx, task.no, gone)} 不在本期适用的任务清单中，此次更新后不再保留（历史版本中仍可查）`);
    }
    for (const e of evidence) {
      const file = b.evidence.get(e.hash);
      if (file) ctx.store.evidence.add(e.hash, file.size, at);
    }
    // The history entry of this version shows the evidence as imported, and names the files listed that did not come.
    const lacking = evidenceMissing.filter((m) => m.task === task.no).map((m) => `“${m.name}”`);
    ctx.store.reports.saveVersion({
      existing,
      id: ctx.newId(),
      unit: unit.code,
      period: period.id,
      task: task.no,
      fields,
      source: 'import',
      note: lacking.length > 0 ? `${note}；工作簿列出的佐证材料${lacking.join('')}未随之收到` : note,
      at,
      attach: evidence,
      detach: (existing?.evidence ?? []).filter((old) => !evidence.some((e) => e.hash === old.hash && e.name === old.name)),
    });
  }
  if (corrected.length > 0) {
    warnings.push(
      `区局在收到第 ${entered!.revision} 版后修改过第 ${corrected.join('、')} 项任务的填报内容；采用此文件后，这些修改由此文件的内容替换（修改前后的内容仍在各任务的修改记录中），请与该单位核实`,
    );
  }
  recordSubmission(ctx, b, importFileId, true, at);
  return { warnings, evidenceMissing };
}

/**
 * The submission of an imported file: its revision, content hash, the
 * database it came from and when it was exported, sent and received; `held`:
 * its content is taken up. Also for a stale file never held before (an
 * earlier revision that reached the bureau after a later one): its content is
 * not applied, but the unit did send it, and when counts for being on time.
 */
export function recordSubmission(ctx: CoreContext, b: AcceptedBook, importFileId: string, held: boolean, at: string = ctx.nowIso()): void {
  const { unit, period } = b.meta;
  // The send time as the file says, when it can be: not after it was received (a unit's clock set ahead),
  // not before its period began (a clock set far back; nothing is sent for a period before it starts).
  const periodStart = chinaDayStart(period.startsOn);
  const submittedAt = b.sentAt !== null && b.sentAt < at && b.sentAt >= periodStart ? b.sentAt : at;
  const submissionId = ctx.newId();
  ctx.store.submissions.add({
    id: submissionId,
    unit: unit.code,
    period: period.id,
    revision: b.meta.revision,
    workbookUuid: b.meta.uuid || null,
    contentHash: b.hash,
    fileHash: b.sha256,
    source: 'import',
    receivedAt: at,
    submittedAt,
    modifiedAfterExport: b.modified,
    databaseId: b.meta.databaseId || null,
    exportedAt: b.meta.exportedAt || null,
    sentAt: b.sentAt,
  }, held);
  ctx.store.imports.linkSubmission(submissionId, importFileId);
}

/**
 * Said of a file that brings back what the bureau sent back (退回) while the
 * return stands: the unit has not corrected it yet.
 */
export function stillReturned(ctx: CoreContext, b: AcceptedBook, completing = false): string[] {
  const { unit, period } = b.meta;
  const r = ctx.store.returns.current(unit.code, period.id);
  if (!r || r.contentHash !== b.hash) return [];
  const held = heldSubmission(ctx.store.submissions.forUnit(unit.code, period.id).filter((s) => s.source === 'import'));
  if (!standing(r, held)) return [];
  const returned = `该单位本期的报送已于${formatChineseDate(chinaDate(r.returnedAt))}退回（${unstopped(r.reason)}）`;
  return [
    completing
      ? `${returned}；此文件补齐的佐证材料不改变退回的填报内容，退回仍然有效。如退回只是为了补充佐证材料，可在报送详情中撤销退回`
      : `${returned}，此文件与退回的内容相同，仍待该单位改正后重报`,
  ];
}

/**
 * Said of a file that takes the place of content the bureau approved (审核通过): the file is imported as any
 * other (nothing a unit sends is lost), and the approval no longer stands. `completing`: the file only
 * completes the approved content's evidence, which leaves the approval standing. Worded for a dry run too.
 */
export function approvalSaid(ctx: CoreContext, b: AcceptedBook, completing: boolean, dryRun: boolean): string[] {
  const a = standingApproval(ctx, b.meta.unit.code, b.meta.period.id);
  if (!a) return [];
  const approved = `该单位本期的报送已于${formatChineseDate(chinaDate(a.approvedAt))}审核通过（第 ${a.revision} 版）`;
  if (completing) return a.contentHash === b.hash ? [`${approved}；此文件补齐的佐证材料不改变审核通过的填报内容，审核仍然有效`] : [];
  if (a.contentHash === b.hash) return [];
  return [`${approved}；此文件的内容与审核通过的不同，${dryRun ? '采用此文件后原审核不再有效' : '已采用此文件，原审核不再有效'}，需重新审核`];
}

/** Whether this very content was imported before for the unit and period (a file sent again, not a new one). */
export function heldBefore(ctx: CoreContext, b: AcceptedBook): boolean {
  return ctx.store.submissions.forUnit(b.meta.unit.code, b.meta.period.id).some((s) => s.source === 'import' && s.contentHash === b.hash);
}
