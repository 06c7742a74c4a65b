/**
 * The set-up workbook, bureau to units: the catalog (tasks, indicators), the
 * units and the period settings. People read the visible sheets; the app
 * reads the exact data from the hidden machine sheet (JSON in chunks, with
 * its hash), so a revised plan travels without a new app version.
 */
import ExcelJS from 'exceljs';
import { z } from 'zod';
import type { SetupImportResult, SetupPreview } from '../../../shared/api/exchange';
import type { Catalog, Indicator, Task, Unit } from '../../../shared/catalog/types';
import { AppError, ERROR_CODES } from '../../../shared/errors';
import { chinaDate, DEFAULT_DEADLINE_DAYS, formatChineseDate, kindSwitchSaid, formatChineseDateTime, isPeriodId, isRealIsoDate, parsePeriod, periodContaining, PERIOD_KIND_LABELS, PERIOD_KINDS, PLAN_SINCE_ALWAYS, periodsFromTo, previousPeriod, firstAsked, kindSpansOf, unstopped, versionInForce, type Period, type PeriodKind, type PlanEntry } from '../../../shared/period';
import { describeTarget, targetInSentence } from '../../../shared/report';
import { canonicalUnitName, likeness, SAME_TASK_LIKENESS, squeezed } from '../../../shared/text';
import { OWED_FROM, PLAN_SCHEDULE, unitsOfTask, type CoreContext } from '../context';
import { sha256 } from '../fsutil';
import { safeFileName } from '../services/reports';
import { standingReturns } from '../services/returns';
import type { Return } from '../store/repos/returns';
import type { Approval } from '../store/repos/approvals';
import { standingApprovals } from '../services/approvals';
import { noticeView } from '../services/notices';
import { noticeNumber } from '../forms/notice';
import type { Notice } from '../store/repos/notices';
import { APP_VERSION } from '../services/setup';
import type { BuiltFile } from './export-unit';
import { DATABASE_ID, HELD_REVISIONS, SETUP_FORMAT, SETUP_FORMAT_VERSION, SHEETS, UNIT_FORMAT } from './format';
import { finishPackage } from './excel-text';
import { colName, Grid } from './grid';
import { DEFAULT_LIMITS } from './limits';
import { ParsePool, type RawSheet } from './parse-pool';
import { readMachine } from './read-machine';
import { bodyCell, fitRow, headerRow, printSetup, protect, titleRow } from './style';
import { sniffWorkbook } from './zip-guard';
import { planDiff, taskChanges } from './plan-diff';

const CHUNK = 30_000;

export interface SetupPayload {
  catalog: Catalog;
  periodKind: PeriodKind;
  periods: { period: string; deadline: string; closed: boolean }[];
  targets: { indicatorId: string; year: number; target: number }[];
  /**
   * The submissions the bureau has sent back (退回) and not had again, so a
   * unit adopting the file sees its own. Absent in files of earlier versions
   * of the app (a unit then keeps what it was told before).
   */
  returns?: SetupReturn[];
  /**
   * The bureau's approvals (审核通过) that stand, so a unit adopting the file sees its own, and whether its
   * stamped paper form has come. Absent in files of earlier versions of the app (a unit then keeps what it was
   * told before); an earlier version reading a file with them passes them over.
   */
  approvals?: SetupApproval[];
  /**
   * The 督办单 the bureau issued (of this year and the last, to units still reporting), as issued and where each
   * stands (反馈 recorded, 作废), so a unit adopting the file sees its own on its desk. A file for every unit
   * withholds their texts (`NOTICE_TEXT_IN_OWN_FILE`): a notice is addressed to its unit. Absent in files of
   * earlier versions (a unit then keeps what it was told before).
   */
  notices?: SetupNotice[];
  /**
   * The highest revision the bureau holds of each unit's submission per period (of the kind in use), so a
   * unit whose database was set up afresh (a new computer) numbers its next export above it: the bureau
   * would otherwise file the newer content as stale. Absent in files of earlier versions.
   */
  held?: { unit: string; period: string; revision: number }[];
  /**
   * The bureau's record of units' earlier names, each with when it was
   * replaced (a renamed unit's earlier periods keep the name it had then): a
   * unit's database takes it as it is. Absent in files of earlier versions (a
   * unit's database then keeps what it holds).
   */
  renames?: { code: string; name: string; renamedAt: string }[];
  /** The bureau's switches of period kind, oldest first (a unit owes what the bureau does); absent when none. */
  kindSwitches?: { at: string; before: PeriodKind; after: PeriodKind }[];
  /**
   * 起报 (`CoreContext.owedFrom`): periods ending before this day are owed by nobody (PLAN_SINCE_ALWAYS: every period is
   * owed); a unit takes it as it is. Absent in files of earlier versions (a unit then keeps its own).
   */
  owedFrom?: string;
  /**
   * The unit the file is made for (its own 退回 with their reasons, and none
   * of another unit's); absent: a file for every unit, whose returns carry no
   * reason (`REASON_IN_OWN_FILE`): one unit's reason is not another's to read.
   */
  for?: string;
  /**
   * Which periods are on which plan, as the bureau decided (`versionInForce`):
   * a unit adopts it as it is, so that the bureau and the unit put a period on
   * the same plan. Absent in files of earlier versions and from a bureau that
   * never revised its plan.
   */
  schedule?: PlanEntry[];
  /** The earlier plans the schedule names (without units): a unit that never held one reads its periods on it all the same. */
  plans?: Catalog[];
}

/** The reason a file for every unit gives of a 退回: the reason itself is in the file the bureau makes for that unit. */
export const REASON_IN_OWN_FILE = '（退回原因见区局发给本单位的设置文件，或向区局询问）';

/** A standing 退回 as the set-up file carries it: the bureau's record without its row id (a unit's own learning of it is its own). */
export type SetupReturn = Omit<Return, 'id' | 'toldRevision'>;

/** A standing 审核通过 as the set-up file carries it, like a 退回 (`SetupReturn`). */
export type SetupApproval = Omit<Approval, 'id'>;

/** An issued 督办单 as the set-up file carries it: its texts as printed (a carried-over notice's worded from the plan). */
export type SetupNotice = Notice & { tasks: { no: number; title: string }[]; matter: string; problems: string; demand: string };

/** What a file for every unit gives of a notice's texts (存在问题, 督办要求, 反馈说明, 作废原因): they are in the file the bureau makes for its unit. */
export const NOTICE_TEXT_IN_OWN_FILE = '（见区局送达的督办单，或区局发给本单位的设置文件）';

/** The note a file for every unit gives of an approval that has one: the note itself is in the file the bureau makes for that unit. */
export const NOTE_IN_OWN_FILE = '见区局发给本单位的设置文件，或向区局询问';

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const isoInstant = () => z.string().regex(ISO_INSTANT).refine((t) => !Number.isNaN(Date.parse(t)));
const isoDay = () => z.string().refine(isRealIsoDate);

const unitSchema = z.object({ code: z.string().min(1).max(20), name: z.string().min(1).max(40), kind: z.enum(['town', 'department']), sort: z.number(), active: z.boolean() });
const indicatorSchema = z.object({
  id: z.string().regex(/^\d+\.\d+$/),
  name: z.string().min(1),
  comparator: z.enum(['>=', '<=', '=', 'not_lower', 'meets_assigned', 'yes']),
  target: z.number().nullable(),
  unit: z.string(),
  notLower: z.boolean(),
  source: z.string(),
});
const catalogSchema = z.looseObject({
    version: z.string().min(1).max(100),
    plan: z.looseObject({ title: z.string(), issuer: z.string(), issuedOn: z.string(), noticeTitle: z.string(), district: z.string() }),
    categories: z.array(z.looseObject({ no: z.number().int(), numeral: z.string(), title: z.string(), firstTask: z.number(), lastTask: z.number() })).min(1),
    tasks: z
      .array(
        z.looseObject({
          no: z.number().int().min(1),
          category: z.number().int(),
          title: z.string().min(1),
          units: z.array(z.object({ code: z.string(), role: z.enum(['lead', 'support']) })),
          allTowns: z.boolean(),
          indicators: z.array(indicatorSchema),
        }),
      )
      .min(1),
    units: z.array(unitSchema).min(1),
  });
/** What a 退回 and a 审核通过 in the file both name: the unit's submission of a period, its revision and content. */
const decisionSchema = {
  unit: z.string().min(1).max(20),
  period: z.string().refine(isPeriodId),
  revision: z.number().int().min(0),
  contentHash: z.string().max(128).nullable(),
};
const payloadSchema = z.object({
  catalog: catalogSchema,
  periodKind: z.enum(PERIOD_KINDS as [PeriodKind, ...PeriodKind[]]),
  periods: z.array(z.object({ period: z.string(), deadline: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), closed: z.boolean() })),
  targets: z.array(z.object({ indicatorId: z.string(), year: z.number().int(), target: z.number() })),
  returns: z
    .array(
      z.object({
        ...decisionSchema,
        reason: z.string().min(1).max(500),
        tasks: z.array(z.number().int().min(1)).max(100),
        returnedAt: isoInstant(),
      }),
    )
    .max(100_000)
    .optional(),
  approvals: z
    .array(
      z.object({
        ...decisionSchema,
        paper: z.boolean(),
        paperAt: isoInstant().nullable(),
        note: z.string().max(500),
        tasks: z.array(z.number().int().min(1)).max(1000),
        approvedAt: isoInstant(),
      }),
    )
    .max(1_000_000)
    .optional(),
  notices: z
    .array(
      z.object({
        id: z.string().min(1).max(64),
        year: z.number().int().min(2000).max(2200),
        seq: z.number().int().min(1),
        period: z.string().refine(isPeriodId),
        unit: z.string().min(1).max(20),
        unitName: z.string().min(1).max(100),
        reason: z.enum(['lagging', 'missing']),
        tasks: z.array(z.object({ no: z.number().int().min(1), title: z.string().max(1000) })).min(1).max(100),
        matter: z.string().min(1).max(2000),
        problems: z.string().min(1).max(8000),
        demand: z.string().min(1).max(500),
        issuedAt: isoInstant(),
        dueOn: isoDay(),
        answeredOn: isoDay().nullable(),
        answerNote: z.string().max(500),
        answeredAt: isoInstant().nullable(),
        voidedAt: isoInstant().nullable(),
        voidReason: z.string().max(500),
      }),
    )
    .max(100_000)
    // One notice, one number: a machine sheet edited into holding one twice is no file of the bureau's.
    .refine((ns) => new Set(ns.map((n) => n.id)).size === ns.length && new Set(ns.map((n) => `${n.year}/${n.seq}`)).size === ns.length, { error: '督办单重复' })
    .optional(),
  held: z
    .array(z.object({ unit: z.string().min(1).max(20), period: z.string().refine(isPeriodId), revision: z.number().int().min(0) }))
    .max(1_000_000)
    .optional(),
  renames: z
    .array(
      z.object({
        code: z.string().min(1).max(20),
        name: z.string().min(1).max(100),
        renamedAt: isoInstant(),
      }),
    )
    .max(10_000)
    .optional(),
  for: z.string().min(1).max(20).optional(),
  schedule: z
    .array(z.object({ version: z.string().min(1).max(50), from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) }))
    .max(1000)
    .optional(),
  plans: z.array(catalogSchema.omit({ units: true })).max(20).optional(),
  /** The bureau's switches of period kind, oldest first: a unit owes the periods the bureau does (`CoreContext.asked`). */
  kindSwitches: z
    .array(z.object({ at: isoInstant(), before: z.enum(PERIOD_KINDS as [PeriodKind, ...PeriodKind[]]), after: z.enum(PERIOD_KINDS as [PeriodKind, ...PeriodKind[]]) }))
    .max(100)
    .optional(),
  owedFrom: z
    .string()
    .refine((s) => s === PLAN_SINCE_ALWAYS || isRealIsoDate(s))
    .optional(),
});

export function setupPayload(ctx: CoreContext, forUnit: string | null = null): SetupPayload {
  const spans = ctx.kindSpans();
  const switches = ctx.store.settingsChanges
    .list()
    .filter((c) => c.kind === 'period_kind' && PERIOD_KINDS.includes(c.before as PeriodKind) && PERIOD_KINDS.includes(c.after as PeriodKind))
    .map((c) => ({ at: c.at, before: c.before as PeriodKind, after: c.after as PeriodKind }));
  const returns = standingReturns(ctx)
    .filter((r) => forUnit === null || r.unit === forUnit)
    .map(({ unit, period, revision, contentHash, reason, tasks, returnedAt }) => ({ unit, period, revision, contentHash, reason: forUnit === null ? REASON_IN_OWN_FILE : reason, tasks, returnedAt }));
  // Of this year and the last, of units still reporting: what a clerk may still act on (a paper form owed), and a
  // file that does not grow with every year the app is in use.
  const since = Number(ctx.today().slice(0, 4)) - 1;
  const approvals = standingApprovals(ctx)
    .filter((a) => (forUnit === null || a.unit === forUnit) && parsePeriod(a.period).year >= since && ctx.store.units.byCode(a.unit)?.active === true)
    .map(({ unit, period, revision, contentHash, paper, paperAt, note, tasks, approvedAt }) => ({
      unit,
      period,
      revision,
      contentHash,
      paper,
      paperAt,
      note: forUnit === null && note !== '' ? NOTE_IN_OWN_FILE : note,
      tasks,
      approvedAt,
    }));
  // A notice is its unit's: a file for every unit says that it was issued and where it stands, not what it says.
  const withheld = (text: string): string => (forUnit === null && text !== '' ? NOTICE_TEXT_IN_OWN_FILE : text);
  const today = ctx.today();
  const notices = ctx.store.notices
    .list()
    .filter((n) => (forUnit === null || n.unit === forUnit) && n.year >= since && ctx.store.units.byCode(n.unit)?.active === true)
    .map((n): SetupNotice => {
      const v = noticeView(ctx, n, today);
      return { ...n, unitName: v.unitName, tasks: v.tasks, matter: v.matter, problems: withheld(v.problems), demand: withheld(v.demand), answerNote: withheld(n.answerNote), voidReason: withheld(n.voidReason) };
    });
  return {
    ...(forUnit !== null ? { for: forUnit } : {}),
    catalog: { ...ctx.catalog(), units: ctx.store.units.list(true) },
    periodKind: ctx.periodKind,
    // The settings of the periods owed: of the kind in use, and after a switch those of the kind before still owed
    // (the quarter still due when 月报 began); not a kind's given up.
    periods: ctx.store.periods.list().filter((p) => isPeriodId(p.period) && ctx.asked(parsePeriod(p.period), spans)),
    // Always said, none too: a unit then knows the bureau never switched (a file of an earlier version says nothing).
    kindSwitches: switches,
    owedFrom: ctx.owedFrom,
    // Targets of the plan's own indicators (one a revision took out would make the file refused).
    targets: ctx.store.targets.all().filter((t) => ctx.catalog().tasks.some((task) => task.indicators.some((i) => i.id === t.indicatorId))),
    ...(ctx.planSchedule().length > 0 ? { schedule: ctx.planSchedule(), plans: earlierPlans(ctx) } : {}),
    returns,
    approvals,
    notices,
    held: ctx.store.submissions.heldRevisions().filter((h) => ctx.asked(parsePeriod(h.period), spans) && (forUnit === null || h.unit === forUnit)),
    renames: [...ctx.store.units.renames()],
  };
}

/** The plans other than the one in force that the schedule names, as held. */
function earlierPlans(ctx: CoreContext): Catalog[] {
  const active = ctx.catalog().version;
  return [...new Set(ctx.planSchedule().map((e) => e.version))].filter((v) => v !== active).flatMap((v) => {
    const c = ctx.store.catalogs.byVersion(v);
    return c ? [{ ...c, units: [] }] : [];
  });
}

/** A visible sheet of the set-up workbook: what people read (the app reads the machine sheet). */
interface VisibleSheet {
  name: string;
  title: string;
  headers: readonly string[];
  widths: readonly number[];
  /** Columns shown centred. */
  centred: readonly boolean[];
  rows: (string | number)[][];
  landscape: boolean;
}

/** The visible sheets people read (the app reads the machine sheet). */
const VISIBLE = { tasks: '任务', indicators: '指标', units: '单位' } as const;

/** The visible sheets' content for a payload: written by the export, compared on import. */
function visibleSheets(payload: SetupPayload): VisibleSheet[] {
  const { catalog } = payload;
  const unitName = new Map(catalog.units.map((u) => [u.code, u.name]));
  return [
    {
      name: VISIBLE.tasks,
      title: `重点任务与责任单位（任务清单版本 ${catalog.version}）`,
      headers: ['序号', '类别', '重点任务', '责任单位（第一个为牵头单位）'],
      widths: [5, 18, 40, 56],
      centred: [true, false, false, false],
      rows: catalog.tasks.map((t) => {
        const cat = catalog.categories.find((c) => c.no === t.category);
        return [t.no, cat ? `（${cat.numeral}）${cat.title}` : '', t.title, [...t.units.map((u) => unitName.get(u.code) ?? u.code), ...(t.allTowns ? ['各镇（街道）'] : [])].join('、')];
      }),
      landscape: true,
    },
    {
      name: VISIBLE.indicators,
      title: '指标与目标',
      headers: ['编号', '指标', '目标', '任务序号'],
      widths: [8, 50, 24, 10],
      centred: [true, false, true, true],
      rows: catalog.tasks.flatMap((t) => t.indicators.map((ind) => [ind.id, ind.name, describeTarget(ind), t.no])),
      landscape: true,
    },
    {
      name: VISIBLE.units,
      title: '填报单位',
      headers: ['代码', '单位名称', '类型', '状态'],
      widths: [8, 30, 12, 8],
      centred: [true, false, true, true],
      rows: catalog.units.map((u) => [u.code, u.name, u.kind === 'town' ? '镇街' : '区直部门', u.active ? '启用' : '停用']),
      landscape: false,
    },
  ];
}

/**
 * The task list's version as a clerk reads it: the code the app shows (to compare), and in words the plan's day of
 * issue and, for a revision made in the app (jiyang-2021.1-r20261202-3fa2c1), the day it was revised.
 */
function versionSaid(catalog: SetupPayload['catalog']): string {
  const rev = /-r(\d{4})(\d{2})(\d{2})-[0-9a-f]{6}(?:-\d+)?$/.exec(catalog.version);
  const revised = rev ? `，${formatChineseDate(`${rev[1]}-${rev[2]}-${rev[3]}`)}修订` : '';
  return `${catalog.version}（${formatChineseDate(catalog.plan.issuedOn)}印发的工作方案${revised}）`;
}

/** The set-up workbook for a payload (the bureau's own, or a revised plan). */
export async function writeSetupWorkbook(payload: SetupPayload, exportedAt: string): Promise<Buffer> {
  const { catalog } = payload;
  const wb = new ExcelJS.Workbook();
  wb.creator = '生态文明建设任务进度填报系统';
  wb.created = new Date(exportedAt);

  const info = wb.addWorksheet('说明');
  info.getColumn(1).width = 14;
  info.getColumn(2).width = 62;
  titleRow(info, 1, 2, `${catalog.plan.title} — 设置文件`);
  const lines: [string, string][] = [
    ['任务清单版本', versionSaid(catalog)],
    // A clerk holding two set-up files tells the newer without the app.
    ['导出时间', formatChineseDateTime(exportedAt)],
    ['报送周期', PERIOD_KIND_LABELS[payload.periodKind]],
    ...(payload.owedFrom !== undefined && payload.owedFrom !== PLAN_SINCE_ALWAYS ? [['起报周期', `${firstOfFile(payload)?.label ?? ''}（此前结束的各期不要求报送）`] as [string, string]] : []),
    ['重点任务', `${catalog.tasks.length} 项`],
    ['填报单位', `${catalog.units.filter((u) => u.active).length} 个`],
    ['使用方法', '各填报单位第一次使用本系统时点击“载入区局设置文件”并选中本文件；已在使用的，点右上角“⚙ 本机设置”中的“选择设置文件”。即可更新任务清单、单位名单和报送周期。请勿修改本文件。'],
  ];
  // What a clerk reads the file for besides the lists: when each period is due, and targets the bureau has set.
  const due = payload.periods
    .filter((p) => !p.closed && isPeriodId(p.period) && parsePeriod(p.period).kind === payload.periodKind)
    .sort((a, b) => a.period.localeCompare(b.period))
    .slice(-12);
  lines.push([
    '截止日期',
    [...due.map((p) => `${parsePeriod(p.period).label}：${formatChineseDate(p.deadline)}`), `${due.length > 0 ? '其他周期' : '各周期'}：周期结束后 ${DEFAULT_DEADLINE_DAYS} 日内`].join('\n'),
  ]);
  const indicators = new Map(catalog.tasks.flatMap((t) => t.indicators.map((ind) => [ind.id, ind] as const)));
  const targets = [...payload.targets].sort((a, b) => a.year - b.year || a.indicatorId.localeCompare(b.indicatorId, 'en', { numeric: true }));
  if (targets.length > 0) {
    lines.push([
      '区局设定的目标',
      targets
        .map((t) => {
          const ind = indicators.get(t.indicatorId);
          return `${t.year}年 ${t.indicatorId} ${ind?.name ?? ''}：${ind ? describeTarget(ind, t.target) : t.target}`;
        })
        .join('\n'),
    ]);
  }
  const forUnit = payload.for === undefined ? undefined : catalog.units.find((u) => u.code === payload.for);
  if (forUnit) lines.push(['发给', `${forUnit.name}（本文件含该单位的退回原因、审核备注和督办单，请勿转发其他单位）`]);
  // How many, not who: every unit receives this file (the app shows each unit its own return only); the reasons only in each unit's own file.
  const returned = new Set((payload.returns ?? []).map((r) => r.unit)).size;
  if (returned > 0 && forUnit) lines.push(['退回', `本单位有 ${payload.returns?.length ?? 0} 期报送已退回、待重报；导入本文件后，在填报界面看到退回原因`]);
  else if (returned > 0) lines.push(['退回', `${returned} 个单位的报送已退回、待重报；退回原因只写在区局发给各该单位的设置文件中`]);
  const approvals = payload.approvals ?? [];
  if (approvals.length > 0) {
    const noPaper = approvals.filter((a) => !a.paper).length;
    const awaiting = noPaper > 0 ? `；其中 ${noPaper} 期区局尚未收到盖章的纸质填报表` : '';
    if (forUnit) lines.push(['审核', `本单位有 ${approvals.length} 期报送已审核通过${awaiting}；导入本文件后，在填报界面看到审核结果`]);
    else lines.push(['审核', `${new Set(approvals.map((a) => a.unit)).size} 个单位的 ${approvals.length} 期报送已审核通过${awaiting}；各单位导入本文件后，在填报界面看到本单位的审核结果`]);
  }
  // Those awaiting an answer: what a unit has to act on.
  const open = (payload.notices ?? []).filter((n) => n.voidedAt === null && n.answeredOn === null);
  if (open.length > 0 && forUnit) lines.push(['督办', `本单位有 ${open.length} 份督办单待反馈（${open.map((n) => `办理时限${formatChineseDate(n.dueOn)}`).filter((t, i, all) => all.indexOf(t) === i).join('、')}）；导入本文件后，在填报界面看到督办单全文`]);
  else if (open.length > 0) lines.push(['督办', `${new Set(open.map((n) => n.unit)).size} 个单位有 ${open.length} 份督办单待反馈；督办单全文只写在区局发给各该单位的设置文件中，各单位导入本文件后，在填报界面看到本单位的督办单`]);
  lines.forEach(([k, v], i) => {
    bodyCell(info, i + 3, 1, k, true);
    bodyCell(info, i + 3, 2, v);
    fitRow(info, i + 3, [{ text: v, col: 2 }]);
  });
  printSetup(info, 1, false);

  const shown = visibleSheets(payload).map((v) => {
    const ws = wb.addWorksheet(v.name);
    titleRow(ws, 1, v.headers.length, v.title);
    headerRow(ws, 2, v.headers, v.widths);
    v.rows.forEach((row, i) => {
      row.forEach((value, c) => bodyCell(ws, i + 3, c + 1, value, v.centred[c]));
      // As tall as its texts: a 责任单位 list cut to one line hid 各镇（街道） from the towns.
      fitRow(ws, i + 3, row.map((value, c) => ({ text: String(value), col: c + 1 })));
    });
    printSetup(ws, 2, v.landscape);
    return ws;
  });

  // ASCII only (\uXXXX escapes), so chunks never split a character and nothing needs XML care.
  const json = JSON.stringify(payload).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const machine = wb.addWorksheet(SHEETS.machine, { state: 'hidden' });
  const parts = Math.ceil(json.length / CHUNK);
  const rows: [string, string][] = [
    ['format', SETUP_FORMAT],
    ['format_version', String(SETUP_FORMAT_VERSION)],
    ['catalog_version', catalog.version],
    ['exported_at', exportedAt],
    ['app_version', APP_VERSION],
    ['payload_sha256', sha256(json)],
    ['payload_parts', String(parts)],
  ];
  for (let i = 0; i < parts; i++) rows.push([`payload_${i + 1}`, json.slice(i * CHUNK, (i + 1) * CHUNK)]);
  rows.forEach(([k, v], i) => {
    machine.getCell(i + 1, 1).value = k;
    machine.getCell(i + 1, 2).value = v;
  });
  for (const ws of [info, ...shown]) await protect(ws);
  return finishPackage(new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer));
}

/** The set-up file for every unit, or for one (`unitRef`: with its own 退回 and their reasons). */
export async function exportSetup(ctx: CoreContext, unitRef?: string): Promise<BuiltFile> {
  // A unit's copy of the plan is the bureau's to hand down: a unit passing its own on would fork it.
  ctx.requireBureau('导出下发给各单位的设置文件');
  const unit = unitRef === undefined ? null : ctx.resolveUnit(unitRef);
  const payload = setupPayload(ctx, unit?.code ?? null);
  const data = await writeSetupWorkbook(payload, ctx.nowIso());
  // Dated (China day): the newest of several a unit received is told by its name.
  const day = ctx.today().replace(/-/g, '');
  return { fileName: safeFileName(`设置文件-${payload.catalog.version}-${day}${unit ? `-${unit.name}` : ''}.xlsx`), data, sha256: sha256(data) };
}

const clip = (t: string): string => (t.length > 30 ? `${t.slice(0, 30)}…` : t);

/**
 * Where the visible sheets differ from what the file's data shows: people
 * may unprotect a sheet and edit it, but the app adopts the machine sheet's
 * data only, so such edits are said (at most `shown` of them, and how many).
 */
function visibleEdits(payload: SetupPayload, sheets: readonly RawSheet[], shown = 5): string | null {
  const found: string[] = [];
  for (const v of visibleSheets(payload)) {
    const raw = sheets.find((sh) => sh.name === v.name);
    if (!raw) {
      found.push(`“${v.name}”表被删除或改名`);
      continue;
    }
    const g = new Grid(raw);
    // Row 0 is the title, row 1 the headers, then one row per entry. An entry's row is found by its first
    // column (序号, 编号, 代码), so a row deleted or inserted by hand is said once, not as every row below it
    // differing. Compared where a cell is expected or present (never over the whole used range: one far
    // cell would make it a billion cells).
    const rowOf = new Map<string, number>();
    v.rows.forEach((row, i) => rowOf.set(String(row[0]).trim(), i));
    const matched = new Set<number>();
    const compare = (r: number, want: readonly (string | number)[] | undefined): void => {
      const cols = new Set<number>(g.columnsOf(r));
      want?.forEach((_, c) => cols.add(c));
      for (const c of [...cols].sort((x, y) => x - y)) {
        const has = g.text(r, c).trim();
        const should = want !== undefined && c < want.length ? String(want[c]).trim() : '';
        if (has === should) continue;
        const where = `“${v.name}”表第 ${r + 1} 行 ${colName(c)} 列${c < v.headers.length && r > 1 ? `（${v.headers[c]}）` : ''}`;
        found.push(should === '' ? `${where}多了“${clip(has)}”` : has === '' ? `${where}被清空（设置数据中为“${clip(should)}”）` : `${where}为“${clip(has)}”，设置数据中为“${clip(should)}”`);
      }
    };
    compare(1, v.headers);
    const leftover: number[] = [];
    for (const r of g.rowNumbers()) {
      if (r < 2) continue;
      const key = g.text(r, 0).trim();
      const i = rowOf.get(key);
      if (i !== undefined && !matched.has(i) && key !== '') {
        matched.add(i);
        compare(r, v.rows[i]);
      } else if (g.columnsOf(r).some((c) => g.text(r, c).trim() !== '')) leftover.push(r);
    }
    // A row whose key is no entry's, where an entry not found sits in the file as exported: that entry with its key
    // edited (said as one cell). Any other such row is compared with nothing: every cell in it is extra.
    for (const r of leftover) {
      const i = r - 2;
      if (i < v.rows.length && !matched.has(i)) {
        matched.add(i);
        compare(r, v.rows[i]);
      } else compare(r, undefined);
    }
    v.rows.forEach((row, i) => {
      if (!matched.has(i)) found.push(`“${v.name}”表缺少${v.headers[0]}为“${clip(String(row[0]))}”的一行（第 ${i + 3} 行“${clip(String(row[1] ?? ''))}”被删除）`);
    });
  }
  if (found.length === 0) return null;
  return (
    `此文件的可见表格被改动过（${found.length} 处：${found.slice(0, shown).join('；')}${found.length > shown ? '等' : ''}）。` +
    '本系统只采用文件中隐藏的设置数据，表格中的改动未被采用；如需修改任务清单或单位名单，请区局在系统中修改后重新导出设置文件'
  );
}

type ReadSetup = SetupPayload & { exportedAt: string; visibleEdits: string | null };

/** Reads and checks a set-up workbook; throws an AppError naming the file when it is not one. */
export async function readSetupWorkbook(data: Uint8Array, fileName: string): Promise<ReadSetup> {
  const bad = (message: string): AppError => new AppError('invalid_setup', `“${fileName}”：${message}`, [{ file: fileName, sheet: SHEETS.machine, message }]);
  const sniff = sniffWorkbook(data, DEFAULT_LIMITS);
  // Where the file could be mended, a set-up file is asked of the bureau again. Not a workbook at all: no sheet named.
  if (!sniff.ok) {
    const message = sniff.fix ? `${sniff.message}，请向区局重新索取设置文件` : sniff.message;
    throw new AppError('invalid_setup', `“${fileName}”：${message}`, [{ file: fileName, message }]);
  }
  const pool = new ParsePool({ ...DEFAULT_LIMITS, workers: 1 });
  let parsed;
  try {
    parsed = await pool.parse(data, { required: SHEETS.machine, sheets: [SHEETS.machine, ...Object.values(VISIBLE)] });
  } finally {
    await pool.close();
  }
  if (!parsed.ok) throw bad(parsed.code === 'not_ours' ? '不是本系统的设置文件（缺少系统写入的隐藏信息）' : '文件已损坏或无法读取');
  const sheet = parsed.book?.sheets.find((s) => s.name === SHEETS.machine);
  if (!sheet) throw bad('不是本系统的设置文件（缺少系统写入的隐藏信息）');
  const m = readMachine(new Grid(sheet));
  if (m.get('format') === UNIT_FORMAT) throw bad('这是单位报送工作簿，不是设置文件');
  if (m.get('format') !== SETUP_FORMAT) throw bad('不是本系统的设置文件');
  if (Number(m.get('format_version')) > SETUP_FORMAT_VERSION) throw bad('设置文件由更新版本的程序导出，请升级程序后再导入');
  const parts = Number(m.get('payload_parts'));
  if (!Number.isInteger(parts) || parts < 1 || parts > 1000) throw bad('设置数据不完整');
  // Values are read raw (no trimming), so the JSON is exactly what was written.
  const g = new Grid(sheet);
  const raw = new Map<string, string>();
  for (let r = 0; r <= g.maxRow; r++) raw.set(g.text(r, 0).trim(), g.text(r, 1));
  let json = '';
  for (let i = 1; i <= parts; i++) json += raw.get(`payload_${i}`) ?? '';
  if (sha256(json) !== m.get('payload_sha256')) throw bad('设置数据与文件中记录的校验值不一致，文件可能被修改或损坏，请向区局重新索取设置文件');
  let payload: unknown;
  try {
    payload = JSON.parse(json);
  } catch {
    throw bad('设置数据已损坏，无法读取，请向区局重新索取设置文件');
  }
  const checked = payloadSchema.safeParse(payload);
  if (!checked.success) {
    const where = checked.error.issues.slice(0, 3).map((i) => i.path.join('.') || '（整体）').join('、');
    // A task's or a unit's value in words (a target typed as text), where the path says whose; else the format as a whole.
    const first = checked.error.issues[0];
    const said = first ? issueSaid(payload, first) : null;
    throw bad(
      said
        ? `设置数据中${said}，未导入；请区局核对后重新导出设置文件（供技术支持：${where}）`
        : `设置数据不符合本程序的格式（可能由不同版本的程序导出），未导入；请向区局核实所用程序的版本，或重新索取设置文件（供技术支持：${where}）`,
    );
  }
  return { ...(payload as SetupPayload), exportedAt: m.get('exported_at') ?? '', visibleEdits: visibleEdits(payload as SetupPayload, parsed.book?.sheets ?? []) };
}

const FIELD_WORDS: Record<string, string> = { target: '目标', name: '名称', title: '名称', unit: '计量单位', comparator: '比较方式', id: '编号', no: '序号', code: '代码', kind: '类型', role: '牵头/配合', deadline: '截止日期' };
const TYPE_WORDS: Record<string, string> = { number: '数字', string: '文字', boolean: '是或否', array: '列表', object: '一组数据' };

/** A payload check that failed, in words, when its path names a task (its indicator) or a unit: null otherwise. */
function issueSaid(payload: unknown, issue: z.core.$ZodIssue): string | null {
  const path = issue.path;
  const at = (i: number): unknown => path.slice(0, i).reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<PropertyKey, unknown>)[k as PropertyKey] : undefined), payload);
  let whose: string | null = null;
  if (path[0] === 'catalog' && path[1] === 'tasks' && typeof path[2] === 'number') {
    const task = at(3) as { no?: unknown } | undefined;
    whose = `第 ${typeof task?.no === 'number' ? task.no : path[2] + 1} 项任务`;
    if (path[3] === 'indicators' && typeof path[4] === 'number') {
      const ind = at(5) as { id?: unknown } | undefined;
      whose += `的指标${typeof ind?.id === 'string' ? ` ${ind.id} ` : `（第 ${path[4] + 1} 个）`}`;
    }
  } else if (path[0] === 'catalog' && path[1] === 'units' && typeof path[2] === 'number') {
    const unit = at(3) as { name?: unknown } | undefined;
    whose = `单位${typeof unit?.name === 'string' ? `“${unit.name}”` : `（第 ${path[2] + 1} 个）`}`;
  }
  if (whose === null) return null;
  const field = path.at(-1);
  const what = typeof field === 'string' ? (FIELD_WORDS[field] ?? field) : '内容';
  const value = at(path.length);
  const shown = typeof value === 'string' || typeof value === 'number' ? `“${String(value)}”` : '';
  const expected = issue.code === 'invalid_type' ? TYPE_WORDS[issue.expected] : undefined;
  return `${whose}的${what}${shown}${expected ? `不是${expected}：应填${expected}` : '不符合要求'}`;
}

/**
 * The file's data hangs together: unit codes and names unique, every task's
 * responsible units in its unit list, task numbers and indicator ids unique,
 * periods of the file's kind with deadlines not before their end, targets for
 * indicators of the file. (A unit database built from a file that does not
 * could never report: two rows for one task, a period that does not exist.)
 */
function checkPayload(payload: SetupPayload, fileName: string): Set<string> {
  const bad = (message: string): AppError => new AppError('invalid_setup', `“${fileName}”：${message}`);
  const codes = new Set<string>();
  const names = new Set<string>();
  for (const u of payload.catalog.units) {
    if (codes.has(u.code)) throw bad(`单位代码“${u.code}”在单位名单中出现了两次`);
    if (names.has(u.name)) throw bad(`单位名称“${u.name}”在单位名单中出现了两次`);
    codes.add(u.code);
    names.add(u.name);
  }
  const tasks = new Set<number>();
  const indicators = new Set<string>();
  const categories = new Set(payload.catalog.categories.map((c) => c.no));
  for (const t of payload.catalog.tasks) {
    if (tasks.has(t.no)) throw bad(`任务序号 ${t.no} 出现了两次`);
    if (!categories.has(t.category)) throw bad(`第 ${t.no} 项任务所属的类别 ${t.category} 不在类别清单中`);
    tasks.add(t.no);
    for (const u of t.units) if (!codes.has(u.code)) throw bad(`第 ${t.no} 项任务的责任单位代码“${u.code}”不在单位名单中`);
    // Nobody would report it, and nobody could be asked to (督办).
    if (t.units.length === 0 && !t.allTowns) throw bad(`第 ${t.no} 项任务“${t.title}”没有责任单位`);
    for (const ind of t.indicators) {
      if (indicators.has(ind.id)) throw bad(`指标编号 ${ind.id} 出现了两次`);
      indicators.add(ind.id);
    }
  }
  const periods = new Set<string>();
  for (const p of payload.periods) {
    let period: Period;
    try {
      period = parsePeriod(p.period);
    } catch {
      throw bad(`报送周期“${p.period}”不存在`);
    }
    // Another kind's settings (written by an earlier version after the bureau switched kind) are not adopted.
    if (period.kind !== payload.periodKind) continue;
    if (periods.has(period.id)) throw bad(`报送周期“${period.label}”的设置出现了两次`);
    periods.add(period.id);
    if (!isRealIsoDate(p.deadline)) throw bad(`${period.label}的截止日期“${p.deadline}”不存在`);
    if (p.deadline < period.endsOn) throw bad(`${period.label}的截止日期（${formatChineseDate(p.deadline)}）早于周期结束日（${formatChineseDate(period.endsOn)}）`);
  }
  for (const t of payload.targets) if (!indicators.has(t.indicatorId)) throw bad(`下达目标所指的指标 ${t.indicatorId} 不在任务清单中`);
  return codes;
}

/** JSON with every object's keys in order: the same data, the same text, whoever wrote it. */
function sorted(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : x,
  );
}

/**
 * What adopting the file would do to what this database holds. Refused: a
 * file older than the one adopted last (it would undo a revision), a catalog
 * version held already with other content (one version, two plans), tasks
 * renumbered (a task with reports now under another number: every report would
 * move to the task that took its number). Said as warnings: a task reworded in
 * place; reports of tasks a unit is no longer responsible for (kept, no longer
 * shown or exported).
 */
/**
 * The plan schedule after adopting `payload` (`CoreContext.planSchedule`).
 * A unit takes the bureau's from the file. The bureau (or a unit given a
 * file without one) keeps it as it is for the same plan; for a revised plan,
 * the periods not yet ended today go onto it, unless nothing is held yet, when
 * every period does. A first run takes the file's, or none (every period on
 * the plan adopted).
 */
export function nextSchedule(ctx: CoreContext, payload: SetupPayload, initializing: boolean): PlanEntry[] {
  const version = payload.catalog.version;
  // The file's own, when it ends on the plan it carries (a plan revised from a bureau's payload keeps a stale one).
  const fromFile = payload.schedule && payload.schedule.at(-1)?.version === version ? payload.schedule : null;
  if (initializing) return fromFile ?? [];
  if (ctx.role === 'unit' && fromFile) return fromFile;
  const current = ctx.planSchedule();
  const held = ctx.catalog().version;
  if (held === version) return current;
  if (ctx.store.reports.periodsHeld().length === 0) return [{ version, from: PLAN_SINCE_ALWAYS }];
  const today = ctx.today();
  const base = current.length > 0 ? current : [{ version: held, from: PLAN_SINCE_ALWAYS }];
  const kept = base.filter((e) => e.from < today);
  return [...(kept.length > 0 ? kept : [{ version: held, from: PLAN_SINCE_ALWAYS }]), { version, from: today }];
}

/**
 * The plan a period goes onto with `schedule` (ending on the file's plan): the
 * file's, or an earlier one the file carries or this database holds (one
 * neither has is read as the file's, as `CoreContext.catalogFor` reads it).
 */
function planAfter(ctx: CoreContext, payload: SetupPayload, schedule: readonly PlanEntry[], id: string): Catalog {
  const version = payload.catalog.version;
  const after = schedule.length > 0 ? versionInForce(schedule, parsePeriod(id)) : version;
  if (after === null || after === version) return payload.catalog;
  // The one held here first: adopting the file keeps it (catalogs.keep adds only versions not held).
  return ctx.store.catalogs.byVersion(after) ?? payload.plans?.find((p) => p.version === after) ?? payload.catalog;
}

/**
 * The periods holding reports whose plan adopting `schedule` would change,
 * grouped by the plan each is on now and the plan it goes onto: onto the
 * file's plan, and (a unit given the bureau's schedule after a file without
 * one) onto an earlier plan.
 */
function periodsMoved(ctx: CoreContext, payload: SetupPayload, schedule: readonly PlanEntry[]): { from: Catalog; to: Catalog; periods: string[] }[] {
  const moves = new Map<string, { from: Catalog; to: Catalog; periods: string[] }>();
  for (const id of ctx.store.reports.periodsHeld()) {
    if (!isPeriodId(id)) continue;
    const from = ctx.catalogFor(id);
    const to = planAfter(ctx, payload, schedule, id);
    if (from.version === to.version) continue;
    const key = `${from.version}\u0000${to.version}`;
    const move = moves.get(key) ?? { from, to, periods: [] };
    move.periods.push(id);
    moves.set(key, move);
  }
  return [...moves.values()];
}

function checkRevision(ctx: CoreContext, payload: ReadSetup, fileName: string, schedule: readonly PlanEntry[], done: boolean): string[] {
  const bad = (message: string): AppError => new AppError('invalid_setup', `“${fileName}”：${message}`);
  // A time recorded ahead of this computer's clock (before such times counted as now) counts as now. Two files
  // both exported ahead of it (the same wrong clock) are ordered by their own times.
  const now = ctx.nowIso();
  const recorded = ctx.store.meta.get('setup_exported_at');
  const adoptedFrom = recorded && recorded > now ? now : recorded;
  const fileTime = ctx.store.meta.get('setup_exported_as') ?? recorded;
  let older: string | null = null;
  if (payload.exportedAt) {
    if (adoptedFrom && payload.exportedAt < adoptedFrom) older = adoptedFrom;
    else if (fileTime && aheadOf(fileTime, now) && aheadOf(payload.exportedAt, now) && payload.exportedAt < fileTime) older = fileTime;
  }
  if (older) {
    // Within one minute of each other (the file for every unit and a unit's own, made one after the other): to the second.
    const same = formatChineseDateTime(payload.exportedAt) === formatChineseDateTime(older);
    const when = (iso: string): string => `${formatChineseDateTime(iso)}${same ? `:${iso.slice(17, 19)}` : ''}`;
    throw bad(`此设置文件（导出于 ${when(payload.exportedAt)}）早于本机已采用的设置文件（导出于 ${when(older)}），导入会撤销之后的修订，未导入；请使用区局最新下发的设置文件`);
  }
  const held = ctx.catalog();
  const who = ctx.role === 'bureau' ? '请核对此文件的来源，使用本局最新导出的设置文件' : '请向区局核实';
  // Another district's plan (a neighbouring county's file passed on): its units and tasks are not this one's.
  const file = payload.catalog.plan;
  if (file.district.trim() !== held.plan.district.trim()) {
    throw bad(`此设置文件是${file.district}的（${file.title}），本机是${held.plan.district}的（${held.plan.title}）：不是本区的设置文件，未导入；${who}`);
  }
  const planSaid =
    file.title !== held.plan.title || file.issuer !== held.plan.issuer
      ? [`工作方案由“${held.plan.title}”（${held.plan.issuer}）改为“${file.title}”（${file.issuer}）：此后打印的表格和导出的文件用新的方案名称`]
      : [];
  // A plan this database had and replaced (a file exported from a copy made before the revision): going back.
  const replaced = held.version !== payload.catalog.version && ctx.store.catalogs.byVersion(payload.catalog.version) !== null;
  const backSaid = replaced
    ? [`此文件的任务清单“${payload.catalog.version}”是本机此前用过、已由“${held.version}”取代的版本：采用后，未结束的各期将退回按旧的任务清单填报。如${ctx.role === 'bureau' ? '并非有意撤销修订' : '区局并未撤销修订'}，请勿采用，${who}`]
    : [];
  // One version, one plan: the file's plan and the earlier ones its schedule names, each against the one held here by
  // that name (a unit would otherwise keep its own for the periods on it, and count them otherwise than the bureau).
  for (const plan of [payload.catalog, ...(payload.plans ?? []).filter((p) => p.version !== payload.catalog.version)]) {
    const stored = ctx.store.catalogs.json(plan.version);
    if (stored !== null && sorted({ ...(JSON.parse(stored) as object), units: [] }) !== sorted({ ...plan, units: [] })) {
      throw bad(`任务清单版本“${plan.version}”本机已有，但内容与此文件${plan === payload.catalog ? '' : '所附的同名旧版本'}不同：同一版本号不能对应两份任务清单，未导入；${who}`);
    }
  }
  // Only the reports of periods whose plan changes can be moved or relabelled; the others keep the plan they were made
  // on (CoreContext.catalogFor). Checked per pair of plans: most often from the plan in force to the file's; a unit
  // given the bureau's schedule after a file without one may also put periods back onto an earlier plan.
  const heldUnits = ctx.store.units.list(true);
  const moves = periodsMoved(ctx, payload, schedule);
  const pairSaid = moves.flatMap((m) => {
    const said = movedChecks(ctx, m, heldUnits, payload.catalog.units, bad);
    if (m.from === held && m.to === payload.catalog) return said;
    const labels = m.periods.map((id) => parsePeriod(id).label).join('、');
    return [`采用后，${labels}改按任务清单“${m.to.version}”显示、统计和打印（本机原按“${m.from.version}”）`, ...said];
  });
  return [
    ...backSaid,
    ...planSaid,
    ...pairSaid,
    // Units are one list for every period: a code given to another unit moves its reports of every period.
    ...unitChanges(ctx, heldUnits, payload.catalog, ctx.store.reports.countsByUnitTask(), done),
    ...(held.version !== payload.catalog.version ? planDiff(held, payload.catalog, heldUnits, ctx.role === 'unit' ? ctx.ownUnitCode : null) : []),
    ...taskChanges(held, payload.catalog, heldUnits, ctx.role === 'bureau'),
    // Which periods the revision takes, which keep their plan, and files still in the inbox.
    ...(held.version !== payload.catalog.version ? [scheduleSaid(schedule, payload.catalog.version, ctx.role === 'bureau', payload.periodKind)] : []),
    ...approvalsEnded(ctx, payload, schedule, heldUnits),
  ];
}

/**
 * The bureau's approvals (审核通过) that adopting the file would end: of a period whose plan after it gives the unit
 * other tasks than it answered for when approved (status.ts `sameTasks`). A unit's database takes the file's own.
 */
function approvalsEnded(ctx: CoreContext, payload: SetupPayload, schedule: readonly PlanEntry[], heldUnits: readonly Unit[]): string[] {
  if (ctx.role !== 'bureau') return [];
  const units = new Map([...heldUnits, ...payload.catalog.units].map((u) => [u.code, u]));
  const ended = standingApprovals(ctx).filter((a) => {
    const unit = units.get(a.unit);
    if (!unit) return false;
    // Responsible for a period whatever the unit's state now (one deactivated since still counts for the periods before).
    const tasks = planAfter(ctx, payload, schedule, a.period)
      .tasks.filter((t) => t.units.some((r) => r.code === unit.code) || (t.allTowns && unit.kind === 'town'))
      .map((t) => t.no)
      .sort((x, y) => x - y);
    return tasks.join() !== a.tasks.join();
  });
  if (ended.length === 0) return [];
  const named = ended
    .sort((x, y) => x.period.localeCompare(y.period) || (units.get(x.unit)?.sort ?? 0) - (units.get(y.unit)?.sort ?? 0))
    // Named as now, before the file renames anyone.
    .map((a) => `${ctx.at(a.period).named(heldUnits.find((u) => u.code === a.unit) ?? (units.get(a.unit) as Unit)).name}${parsePeriod(a.period).label}（第 ${a.revision} 版）`);
  return [`采用后，以下已审核通过的报送因该单位本期负责的任务有变，回到待审核，需重新审核：${named.join('、')}`];
}

/**
 * The reports of `periods` going from one plan to another: a task renumbered
 * (a task with reports now under another number: every report would move to
 * the task that took its number) is refused on the bureau's database and said
 * on a unit's; said: a task reworded in place (plainly when beyond
 * recognition), indicators changed (`indicatorChanges`), reports of tasks a
 * unit is no longer responsible for.
 */
function movedChecks(
  ctx: CoreContext,
  move: { from: Catalog; to: Catalog; periods: string[] },
  heldUnits: readonly Unit[],
  fileUnits: readonly Unit[],
  bad: (m: string) => AppError,
): string[] {
  const { from, to, periods } = move;
  const counts = ctx.store.reports.countsByUnitTask(periods);
  const newTasks = new Map(to.tasks.map((t) => [t.no, t]));
  const heldTasks = new Map(from.tasks.map((t) => [t.no, t]));
  // A task with reports whose title changed (or whose number is gone while its title is under another one)
  // moved when its title is now under another number, or its number carries another task's title (a task
  // inserted or removed before it renumbers the rest): refused. Reworded in place: adopted and said.
  const numberOf = new Map(to.tasks.map((t) => [squeezed(t.title), t.no]));
  const heldNumberOf = new Map(from.tasks.map((t) => [squeezed(t.title), t.no]));
  const elsewhere = (map: Map<string, number>, title: string, no: number): boolean => {
    const at = map.get(squeezed(title));
    return at !== undefined && at !== no;
  };
  const changed = new Map<number, number>();
  for (const c of counts) {
    const before = heldTasks.get(c.task);
    if (!before) continue;
    const after = newTasks.get(c.task);
    if (after ? squeezed(before.title) !== squeezed(after.title) : elsewhere(numberOf, before.title, c.task)) changed.set(c.task, (changed.get(c.task) ?? 0) + c.reports);
  }
  // A number given to another task altogether (its title shares next to nothing with the one held) is a move too.
  const replaced = (no: number): boolean => newTasks.has(no) && likeness(heldTasks.get(no)!.title, newTasks.get(no)!.title) < SAME_TASK_LIKENESS;
  const renumbered = (no: number): boolean => elsewhere(numberOf, heldTasks.get(no)!.title, no) || (newTasks.has(no) && elsewhere(heldNumberOf, newTasks.get(no)!.title, no));
  const moved = [...changed].filter(([no]) => renumbered(no));
  const movedSaid: string[] = [];
  if (moved.length > 0) {
    const list = moved.map(([no, n]) => `第 ${no} 项在本机为“${heldTasks.get(no)!.title}”，在此文件中${newTasks.has(no) ? `为“${newTasks.get(no)!.title}”` : '没有这一项'}（本机已有 ${n} 条第 ${no} 项的填报内容）`);
    // A unit takes the bureau's plan as it is (the bureau adopted it first): said, so it is not left on the old plan.
    if (ctx.role !== 'bureau') movedSaid.push(`任务重新编号了：${list.join('；')}。本机这些填报内容按序号归于新清单中的任务，请核对后重新填写`);
    else throw bad(`任务重新编号了：${list.join('；')}。填报内容按任务序号保存，会被算到另一项任务名下，未导入；修订任务清单时请保留原序号，新增任务使用新的序号`);
  }
  const said = indicatorChanges(ctx, from, to, periods, bad);
  // A title that shares next to nothing with the one held may be another task given the number (its reports would
  // be filed under it) or a thorough rewording: said plainly, for whoever adopts it to judge in the preview.
  const reworded = [...changed].filter(([no]) => newTasks.has(no) && !moved.some(([m]) => m === no)).map(([no, n]) =>
    replaced(no)
      ? `第 ${no} 项任务名称由“${heldTasks.get(no)!.title}”改为“${newTasks.get(no)!.title}”，两者差别很大：已有的 ${n} 条填报内容将归于新名称下。如这其实是另一项任务，请勿采用（修订任务清单时，新增任务应使用新的序号）`
      : `第 ${no} 项任务名称由“${heldTasks.get(no)!.title}”改为“${newTasks.get(no)!.title}”，已有填报内容仍属于该项`,
  );
  // Responsible before (this database's units) and after (the file's), 各镇(街道) expanded.
  const pairs = (tasks: readonly Task[], units: readonly Unit[]): Set<string> => new Set(tasks.flatMap((t) => unitsOfTask(t, units).map((u) => `${u.code}/${t.no}`)));
  const before = pairs(from.tasks, heldUnits);
  const after = pairs(to.tasks, fileUnits);
  const unitNames = new Map(heldUnits.map((u) => [u.code, u.name]));
  const dropped = counts.filter((c) => before.has(`${c.unit}/${c.task}`) && !after.has(`${c.unit}/${c.task}`));
  return [
    ...movedSaid,
    ...reworded,
    ...said,
    ...(dropped.length === 0
      ? []
      : [`新的任务清单中，以下单位不再负责这些任务，其已有填报内容仍保存在数据库中（修改记录、工作台账和佐证材料包中可查），但不再在填报、汇总和报送文件中显示、统计或导出：${dropped.map((c) => `${unitNames.get(c.unit) ?? c.unit} 第 ${c.task} 项（${c.reports} 条）`).join('、')}`]),
  ];
}

/**
 * Indicators of the revised plan against those held, where values are held
 * (reports keep values by indicator id, and every output reads them through
 * the catalog in force): an id given to another kind of measure (是/否 and a
 * number, or another unit of measure) or to an indicator held under another
 * id is refused; a rename, a new target or an indicator left out is said.
 */
function indicatorChanges(ctx: CoreContext, held: Catalog, next: Catalog, live: readonly string[], bad: (m: string) => AppError): string[] {
  const values = ctx.store.reports.indicatorValueCounts(live);
  if (values.size === 0) return [];
  const of = (c: Catalog) => new Map(c.tasks.flatMap((t) => t.indicators.map((ind) => [ind.id, { ind, task: t.no }] as const)));
  const before = of(held);
  const after = of(next);
  const refused: string[] = [];
  const said: string[] = [];
  const kind = (ind: Indicator): string => (ind.comparator === 'yes' ? '是/否' : '数值');
  // An id the plan held left out, its values kept (not shown): the latest earlier plan that had it says what they measure.
  const earlier = (id: string): { ind: Indicator; task: number } | undefined => {
    for (const v of ctx.store.catalogs.versions().reverse()) {
      const found = ctx.store.catalogs.byVersion(v.version)?.tasks.flatMap((t) => t.indicators.map((ind) => ({ ind, task: t.no }))).find((x) => x.ind.id === id);
      if (found) return found;
    }
    return undefined;
  };
  for (const [id, n] of [...values].sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))) {
    const now = after.get(id);
    // Left out before and listed again (the id given anew): the values held come back under it, so are checked as one kept.
    const was = before.get(id) ?? (now ? earlier(id) : undefined);
    if (!was) continue;
    if (!now) {
      said.push(`指标 ${id}“${was.ind.name}”不在新的任务清单中，已填的 ${n} 个数值仍保存在数据库中，但不再显示、统计或导出`);
      continue;
    }
    const a = was.ind;
    const b = now.ind;
    const heldElsewhere = [...before.values()].find((x) => x.ind.id !== id && squeezed(x.ind.name) === squeezed(b.name));
    if (kind(a) !== kind(b)) refused.push(`指标 ${id} 由${kind(a)}类（“${a.name}”）改为${kind(b)}类（“${b.name}”），已填的 ${n} 个数值无法按新口径判断`);
    else if (a.unit !== b.unit) refused.push(`指标 ${id}“${a.name}”的计量单位由“${a.unit || '无'}”改为“${b.unit || '无'}”（已填 ${n} 个数值）`);
    else if (heldElsewhere) refused.push(`指标 ${id} 在此文件中为“${b.name}”，本机的“${b.name}”是指标 ${heldElsewhere.ind.id}（指标编号对调或重排了；本机已填 ${n} 个指标 ${id} 的数值）`);
    else if (squeezed(a.name) !== squeezed(b.name)) said.push(`指标 ${id} 名称由“${a.name}”改为“${b.name}”：按新清单的各期已填的 ${n} 个数值按新名称显示、按新目标判断；如统计口径已变，请为新指标使用新的编号`);
    else if (describeTarget(a) !== describeTarget(b)) said.push(`指标 ${id}“${a.name}”的目标由“${targetInSentence(a)}”改为“${targetInSentence(b)}”：按新清单的各期已填的数值按新目标判断是否达标`);
  }
  if (refused.length > 0) {
    // A unit takes the bureau's plan as it is (the bureau was asked first): said, not refused, so it is not left on the old plan.
    if (ctx.role !== 'bureau') return [...refused.map((r) => `${r}：已填的数值按新口径显示，请核对后重新填写`), ...said];
    throw bad(`${refused.join('；')}。数值按指标编号保存，会被算到另一个指标或口径名下，未导入；修订任务清单时，口径不同的指标请使用新的编号`);
  }
  return said;
}

/**
 * The revised plan's units against this database's: a code that names
 * another unit here (a unit added here took a code the file gives to another)
 * is refused when that unit has reports; a rename, units added and units the
 * file leaves out (deactivated on adoption) are said: as to come in the preview, as done once adopted (`done`).
 */
function unitChanges(ctx: CoreContext, heldUnits: readonly Unit[], next: Catalog, counts: { unit: string; reports: number }[], done: boolean): string[] {
  const reports = new Map<string, number>();
  for (const c of counts) reports.set(c.unit, (reports.get(c.unit) ?? 0) + c.reports);
  const inFile = new Map(next.units.map((u) => [u.code, u]));
  const here = new Map(heldUnits.map((u) => [u.code, u]));
  const clashes: string[] = [];
  const renamed: string[] = [];
  for (const u of heldUnits) {
    const f = inFile.get(u.code);
    if (!f || canonicalUnitName(f.name) === canonicalUnitName(u.name)) continue;
    const n = reports.get(u.code) ?? 0;
    if (n > 0 && likeness(u.name, f.name) < SAME_TASK_LIKENESS) clashes.push(`单位代码 ${u.code} 在本机为“${u.name}”（已有 ${n} 条填报内容），在此文件中为“${f.name}”`);
    else renamed.push(`“${u.name}”改名为“${f.name}”`);
  }
  // A thorough rename (机构改革) or another unit given the code (one added here took the code the file gives to
  // another): said plainly, for whoever adopts it to judge in the preview.
  const clash = clashes.length > 0 ? [`${clashes.join('；')}：填报内容按单位代码保存，将归于新名称下${ctx.role === 'bureau' ? '（截止日期在今天之前的报送周期仍显示原名称）' : ''}。如二者不是同一单位（本机新增的单位可能与文件中的新增单位用了同一代码），请勿采用，先核对单位名单`] : [];
  const leaving = heldUnits.filter((u) => u.active && (!inFile.has(u.code) || inFile.get(u.code)!.active === false));
  const added = next.units.filter((u) => u.active && !here.get(u.code)?.active);
  return [
    ...clash,
    ...(renamed.length > 0 ? [`单位改名：${renamed.join('、')}${ctx.role === 'bureau' ? '（截止日期在今天之前的报送周期仍用原名称）' : ''}`] : []),
    ...(added.length > 0 ? [`新增（或重新启用）单位：${added.map((u) => u.name).join('、')}`] : []),
    ...(leaving.length > 0 ? [`以下单位${ctx.role === 'bureau' ? '' : '在区局的名单中'}${done ? '已' : '将'}停用（其已有填报内容仍保存）：${leaving.map((u) => u.name).join('、')}`] : []),
  ];
}

/** Which periods a revision puts on its plan, in words. */
function scheduleSaid(schedule: readonly PlanEntry[], version: string, bureau: boolean, kind: PeriodKind): string {
  const from = schedule.at(-1)?.version === version ? (schedule.at(-1)?.from ?? PLAN_SINCE_ALWAYS) : PLAN_SINCE_ALWAYS;
  const inbox = bureau ? '按新清单的周期中，按原清单填写的报送文件，该单位负责的任务或指标有变的，此后导入时将被拒收：已收到的请先导入。' : '';
  if (from === PLAN_SINCE_ALWAYS) return `采用后，各报送周期都按新的任务清单（${version}）填报、统计和打印。${inbox}`;
  // Named as the bureau thinks of them: the first period on the new plan (the one ending on or after `from`) and the one before.
  const first = periodContaining(kind, from);
  // The bureau takes corrections of earlier periods on their plan; a unit fills them in on it.
  const earlier = bureau ? '仍按各自原来的清单显示、统计和打印，其更正文件仍按原来的清单接收' : '仍按各自原来的清单填报和打印（更正这些周期也按原来的清单）';
  return `采用后，${first.label}起（${formatChineseDate(from)}及以后结束的报送周期）按新的任务清单（${version}）填报、统计和打印；${previousPeriod(first).label}及以前各期${earlier}。${inbox}`;
}

/** A file exported more than this far ahead of this computer's clock: one of the clocks is wrong. */
const CLOCK_SLACK_MS = 24 * 60 * 60 * 1000;
const aheadOf = (time: string, now: string): boolean => Date.parse(time) - Date.parse(now) > CLOCK_SLACK_MS;

interface Assessed {
  codes: Set<string>;
  initializing: boolean;
  chosen: Unit | null;
  previous: string | null;
  /** When the file counts as exported: its own time, or now when that lies ahead of this computer's clock. */
  exportedAt: string;
  warnings: string[];
  /** The plan schedule to store (`nextSchedule`). */
  schedule: PlanEntry[];
}

/**
 * A file of another period kind than this database's. The bureau switches kind in 设置 only (a switch recorded, the
 * periods owed before kept): a revised plan loaded from a file keeps the bureau's kind, and says so. A unit takes the
 * bureau's switch, said with what it means (the period still owed, the one dropped, the first of the new kind).
 */
function kindSaid(ctx: CoreContext, payload: SetupPayload): string[] {
  const here = ctx.periodKind;
  const there = payload.periodKind;
  if (here === there) return [];
  if (ctx.role === 'bureau') {
    return [`此文件按${PERIOD_KIND_LABELS[there]}报送，本局现按${PERIOD_KIND_LABELS[here]}：报送周期不随此文件改变，仍按${PERIOD_KIND_LABELS[here]}；如需更改，请在“设置”中点“更改报送周期”`];
  }
  const switched = payload.kindSwitches?.filter((s) => s.after === there).at(-1);
  // The bureau never switched (the file says so): this database was set up on another kind than the bureau's.
  if (payload.kindSwitches && !switched) return [`本机报送周期由${PERIOD_KIND_LABELS[here]}改为与区局一致的${PERIOD_KIND_LABELS[there]}（区局一直按${PERIOD_KIND_LABELS[there]}收取，本机首次使用时选择了${PERIOD_KIND_LABELS[here]}）`];
  const day = switched ? chinaDate(switched.at) : ctx.today();
  return [`区局已将报送周期由${PERIOD_KIND_LABELS[here]}改为${PERIOD_KIND_LABELS[there]}（${formatChineseDate(day)}起）：${kindSwitchSaid(here, there, day, ctx.kindSpans())}`];
}

/** The first period the file's 起报周期 and switches of kind ask for (`firstAsked`), as a unit adopting it will owe. */
function firstOfFile(payload: SetupPayload): Period | null {
  if (payload.owedFrom === undefined) return null;
  return firstAsked(kindSpansOf(payload.periodKind, payload.kindSwitches ?? [], payload.owedFrom), payload.owedFrom) ?? periodContaining(payload.periodKind, payload.owedFrom);
}

/** A unit told the bureau's 起报周期 when it moves: which periods it no longer owes, or owes again. */
function owedSaid(ctx: CoreContext, payload: SetupPayload): string[] {
  if (ctx.role !== 'unit' || payload.owedFrom === undefined || payload.owedFrom === ctx.owedFrom) return [];
  const was = ctx.firstOwed();
  const now = firstOfFile(payload);
  if (now === null) return was === null ? [] : [`区局要求报送各期：本机原从${was.label}起报送，此前各期现也要求报送`];
  if (was !== null && was.id === now.id) return [];
  // Owed again: the run between, where both are of one kind (else from the new first on).
  const again = was === null || was.startsOn <= now.startsOn ? '' : was.kind === now.kind ? `${periodsFromTo(now, previousPeriod(was))}现也要求报送` : `${now.label}起各期现也要求报送`;
  return [`区局设定的起报周期为${now.label}：${now.label}以前结束的各期不要求报送${again ? `（本机原从${was!.label}起报送，${again}）` : ''}`];
}

/**
 * Every check of adopting `payload` into this database, writing nothing: the
 * preview shows what the import would do (or why it would refuse), the import
 * does it.
 */
function assess(ctx: CoreContext, payload: ReadSetup, fileName: string, unit: string | undefined, preview: boolean): Assessed {
  const { catalog } = payload;
  const codes = checkPayload(payload, fileName);
  const initializing = !ctx.initialized;
  if (initializing && !unit && !preview) throw new AppError(ERROR_CODES.notInitialized, '数据库尚未初始化：从设置文件开始使用时，请选择本单位');
  const chosen = unit === undefined ? null : unitInFile(payload, unit, fileName);
  if (!initializing && chosen && (ctx.role !== 'unit' || ctx.ownUnitCode !== chosen.code)) {
    throw new AppError(ERROR_CODES.alreadyInitialized, '数据库已初始化，不能再用设置文件改为其他单位或角色');
  }
  const own = ctx.ownUnitCode;
  // A file made for one unit (its 退回 with their reasons) is that unit's: another would take its numbering and none of its own returns.
  const meant = payload.for === undefined ? null : (catalog.units.find((u) => u.code === payload.for)?.name ?? payload.for);
  const taker = chosen?.code ?? (ctx.role === 'unit' ? own : null);
  if (meant !== null && taker !== null && taker !== payload.for) {
    throw new AppError('invalid_setup', `“${fileName}”是区局发给“${meant}”的设置文件（含该单位的退回原因、审核备注和督办单），不是本单位的；请使用区局发给本单位或各单位的设置文件`);
  }
  if (ctx.role === 'unit' && own && !codes.has(own)) throw new AppError('invalid_setup', `“${fileName}”：设置文件的单位名单中没有本单位（${own}）`);
  // A name the file gives to one unit while a unit it leaves out (kept here, deactivated) still goes by it.
  const fileNames = new Map(catalog.units.map((u) => [canonicalUnitName(u.name), u]));
  for (const h of ctx.store.units.list(true)) {
    const taker = codes.has(h.code) ? undefined : fileNames.get(canonicalUnitName(h.name));
    if (taker) {
      throw new AppError('invalid_setup', `“${fileName}”：单位名称“${taker.name}”在此文件中属于代码 ${taker.code}，而本机代码 ${h.code} 的单位也叫这个名称、此文件中却没有它；请区局核对单位名单后重新导出`);
    }
  }
  if (ctx.role === 'unit' && own && catalog.units.find((u) => u.code === own)?.active === false) {
    throw new AppError('invalid_setup', `“${fileName}”：设置文件中本单位（${own}）已停用，导入后本机将无法填报，未导入；请向区局核实`);
  }
  // A bureau clock set ahead would make every later file look older than this one: a time ahead of ours counts as now.
  const now = ctx.nowIso();
  const ahead = payload.exportedAt !== '' && aheadOf(payload.exportedAt, now);
  const exportedAt = payload.exportedAt !== '' && payload.exportedAt > now ? now : payload.exportedAt;
  const schedule = nextSchedule(ctx, payload, initializing);
  return {
    schedule,
    codes,
    initializing,
    chosen,
    previous: initializing ? null : ctx.catalog().version,
    exportedAt,
    warnings: [
      ...(initializing ? [] : kindSaid(ctx, payload)),
      ...(initializing ? [] : owedSaid(ctx, payload)),
      ...(initializing ? [] : checkRevision(ctx, payload, fileName, schedule, !preview)),
      ...(ahead ? [`此文件的导出时间（${formatChineseDateTime(payload.exportedAt)}）晚于本机当前时间（${formatChineseDateTime(now)}），区局或本机的时钟可能不准；本机按当前时间记录它的导出时间`] : []),
      ...(payload.visibleEdits ? [payload.visibleEdits] : []),
    ],
  };
}

/**
 * What the workbook holds, writing nothing: for the first-run screen (pick
 * the unit from it) and, on a database in use, what adopting it would do
 * (its warnings; a file that would be refused is refused here too).
 */
export async function previewSetup(ctx: CoreContext, data: Uint8Array, fileName: string): Promise<SetupPreview> {
  const payload = await readSetupWorkbook(data, fileName);
  const a = assess(ctx, payload, fileName, undefined, true);
  const { catalog } = payload;
  return {
    fileName,
    catalogVersion: catalog.version,
    currentCatalogVersion: a.previous,
    planTitle: catalog.plan.title,
    periodKind: payload.periodKind,
    tasks: catalog.tasks.length,
    units: catalog.units.filter((u) => u.active).sort((a, b) => a.sort - b.sort || a.code.localeCompare(b.code)),
    warnings: a.warnings,
    forUnit: payload.for ?? null,
    // A unit's own (a file made for another is refused at adoption); before the first run, the unit the file is for.
    told: toldToUnit(payload, ctx.role === 'unit' ? ctx.ownUnitCode : ctx.initialized ? null : (payload.for ?? null), ctx.role === 'unit' ? ctx.store.notices.list() : []),
  };
}

/**
 * What the file tells a unit of its own: submissions sent back (退回) or approved (审核通过), and 督办单 awaiting its
 * answer, in words (the reason, note and notice's texts when the file is the unit's own). What the clerk adopted it
 * for, said when it is previewed and once adopted: the desk shows each on its period.
 */
export function toldToUnit(payload: SetupPayload, unit: string | null, heldNotices: readonly Notice[] = []): string[] {
  if (unit === null) return [];
  const label = (period: string): string => (isPeriodId(period) ? parsePeriod(period).label : period);
  const tasks = (t: readonly number[]): string => (t.length > 0 ? `（第 ${t.join('、')} 项任务）` : '');
  return [
    ...(payload.returns ?? [])
      .filter((r) => r.unit === unit)
      .map((r) => `${label(r.period)}的报送（第 ${r.revision} 版）已被区局退回${tasks(r.tasks)}${r.reason === REASON_IN_OWN_FILE ? '' : `：${unstopped(r.reason)}`}；请按退回原因修改后重新导出报送文件`),
    ...(payload.approvals ?? []).filter((a) => a.unit === unit).map((a) => `${label(a.period)}的报送（第 ${a.revision} 版）已审核通过${a.paper ? '' : '，区局尚未收到盖章的纸质填报表'}`),
    ...(payload.notices ?? [])
      .filter((n) => n.unit === unit && n.voidedAt === null && n.answeredOn === null)
      .map((n) => `督办单 ${noticeNumber(payload.catalog.plan, n)}：${n.matter}，办理时限 ${formatChineseDate(n.dueOn)}`),
    // Those the desk listed as awaiting an answer and the bureau has settled since: said, not just gone from the desk.
    ...(payload.notices ?? []).flatMap((n) => {
      const was = heldNotices.find((h) => h.id === n.id);
      if (n.unit !== unit || !was || was.voidedAt !== null || was.answeredOn !== null) return [];
      const number = noticeNumber(payload.catalog.plan, n);
      if (n.voidedAt !== null) return [`督办单 ${number} 已由区局作废，无需再办理`];
      return n.answeredOn !== null ? [`督办单 ${number}：区局已于${formatChineseDate(n.answeredOn)}登记反馈`] : [];
    }),
  ];
}

/** The file's unit for a reference (code, or name with stray spaces and full-width brackets forgiven). */
function unitInFile(payload: SetupPayload, ref: string, fileName: string): Unit {
  const want = canonicalUnitName(ref);
  const found = payload.catalog.units.find((u) => u.code === ref.trim()) ?? payload.catalog.units.find((u) => canonicalUnitName(u.name) === want);
  if (!found) throw new AppError(ERROR_CODES.unknownUnit, `“${fileName}”：设置文件的单位名单中没有“${ref}”`);
  if (!found.active) throw new AppError(ERROR_CODES.unknownUnit, `“${fileName}”：单位“${found.name}”在设置文件中已停用`);
  return found;
}

/**
 * Adopts a set-up workbook: catalog version, units, period kind and settings,
 * assigned targets. With `unit` on an empty database, also makes it that
 * unit's database (role, own unit), all in the same transaction.
 */
export async function importSetup(ctx: CoreContext, data: Uint8Array, fileName: string, unit?: string): Promise<SetupImportResult> {
  const payload = await readSetupWorkbook(data, fileName);
  const { catalog } = payload;
  const { codes, initializing, chosen, previous, exportedAt, warnings, schedule } = assess(ctx, payload, fileName, unit, false);
  // What the file tells the unit, against what its desk showed before (a notice settled since is said so).
  const told = toldToUnit(payload, ctx.role === 'unit' ? ctx.ownUnitCode : initializing && chosen ? chosen.code : null, ctx.role === 'unit' ? ctx.store.notices.list() : []);
  try {
    ctx.store.tx(() => {
      // Checked again inside the transaction: two first runs must not both set up the database.
      if (initializing && ctx.initialized) throw new AppError(ERROR_CODES.alreadyInitialized, '数据库已初始化');
      // The bureau deactivating a unit by its revised plan: now. A unit's database is told of units the bureau
      // deactivated at some time the file does not say: none recorded (they count where they hold reports: nowhere here).
      const at = ctx.role === 'bureau' ? ctx.nowIso() : null;
      // Earlier names: the bureau renaming units by its revised plan keeps them from now; a unit's database takes the
      // bureau's record as it is (what it named units itself, the defaults of its first run, were never theirs).
      const bureau = ctx.role === 'bureau' && !initializing;
      // Names in two steps: a name the file moves from one unit to another (two units swapping names) would otherwise
      // clash with the other's, which must be unique. Each renamed unit first goes by a name no unit has.
      const held = new Map(ctx.store.units.list(true).map((u) => [u.code, u]));
      for (const u of catalog.units) {
        const was = held.get(u.code);
        if (!was || was.name === u.name) continue;
        if (bureau) ctx.store.units.recordRename(u.code, was.name, ctx.nowIso());
        ctx.store.units.setName(u.code, `\u0001${u.code}`);
      }
      for (const u of ctx.store.units.list(true)) if (!codes.has(u.code)) ctx.store.units.upsert({ ...u, active: false }, at, null);
      for (const u of catalog.units) ctx.store.units.upsert(u, at, null);
      if (!bureau && payload.renames) ctx.store.units.replaceRenames(payload.renames.filter((r) => codes.has(r.code)));
      // Earlier plans the schedule names, for a database that never held them (a unit set up anew, one that missed a revision).
      for (const plan of payload.plans ?? []) if (plan.version !== catalog.version) ctx.store.catalogs.keep(plan, ctx.nowIso());
      ctx.store.catalogs.adopt(catalog, ctx.nowIso());
      // The bureau revising its plan: kept in 设置变更记录 (a unit's database follows the bureau's).
      if (bureau && previous !== null) ctx.store.settingsChanges.record({ at: ctx.nowIso(), kind: 'catalog', subject: '', before: previous, after: catalog.version });
      if (schedule.length > 0) ctx.store.meta.set(PLAN_SCHEDULE, JSON.stringify(schedule));
      // What follows (the unit's returns by its tasks) reads the plan just adopted.
      ctx.invalidateCatalog();
      // Another kind of period from now on (the bureau switched to 月报): kept as the bureau keeps its switch, so the
      // period still due on the kind before (last quarter) can still be filled in and exported.
      // The bureau's switches of period kind (its file says when): a unit owes the periods the bureau does. A file of
      // an earlier version says none: the switch is dated the day this one is adopted.
      if (ctx.role === 'unit' || initializing) {
        if (payload.kindSwitches) ctx.store.settingsChanges.replaceKindSwitches(payload.kindSwitches);
        else if (!initializing && ctx.periodKind !== payload.periodKind) {
          ctx.store.settingsChanges.record({ at: ctx.nowIso(), kind: 'period_kind', subject: '', before: ctx.periodKind, after: payload.periodKind });
        }
      }
      // The bureau's 起报周期 (a unit owes what the bureau does); the bureau's own stays (it is set in 设置 only).
      if ((ctx.role === 'unit' || initializing) && payload.owedFrom !== undefined) ctx.store.meta.set(OWED_FROM, payload.owedFrom);
      // The bureau's own kind stays (kindSaid): it is switched in 设置 only.
      if (!bureau) ctx.store.meta.set('period_kind', payload.periodKind);
      // A bureau loading a revised plan keeps its own deadlines and closed periods (the file's are its own, perhaps
      // older); a unit takes the bureau's.
      const owed = ctx.kindSpans();
      for (const p of payload.periods) {
        if (!isPeriodId(p.period) || !ctx.asked(parsePeriod(p.period), owed)) continue;
        if (ctx.role === 'bureau' && !initializing && ctx.store.periods.get(p.period)) continue;
        ctx.store.periods.set(p);
      }
      // A unit holds the bureau's targets as the file lists them (one the bureau took back goes); a bureau loading a
      // revised plan keeps its own and takes the file's beside them.
      // Only of indicators of the plan in force (the file lists those): an earlier plan's, for periods still on it, stay.
      if (ctx.role !== 'bureau') {
        const listed = new Set(payload.targets.map((t) => `${t.indicatorId}/${t.year}`));
        const inForce = new Set(payload.catalog.tasks.flatMap((t) => t.indicators.map((i) => i.id)));
        for (const t of ctx.store.targets.all()) if (inForce.has(t.indicatorId) && !listed.has(`${t.indicatorId}/${t.year}`)) ctx.store.targets.remove(t.indicatorId, t.year);
      }
      for (const t of payload.targets) ctx.store.targets.set(t.indicatorId, t.year, t.target);
      if (exportedAt) ctx.store.meta.set('setup_exported_at', exportedAt);
      // The file's own time too: a later file from the same clock set ahead is ordered by it.
      if (payload.exportedAt) ctx.store.meta.set('setup_exported_as', payload.exportedAt);
      if (initializing && chosen) {
        ctx.store.meta.set('created_at', ctx.nowIso());
        ctx.store.meta.set('unit', chosen.code);
        ctx.store.meta.set('role', 'unit');
        if (ctx.store.meta.get(DATABASE_ID) === null) ctx.store.meta.set(DATABASE_ID, ctx.newId());
      }
      // A unit learns of its own submissions sent back (退回), as the bureau's file says them now: one withdrawn
      // or answered since is no longer in it. A bureau's own returns are its own (a revised plan says nothing of them).
      const own = ctx.role === 'unit' ? ctx.ownUnitCode : null;
      // The revisions the bureau holds of this unit's submissions: its next export of a period is numbered above them.
      if (own && payload.held) {
        const mine = Object.fromEntries(payload.held.filter((h) => h.unit === own).map((h) => [h.period, h.revision]));
        ctx.store.meta.set(HELD_REVISIONS, JSON.stringify(mine));
      }
      if (own && payload.returns) {
        // The tasks named are of the return's period, on the plan that period is on (the schedule just adopted).
        const mine = (period: string): Set<number> => new Set(ctx.at(period).tasksOf(own).map((t) => t.task.no));
        // A file for every unit says no reason (REASON_IN_OWN_FILE): one learnt from the unit's own file is kept.
        ctx.store.returns.replaceFor(
          REASON_IN_OWN_FILE,
          own,
          payload.returns
            .filter((r) => r.unit === own && ctx.asked(parsePeriod(r.period), owed))
            .map((r) => {
              const tasks = mine(r.period);
              return { ...r, tasks: r.tasks.filter((t) => tasks.has(t)), id: ctx.newId(), toldRevision: ctx.store.submissions.maxRevision(own, r.period) };
            }),
        );
      }
      if (own && payload.notices) ctx.store.notices.replaceFor(own, NOTICE_TEXT_IN_OWN_FILE, payload.notices.filter((n) => n.unit === own));
      if (own && payload.approvals) {
        // As for returns: a file for every unit gives no note (NOTE_IN_OWN_FILE); one learnt from the unit's own file is kept.
        ctx.store.approvals.replaceFor(
          NOTE_IN_OWN_FILE,
          own,
          payload.approvals
            .filter((a) => a.unit === own && ctx.asked(parsePeriod(a.period), owed))
            .map((a) => ({ ...a, id: ctx.newId() })),
        );
      }
    });
  } finally {
    ctx.invalidateCatalog();
  }
  return { catalogVersion: catalog.version, previousCatalogVersion: previous, units: catalog.units.filter((u) => u.active).length, periodKind: ctx.periodKind, warnings, told };
}
