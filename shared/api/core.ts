/** Calls of the core: set-up, catalog, units, periods, reports, evidence, submissions, backups. */
import { z } from 'zod';
import type { Unit } from '../catalog/types';
import { isRealIsoDate, PERIOD_KINDS } from '../period';
import { type Report } from '../report';
import { asTypedText, reportInputSchema, visible } from '../report-input';
import type {
  AppInfo,
  AssignedTargetView,
  NoticeCandidate,
  NoticeView,
  YearGridView,
  SettingsChangeView,
  UnitContactView,
  CatalogView,
  CheckView,
  FolderListing,
  HistoryView,
  IndicatorStatusView,
  PeriodView,
  ReceivedFileView,
  ReviewEventView,
  SubmissionStatusView,
  SummaryView,
  UnitPeriodView,
  UnitRenameView,
  WithdrawnApprovalView,
  WithdrawnReturnView,
} from '../views';
import { base64Data, call } from './contract';
import type { ExportedFile } from './exchange';

const empty = z.strictObject({});

/** A restore: which backup, and where the replaced database file now is (null when there was none). */
export interface RestoreResult {
  restoredFrom: string;
  createdAt: string;
  movedAside: string | null;
  /** From a whole copy: its evidence files and originals brought back (those missing here). */
  files?: { copied: number; kept: number; bytes: number };
  /** From a whole copy: files its database refers to that neither it nor this computer had (its files folder left behind). */
  missing?: number;
}
/** A unit by name (as printed, with stray spaces or full-width brackets tolerated) or by code. */
const unitRef = z.string({ error: '请指定单位' }).trim().min(1, { error: '请指定单位' }).max(100, { error: '单位名称过长' });
const periodRef = z.string({ error: '请指定报送周期' }).trim().min(1, { error: '请指定报送周期' }).max(20, { error: '报送周期格式不正确' });
const taskNo = z.number({ error: '任务序号应为数字' }).int({ error: '任务序号应为整数' }).min(1, { error: '任务序号从 1 开始' }).max(999);
// One message, the one that applies: a date written another way is not said not to exist.
const isoDate = z.string({ error: '日期应写成 2021-10-05 这样' }).superRefine((s, ctx) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) ctx.addIssue({ code: 'custom', message: `日期应写成 2021-10-05 这样（收到“${s}”）` });
  else if (!isRealIsoDate(s)) ctx.addIssue({ code: 'custom', message: `日期“${s}”不存在` });
});
const yearOf = z.number({ error: '年份应为数字' }).int({ error: '年份应为四位整数' }).min(2000, { error: '年份应在 2000–2099 之间' }).max(2099, { error: '年份应在 2000–2099 之间' });
/** What the bureau enters per indicator and year (a target handed down, a 基准值): `what` names it in messages; null takes it back. */
const yearlyValue = (what: string, example: string) =>
  z.strictObject({
    indicator: z.string().regex(/^\d+\.\d+$/, { error: `指标编号格式应为 ${example}` }),
    year: yearOf,
    target: z.number({ error: `${what}应为数字` }).min(0, { error: `${what}不能小于 0` }).max(100000, { error: `${what}不能超过 100000` }).nullable(),
  });
const sha = z.string().regex(/^[0-9a-f]{64}$/, { error: '文件摘要格式不正确' });

export const coreCalls = {
  'app.info': call<AppInfo>()(empty, 'Role, own unit, period kind, versions, today.'),
  'app.init': call<AppInfo>()(
    z.strictObject({
      role: z.enum(['bureau', 'unit'], { error: '角色应为 bureau（区局汇总）或 unit（填报单位）' }),
      unit: unitRef.optional(),
      periodKind: z.enum(PERIOD_KINDS, { error: '报送周期类型应为 month、quarter、half 或 year' }).optional(),
      firstPeriod: periodRef.optional(),
    }),
    'Sets up an empty database: default catalog and units, role, period kind, and the 起报周期 (default: the period the plan was issued in; see periods.setFirst).',
    true,
  ),
  'catalog.get': call<CatalogView>()(
    z.strictObject({ period: periodRef.optional() }),
    'The active catalog with every task’s responsible units resolved; with `period`, the catalog in force for that period (an earlier plan for a period due before a revision).',
  ),
  'units.list': call<Unit[]>()(z.strictObject({ includeInactive: z.boolean().optional() }), 'Reporting units in display order.'),
  'units.renames': call<UnitRenameView[]>()(empty, 'The names units went by before they were renamed, each with when it was replaced, oldest first (periods due before keep them).'),
  'units.save': call<Unit>()(
    z.strictObject({
      code: z.string().regex(/^[A-Za-z0-9_-]{1,20}$/, { error: '单位代码只能包含字母、数字、下划线和短横线' }).optional(),
      name: z.string().trim().min(2, { error: '单位名称至少 2 个字' }).max(40, { error: '单位名称不能超过 40 字' }),
      kind: z.enum(['town', 'department'], { error: '单位类型应为 town（镇街）或 department（区直部门）' }),
      sort: z.number().int().optional(),
      active: z.boolean().optional(),
      /** A new name that only corrects the spelling: not kept as the unit's name for earlier periods. */
      correction: z.boolean().optional(),
    }),
    'Adds or renames a unit (bureau only). Codes never change. A rename keeps the earlier name for periods due before it (unless `correction`).',
    true,
  ),
  'periods.list': call<PeriodView[]>()(
    z.strictObject({ year: yearOf.optional() }),
    'The periods of a year the units were asked for (default: this year): of the kind in use; after a switch of kind, those of the kind before that ended before it, and not those of the new kind that did. By start, the longer first.',
  ),
  'periods.recent': call<PeriodView[]>()(
    z.strictObject({}),
    'Periods begun by today, newest first: this year and every year back to the first that holds a report or a submission (at least last year).',
  ),
  'periods.get': call<PeriodView>()(z.strictObject({ period: periodRef }), 'One period with its deadline.'),
  'periods.setKind': call<AppInfo>()(
    z.strictObject({ kind: z.enum(PERIOD_KINDS, { error: '报送周期类型应为 month、quarter、half 或 year' }) }),
    'Chooses 月报 / 季报 / 半年报 / 年报 (bureau only).',
    true,
  ),
  'periods.setFirst': call<AppInfo>()(
    z.strictObject({ period: periodRef }),
    '起报周期 (bureau only): the first period of the kind in use the units owe, from the first of the year the plan was issued in to the one under way (default: the one it was issued in); those that ended before it are asked of nobody. Units take it by set-up file.',
    true,
  ),
  'periods.firstLimit': call<{ limit: { latest: PeriodView; held: string } | null }>()(
    z.strictObject({}),
    'How far the 起报周期 may move on: the latest period of the kind in use that still owes every period holding reports, files received, 审核, 退回 or 督办单, and what is held (up to three periods, said); null when nothing owed holds work.',
  ),
  'periods.setDeadline': call<PeriodView & { missingNotices: string[] }>()(
    z.strictObject({ period: periodRef, deadline: isoDate, closed: z.boolean().optional() }),
    'Sets a period’s deadline, or closes it (bureau only). Moved later: the 逾期未报送 督办单 issued for the period on or before the new deadline and not voided, named (number and unit), to be voided where the unit was in fact not late.',
    true,
  ),
  'reports.forUnit': call<UnitPeriodView>()(
    z.strictObject({ unit: unitRef, period: periodRef }),
    'Every task the unit is responsible for, with its report for the period (or null).',
  ),
  'reports.returned': call<{ period: string; label: string; tasks: number[] }[]>()(
    z.strictObject({ unit: unitRef }),
    'The unit’s periods whose submission the bureau sent back (退回) and that await its corrected file (none exported since), open periods of the kind in use, oldest first: what its desk points to from any period.',
  ),
  'reports.unsent': call<{ period: string; label: string; deadline: string; daysLate: number }[]>()(
    z.strictObject({ unit: unitRef }),
    'A unit’s database: the periods it owes whose deadline has passed with nothing sent (no file exported here, none held by the bureau as its last set-up file said), open, the unit answering for a task in them; newest first, this year and last. The bureau’s database: none.',
  ),
  'reports.save': call<Report>()(
    z.strictObject({
      unit: unitRef,
      period: periodRef,
      task: taskNo,
      report: reportInputSchema,
      /** The version the edit started from (0: none was held). Given, a save over another version is refused (`conflict`). */
      baseVersion: z.number().int().min(0).optional(),
    }),
    'Saves a new version of one report; the previous version stays in the history. With `baseVersion` (the form’s: the version its edit started from), refused (`conflict`) when another version was saved meanwhile (another window, an import, the command line): nothing is overwritten unseen. In the bureau’s database refused (`approved`) while the unit’s submission for the period is approved (审核通过), as are copyPrevious and evidence.add/remove.',
    true,
  ),
  'reports.history': call<HistoryView[]>()(
    z.strictObject({ unit: unitRef, period: periodRef, task: taskNo }),
    'Every saved version of one report, newest first.',
  ),
  'reports.copyPrevious': call<{ copied: number[]; kept: number[]; absent: number[]; other: number[]; from: string; fromLabel: string }>()(
    z.strictObject({ unit: unitRef, period: periodRef, tasks: z.array(taskNo).optional() }),
    'Starts the period from last period’s reports. kept: tasks already filled this period (not overwritten); absent: tasks with nothing last period; other: tasks whose number last period (on an earlier plan) was another task (not copied).',
    true,
  ),
  'evidence.add': call<Report>()(
    z.strictObject({
      unit: unitRef,
      period: periodRef,
      task: taskNo,
      name: z.string().min(1, { error: '请提供文件名' }).max(500),
      dataBase64: base64Data(70 * 1024 * 1024, '佐证材料单个文件不能超过 50 MB'),
    }),
    'Attaches an evidence file (kept by content hash, with its original name).',
    true,
  ),
  'evidence.remove': call<Report>()(
    z.strictObject({ unit: unitRef, period: periodRef, task: taskNo, hash: sha, name: z.string().max(500) }),
    'Detaches an evidence file from a report (the file itself stays in the store).',
    true,
  ),
  'evidence.open': call<ExportedFile>()(
    z.strictObject({ unit: unitRef, period: periodRef, task: taskNo, hash: sha, name: z.string().max(500) }),
    'The bytes of an evidence file attached to a report (by hash and the name it was attached with; one file may be attached under two names), checked against its hash. Writes nothing.',
  ),
  'submissions.status': call<SubmissionStatusView[]>()(
    z.strictObject({ period: periodRef }),
    'Per unit: on time, late or missing for the period.',
  ),
  'submissions.received': call<{ received: ReceivedFileView | null }>()(
    z.strictObject({ unit: unitRef, period: periodRef }),
    'The file the bureau received the unit’s held submission for the period in (name, SHA-256, the .zip it came in): its original is archived. `received` is null when none was imported (nothing held, demo data, a unit’s database).',
  ),
  'submissions.log': call<ReviewEventView[]>()(
    z.strictObject({ unit: unitRef, period: periodRef }),
    'The story of a unit’s submission for the period (报送与审核记录), oldest first: files received and what the import made of them (refused ones too, where the file said whose it was and its run imported something: a run that imports nothing writes nothing), the unit’s own exports (in its database, with the decisions its latest set-up file says stand), demo data, and the bureau’s 退回 and 审核通过 with the paper form and their withdrawals. Writes nothing.',
  ),
  'submissions.return': call<SubmissionStatusView>()(
    z.strictObject({
      unit: unitRef,
      period: periodRef,
      reason: asTypedText(z.string({ error: '请填写退回原因' }).trim().min(1, { error: '请填写退回原因' }).max(500, { error: '退回原因不超过 500 字' }).superRefine(visible('退回原因'))),
      tasks: z.array(taskNo).max(100).optional(),
    }),
    'Sends a unit’s submission for the period back for correction (退回), with the reason and optionally the tasks concerned (bureau only). It stands until other content than the one sent back is held (a later revision, a file corrected by hand, a template filled in again) or it is withdrawn; one stands at a time.',
    true,
  ),
  'submissions.withdrawReturn': call<WithdrawnReturnView>()(
    z.strictObject({ unit: unitRef, period: periodRef }),
    'Withdraws the standing 退回 of a unit’s submission for the period (bureau only; the record is kept). Any period, also one of a kind no longer in use (then the answer has no row).',
    true,
  ),
  'submissions.approve': call<SubmissionStatusView>()(
    z.strictObject({
      unit: unitRef,
      period: periodRef,
      paper: z.boolean({ error: '“已收到盖章的纸质填报表”应为是或否' }).optional(),
      note: asTypedText(z.string({ error: '审核备注应为文字' }).trim().max(500, { error: '审核备注不超过 500 字' }).superRefine(visible('审核备注'))).optional(),
      contentHash: z.string().regex(/^[0-9a-f]{64}$/, { error: '内容摘要应为 64 位十六进制' }).nullable().optional(),
    }),
    'Accepts a unit’s submission for the period (审核通过; bureau only), saying whether its printed form came back signed and stamped, with an optional note. The approved content is locked for the bureau (no changes, no 退回) until the approval is withdrawn; a newer file from the unit is still imported, and the approval then no longer stands. Refused while a 退回 stands, or when the submission is approved already. `contentHash` (the status row’s `heldHash`): the content the bureau reviewed; refused (`conflict`) when other content is held by then.',
    true,
  ),
  'settings.log': call<SettingsChangeView[]>()(
    z.strictObject({ period: periodRef.optional() }),
    '设置变更记录: every change the bureau made to deadlines, closed periods, targets handed down and the period kind, oldest first; with `period`, that period’s deadline and closing only.',
  ),
  'units.contacts': call<UnitContactView[]>()(
    empty,
    'Whom to call at each unit (to chase a late submission): the 填报人 and phone of its latest report that names them, any period.',
  ),
  'submissions.enter': call<SubmissionStatusView>()(
    z.strictObject({ unit: unitRef, period: periodRef, on: isoDate.optional() }),
    '代为填报: registers the reports the bureau typed in for a unit (its own office, or a unit whose paper form came instead of a workbook) as that unit’s submission for the period, received `on` that day (default today; judged 按时/逾期 by it). Bureau only; refused without any report, while any report is still demo text (演示数据), in a closed period, for a day not yet come, before the period began or before the unit’s first submission held, or when nothing was saved since the one held came. It counts as received and can be returned or approved; a unit’s own workbook that comes later is imported as usual.',
    true,
  ),
  'submissions.recordPaper': call<SubmissionStatusView>()(
    z.strictObject({ unit: unitRef, period: periodRef }),
    'Records that the signed and stamped paper form of an approved submission came (纸质件已收到; bureau only): the approval stands as it was, the paper form’s arrival dated. Refused when no approval stands or the paper form is recorded already.',
    true,
  ),
  'submissions.withdrawApproval': call<WithdrawnApprovalView>()(
    z.strictObject({ unit: unitRef, period: periodRef }),
    'Withdraws the bureau’s approval (撤销审核) of a unit’s submission for the period (bureau only; the record is kept). Any period, also one of a kind no longer in use (then the answer has no row).',
    true,
  ),
  'indicators.status': call<IndicatorStatusView[]>()(
    z.strictObject({ period: periodRef }),
    'Per indicator: the value that counts for the district, against its target.',
  ),
  'summary.get': call<SummaryView>()(
    z.strictObject({ period: periodRef, texts: z.boolean().optional() }),
    'The district picture for a period: tasks × units, submissions, indicators, lagging work.',
  ),
  'targets.list': call<AssignedTargetView[]>()(
    z.strictObject({ year: yearOf }),
    'Every indicator whose target is handed down from above (完成上级管控目标), with the target entered for the year or null.',
  ),
  'submissions.year': call<YearGridView>()(
    z.strictObject({ year: yearOf }),
    '报送台账: every unit against the year’s periods begun (and any other holding reports): 按时 / 逾期 / 未报 / not due yet, the revision held, a standing 退回 or 审核通过, and each period’s counts (the reporting rate). In a unit’s database its own row only.',
  ),
  'notices.candidates': call<NoticeCandidate[]>()(
    z.strictObject({ period: periodRef }),
    '督办管理: the matters of a period a 督办单 may be issued for (each lagging task × unit, each unit’s unreported tasks once the deadline passed, one matter per unit), with how many periods in a row a task has lagged and the notice issued for it already. Bureau only.',
  ),
  'notices.issue': call<NoticeView[]>()(
    z.strictObject({
      period: periodRef,
      items: z
        .array(z.strictObject({ unit: unitRef, task: taskNo.optional() }), { error: '请选择要督办的事项' })
        .min(1, { error: '请至少选择一项要督办的事项' })
        .max(500, { error: '一次最多签发 500 份督办单' }),
      dueOn: isoDate.optional(),
      demand: z
        .strictObject({
          lagging: asTypedText(z.string().trim().min(1, { error: '督办要求不能为空' }).max(500, { error: '督办要求不能超过 500 字' }).superRefine(visible('督办要求'))).optional(),
          missing: asTypedText(z.string().trim().min(1, { error: '督办要求不能为空' }).max(500, { error: '督办要求不能超过 500 字' }).superRefine(visible('督办要求'))).optional(),
        })
        .optional(),
    }),
    '签发督办单: numbers the picked matters (a lagging task: unit and task; a unit’s unreported tasks: unit alone) in the year’s sequence, dated today, with the 办理时限 (default 15 days) and 督办要求 (default wording per kind) given. Refused as a whole when any matter is no longer lagging, was issued already, or is picked twice. Bureau only.',
    true,
  ),
  'notices.list': call<NoticeView[]>()(
    z.strictObject({ period: periodRef.optional() }),
    '督办台账: the notices issued (for a period, or all), in the order issued, each with its state (待反馈 / 逾期未反馈 / 已反馈) and the matter now. In a unit’s database: its own notices, as the bureau’s set-up file told them.',
  ),
  'notices.notHeld': call<{ years: { year: number; numbers: number[]; next: number }[]; unsureSince: string | null }>()(
    z.strictObject({}),
    'The 督办单 numbers issued in a database a restored backup replaced (or in its backups) and not held in this one, by year, with the number the next 签发 takes (above them: a number sent on paper is not issued again); unsureSince: a restore replaced a database that could not be read (when), so numbers it issued after its last backup are known on paper only, until notices.useUpTo. Bureau only.',
  ),
  'notices.useUpTo': call<{ year: number; next: number }>()(
    z.strictObject({ year: yearOf, seq: z.number({ error: '编号应为数字' }).int({ error: '编号应为整数' }).min(0, { error: '编号不能小于 0' }).max(999_999, { error: '编号过大' }) }),
    'The highest 督办单 number of a year the bureau has sent on paper (its paper 督办台账; 0: none this year), after a restore that could not read the numbers: no number up to it is issued again. Bureau only.',
    true,
  ),
  'notices.void': call<NoticeView>()(
    z.strictObject({
      id: z.string().trim().min(1, { error: '请指定督办单' }).max(64),
      reason: asTypedText(z.string({ error: '请说明作废原因' }).trim().min(1, { error: '请说明作废原因' }).max(500, { error: '作废原因不能超过 500 字' }).superRefine(visible('作废原因'))),
    }),
    '作废 an issued notice (issued by mistake, or wrongly worded), with the reason: its number stays used, it is no longer printed with the period’s notices, and its matter may be issued again. Refused once an answer is recorded. Bureau only.',
    true,
  ),
  'notices.answer': call<NoticeView>()(
    z.strictObject({
      id: z.string().trim().min(1, { error: '请指定督办单' }).max(64),
      on: isoDate.nullable(),
      note: asTypedText(z.string().max(500, { error: '反馈说明不能超过 500 字' }).superRefine(visible('反馈说明'))).optional(),
    }),
    '登记督办反馈: the day the unit’s answer to a notice came, with a note; `on` null takes a recorded answer back. Bureau only.',
    true,
  ),
  'baselines.list': call<AssignedTargetView[]>()(
    z.strictObject({ year: yearOf }),
    'Every indicator that must not fall (不降低), with the 基准值 entered for the year (in `target`) or null: what the year’s first value is compared with when no earlier value is held.',
  ),
  'baselines.set': call<{ indicator: string; year: number; target: number | null }>()(
    yearlyValue('基准值', '10.1'),
    'Enters the 基准值 of an indicator that must not fall, for a year (bureau only; kept in 设置变更记录); null takes it back.',
    true,
  ),
  'targets.set': call<{ indicator: string; year: number; target: number | null }>()(
    yearlyValue('目标值', '16.1'),
    'Enters the target handed down for a year (完成上级管控目标 indicators; bureau only); null takes an entered one back.',
    true,
  ),
  'demo.fill': call<{ reports: number; units: number; period: string }>()(
    z.strictObject({ period: periodRef }),
    'Fills clearly labelled demo reports (演示数据) for every responsible unit, in one transaction.',
    true,
  ),
  'backup.create': call<{ path: string; createdAt: string; size: number; files?: { copied: number; kept: number; bytes: number }; sameDisk?: boolean }>()(
    z
      .strictObject({
        out: z.string().min(1, { error: '请填写备份文件的路径' }).max(1000).optional(),
        folder: z.string().trim().min(1, { error: '请填写备份到哪个文件夹，如 E:\\生态文明进度备份' }).max(1000).optional(),
      })
      .refine((i) => i.out === undefined || i.folder === undefined, { error: '备份文件（out）和文件夹（folder）只能给一个' }),
    'Backs the database up with SQLite’s online backup API: into its backups folder, or as a whole copy elsewhere (`out`, a new file; `folder`, the copy kept there as 生态文明进度备份-<单位>.db, brought up to date each time) with its evidence files and the imported originals kept as files (.zip; a workbook’s is in the database) beside it (`files`; `sameDisk`: on the data’s own disk). Paths are absolute.',
  ),
  'backup.list': call<{ path: string; createdAt: string; size: number }[]>()(empty, 'Backups, newest first.'),
  'folders.list': call<FolderListing>()(
    z.strictObject({ path: z.string().max(1000, { error: '路径过长' }).optional() }),
    'The folders in `path` (a whole path; `E:` is the drive; hidden folders, Windows’ own system folders and links that do not open left out; digits and Latin names first, then Chinese ones by pinyin) with its parent and the whole copies it holds; without `path`, the places to start from (drives, the home folder, 桌面, where USB sticks appear; `places` is empty otherwise). Each drive and folder is asked on libuv’s threads with a time limit (1.5 s a drive, 10 s a folder: a disconnected network drive never holds the core). For choosing a folder instead of typing it. Works before set-up.',
  ),
  'backup.progress': call<{ running: boolean; files: number; totalFiles: number; bytes: number; totalBytes: number }>()(
    empty,
    'How far the files of a whole copy running now are (to a stick, or back from one); `running` false (and zeros) when none runs. Answered during a restore from a copy.',
  ),
  'backup.restore': call<RestoreResult>()(
    z
      .strictObject({
        path: z.string().min(1, { error: '请指定要恢复的备份' }).max(1000).optional(),
        latest: z.literal(true, { error: 'latest 只能为 true' }).optional(),
        copy: z.string().trim().min(1, { error: '请填写完整副本所在的文件夹或副本文件，如 E:\\生态文明进度备份' }).max(1000).optional(),
      })
      .refine((i) => [i.path, i.latest, i.copy].filter((x) => x !== undefined).length === 1, {
        error: '请指定要恢复的备份（path，取自备份列表），或用 latest: true 选择最新的完好备份，或用 copy 给出U盘等处的完整副本，三者选一',
      }),
    'Replaces the database with one of its own backups (as listed by backup.list, or the newest good one), or with a whole copy made elsewhere (`copy`: its file, or the backup folder holding it; its evidence files and originals come back too; on a database in use only a copy of the same unit or bureau). The current file is moved aside, never deleted.',
    true,
  ),
  'check.run': call<CheckView>()(empty, 'PRAGMA integrity_check and a summary.'),
};
