/**
 * Reads a parsed unit workbook (or filled template) into WorkbookContent,
 * checking it against the catalog, the units and the periods held. Every
 * problem found is reported with its sheet, row and column; nothing throws.
 */
import type { Indicator, Task, Unit } from '../../../shared/catalog/types';
import type { ErrorDetail } from '../../../shared/errors';
import { addDays, askedIn, CHINA_OFFSET_MS, type KindSpan, chinaDate, formatChineseDate, formatChineseDateTime, PERIOD_KIND_LABELS, parsePeriod, periodContaining, versionInForce, type Period, type PeriodKind, type PlanEntry } from '../../../shared/period';
import { checkIndicatorValue, DEMO_MARK, LIMITS, percentAsFraction, PHONE_PATTERN, PHONE_RULE, STATUSES, statusPercentDisagree, type IndicatorValue, type Status } from '../../../shared/report';
import { asOneLine, canonicalUnitName, numberTyped, squeezed } from '../../../shared/text';
import { safeFileName } from '../../../shared/file-name';
import { contentHash, machineSeal, normalizeText, partHashes, readParts, TEXT_PARTS, type EvidenceEntry, type TaskEntry, type WorkbookContent } from './content';
import {
  COVER_LABELS,
  EVIDENCE_HEADERS,
  INDICATOR_HEADERS,
  isEvidenceNote,
  indicatorInput,
  isSignOff,
  normalizeHeader,
  PROGRESS_HEADERS,
  SHEETS,
  UNIT_FORMAT,
  UNIT_FORMAT_VERSION,
  SETUP_FORMAT,
  WRITER_APPLICATION,
  type WorkbookKind,
} from './format';
import { aliasedSheetKey } from './fast-xlsx.mjs';
import { colName, Grid, type Cell } from './grid';
import type { Drawn, RawBook } from './parse-pool';
import { readMachine } from './read-machine';

export interface UnitWorkbookMeta {
  kind: WorkbookKind;
  uuid: string;
  unit: Unit;
  period: Period;
  revision: number;
  catalogVersion: string;
  claimedHash: string;
  exportedAt: string;
  /** The exporting database's id, '' when the file does not say (a template, a file of an earlier version). */
  databaseId: string;
  /** The unit's name as the machine sheet gives it (the database that made the file named it so). */
  unitNamed: string;
  /** Made on another plan than the period's, whose tasks and indicators for this unit are the same: said, and taken. */
  otherPlan?: string;
}

export type ReadOutcome =
  | { ok: true; meta: UnitWorkbookMeta; content: WorkbookContent; hash: string; modified: boolean; sentAt: string | null; warnings: string[] }
  | { ok: false; errors: ErrorDetail[]; unit: Unit | null; period: string | null; revision: number | null };

/**
 * What reading a workbook needs to know of the database, as plain data: the
 * import's parser workers each hold a copy (see parse-worker.ts), so files are
 * read and checked off the main thread.
 */
export interface ReadEnvData {
  /** Every unit, inactive ones too. */
  units: Unit[];
  /** Unit code → the names it went by before it was renamed, oldest first (a workbook of an earlier name is still the unit's). */
  formerNames?: Record<string, string[]>;
  periodKind: PeriodKind;
  /** The kinds in use and when (`CoreContext.kindSpans`): a period of the kind before a switch, still due then, is taken. */
  kindSpans?: KindSpan[];
  /** 起报 (`CoreContext.owedFrom`): a file of a period that ended before this day is refused (nobody owes it). */
  owedFrom?: string;
  /** The first period owed, by name (`CoreContext.firstOwed`: after a switch of kind, of the kind then in use). */
  firstOwedLabel?: string;
  closedPeriods: string[];
  /** YYYY-MM-DD, China time. */
  today: string;
  catalogVersion: string;
  /** Every catalog version this database has adopted (a workbook of another is of a plan it has not seen). */
  catalogVersions?: string[];
  /** The catalog's tasks (without their unit lists). */
  tasks: Task[];
  /** Unit code → the numbers of its tasks, in catalog order. */
  tasksByUnit: Record<string, number[]>;
  /** Unit code → the numbers of the tasks it leads (reports the indicators of). */
  leadsByUnit?: Record<string, number[]>;
  /**
   * The database's earlier catalogs, when it has adopted a revised plan: a
   * workbook of a period on an earlier plan (`versionInForce` over
   * `schedule`) is read against that plan.
   */
  past?: { version: string; tasks: Task[]; tasksByUnit: Record<string, number[]>; leadsByUnit?: Record<string, number[]> }[];
  schedule?: PlanEntry[];
}

/** The plan a workbook of a period is read against. */
export interface PlanOf {
  catalogVersion: string;
  tasksOf(unitCode: string): Task[];
  /** The numbers of the tasks the unit leads under this plan (null: not known). */
  leadsOf(unitCode: string): number[] | null;
}

export class ReadEnv {
  private readonly byCode: Map<string, Unit>;
  private readonly byName: Map<string, Unit>;
  private readonly byFormerName: Map<string, Unit>;
  private readonly tasks: Map<number, Task>;
  private readonly closed: Set<string>;

  constructor(readonly data: ReadEnvData) {
    this.byCode = new Map(data.units.map((u) => [u.code, u]));
    this.byName = new Map();
    for (const u of data.units) if (!this.byName.has(canonicalUnitName(u.name))) this.byName.set(canonicalUnitName(u.name), u);
    // A name no unit goes by now: the unit that went by it last.
    this.byFormerName = new Map();
    for (const [code, names] of Object.entries(data.formerNames ?? {})) {
      const u = this.byCode.get(code);
      if (u) for (const n of names) if (!this.byName.has(canonicalUnitName(n))) this.byFormerName.set(canonicalUnitName(n), u);
    }
    this.tasks = new Map(data.tasks.map((t) => [t.no, t]));
    this.closed = new Set(data.closedPeriods);
  }

  unit(code: string, name: string): Unit | null {
    return this.byCode.get(code) ?? this.byName.get(canonicalUnitName(name)) ?? this.byFormerName.get(canonicalUnitName(name)) ?? null;
  }

  /** Whether `name` is what another unit goes by now. */
  namesAnother(u: Unit, name: string): boolean {
    const other = this.byName.get(canonicalUnitName(name));
    return other !== undefined && other !== u;
  }

  /** The names a unit goes and went by: its cover may say any of them. */
  namesOf(u: Unit): string[] {
    return [u.name, ...(this.data.formerNames?.[u.code] ?? [])];
  }

  isClosed(period: string): boolean {
    return this.closed.has(period);
  }

  tasksOf(unitCode: string): Task[] {
    return (this.data.tasksByUnit[unitCode] ?? []).map((no) => this.tasks.get(no)).filter((t): t is Task => t !== undefined);
  }

  private readonly plans = new Map<string, PlanOf>();

  /**
   * Whether a unit answers for the same under plan `version` (one this database has adopted) as under `plan`: the same
   * task numbers, each with the same title (punctuation and spaces aside) and the same indicators (id, name, kind of
   * measure, unit of measure). Targets may differ: a workbook does not carry them.
   */
  sameForUnit(version: string, plan: PlanOf, unitCode: string): boolean {
    const then = version === this.data.catalogVersion ? { tasks: this.data.tasks, tasksByUnit: this.data.tasksByUnit, leadsByUnit: this.data.leadsByUnit } : this.data.past?.find((p) => p.version === version);
    if (!then) return false;
    // Who reports the indicators: a supporting unit made lead (or the reverse) answers for other things now.
    const key = (xs: readonly number[]): string => [...xs].sort((x, y) => x - y).join();
    const ledThen = then.leadsByUnit ? (then.leadsByUnit[unitCode] ?? []) : null;
    const ledNow = plan.leadsOf(unitCode);
    if (ledThen === null || ledNow === null || key(ledThen) !== key(ledNow)) return false;
    const byNo = new Map(then.tasks.map((t) => [t.no, t]));
    const before = (then.tasksByUnit[unitCode] ?? []).map((no) => byNo.get(no));
    const now = plan.tasksOf(unitCode);
    const kind = (i: Indicator): string => `${i.id}|${squeezed(i.name)}|${i.comparator === 'yes' ? 'yes' : 'number'}|${i.unit}`;
    return (
      before.length === now.length &&
      now.length > 0 &&
      now.every((t, n) => {
        const b = before[n];
        return b !== undefined && b.no === t.no && squeezed(b.title) === squeezed(t.title) && b.indicators.map(kind).join() === t.indicators.map(kind).join();
      })
    );
  }

  /** The plan in force for a period (the active one unless a revision came after the period was due). */
  planFor(period: Period): PlanOf {
    const { past, schedule } = this.data;
    const active: PlanOf = { catalogVersion: this.data.catalogVersion, tasksOf: (u) => this.tasksOf(u), leadsOf: (u) => (this.data.leadsByUnit ? (this.data.leadsByUnit[u] ?? []) : null) };
    if (!past || past.length === 0 || !schedule) return active;
    const version = versionInForce(schedule, period);
    const then = past.find((p) => p.version === version);
    if (!then) return active;
    let plan = this.plans.get(then.version);
    if (!plan) {
      const byNo = new Map(then.tasks.map((t) => [t.no, t]));
      plan = {
        catalogVersion: then.version,
        tasksOf: (u) => (then.tasksByUnit[u] ?? []).map((no) => byNo.get(no)).filter((t): t is Task => t !== undefined),
        leadsOf: (u) => (then.leadsByUnit ? (then.leadsByUnit[u] ?? []) : null),
      };
      this.plans.set(then.version, plan);
    }
    return plan;
  }
}


class Problems {
  readonly list: ErrorDetail[] = [];
  add(sheet: string, row: number | undefined, col: number | undefined, message: string): void {
    this.list.push({
      sheet,
      ...(row !== undefined ? { row: row + 1 } : {}),
      ...(col !== undefined ? { column: colName(col) } : {}),
      message,
    });
  }
}

/**
 * A merged area that reaches from the header row into the rows below (the
 * header's text would be read as entries: a merged area shows its top-left
 * value on every row), or two areas that overlap. Said at the area, and the
 * sheet's rows are not read.
 */
function headerMergedIntoData(g: Grid, headRow: number, sheet: string, p: Problems): boolean {
  const merges = g.sheet.merges ?? [];
  const ref = ([r0, c0, r1, c1]: readonly number[]): string => `${colName(c0 as number)}${(r0 as number) + 1}:${colName(c1 as number)}${(r1 as number) + 1}`;
  const m = merges.find(([r0, , r1]) => r0 <= headRow && r1 > headRow);
  if (m) {
    p.add(sheet, headRow, m[1], `表头行的合并单元格（${ref(m)}）延伸到了下面的填写行，表头文字会被当作填写内容：请该单位取消这一合并后重新报送`);
    return true;
  }
  // Overlapping areas (Excel calls the file damaged): which one a cell shows would depend on their order in the file.
  const sorted = [...merges].sort((x, y) => x[0] - y[0]);
  for (let i = 0; i < sorted.length; i++) {
    const a = sorted[i]!;
    for (let j = i + 1; j < sorted.length && sorted[j]![0] <= a[2]; j++) {
      const b = sorted[j]!;
      if (b[1] <= a[3] && a[1] <= b[3]) {
        p.add(sheet, b[0], b[1], `合并单元格 ${ref(a)} 与 ${ref(b)} 相互重叠（Excel 会认为文件已损坏）：请该单位取消合并后重新报送`);
        return true;
      }
    }
  }
  return false;
}

/**
 * Text as compared with a list or read as a number: full-width forms as
 * ASCII, and without characters nobody sees (zero-width spaces and joiners,
 * word joiners, byte-order marks: pasted from chat programs and web pages).
 */
const plain = (s: string): string => s.normalize('NFKC').replace(/[\u200b-\u200d\u2060\ufeff]/g, '').trim();

/** A number as typed: a number cell, or text such as " 85 ", "85%", "８５". */
function toNumber(raw: string | number | boolean): number | null {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : null;
  if (typeof raw === 'boolean') return null;
  return numberTyped(raw) ?? null;
}

/** "缺少“工作进展”工作表（文件中的工作表：封面、进展、指标）": a renamed sheet is then plain to see. */
function missingSheet(book: RawBook, name: string): string {
  const found = (book.names ?? book.sheets.map((s) => s.name)).filter((n) => n !== SHEETS.machine);
  return `缺少“${name}”工作表（文件中的工作表：${found.length > 0 ? found.join('、') : '无'}），可能被改名或删除：请该单位改回原名，或重新导出后报送`;
}

function sheetByName(book: RawBook, name: string): Grid | null {
  const s = sheetNamed(book, name);
  return s ? new Grid(s) : null;
}

/**
 * The sheet read as `name`: of that name, else of that name with spaces or a bracketed remark (工作进展（本期）), else
 * the one sheet named as its title names it (fast-xlsx.mjs, SHEET_ALIASES).
 */
function sheetNamed(book: RawBook, name: string): RawBook['sheets'][number] | undefined {
  const want = normalizeHeader(name);
  const found = book.sheets.find((x) => x.name === name) ?? book.sheets.find((x) => normalizeHeader(x.name) === want);
  if (found) return found;
  const named = book.sheets.filter((x) => aliasedSheetKey(x.name) === want);
  return named.length === 1 ? named[0] : undefined;
}

/** Sheets read under another name (SHEET_ALIASES), said: “工作进展情况”表按“工作进展”表读取. */
function renamedSheets(book: RawBook): string[] {
  return [SHEETS.progress, SHEETS.indicators, SHEETS.evidence].flatMap((s) => {
    const x = sheetNamed(book, s);
    return x && normalizeHeader(x.name) !== normalizeHeader(s) ? [`“${x.name}”表按“${s}”表读取`] : [];
  });
}

/** Value of a cover field: the next non-empty cell to the right of its label. */
function coverValue(g: Grid, label: string): { text: string; row: number; col: number } | null {
  const want = normalizeHeader(label);
  // Over the cells present only: a far cell (XFD1048576) makes the used range a billion cells wide.
  for (const r of g.rowNumbers()) {
    const cols = g.columnsOf(r);
    for (let i = 0; i < cols.length; i++) {
      const c = cols[i] as number;
      if (normalizeHeader(g.text(r, c)) !== want) continue;
      for (const k of cols.slice(i + 1)) if (g.text(r, k).trim() !== '') return { text: g.text(r, k), row: r, col: k };
      return { text: '', row: r, col: c + 1 };
    }
  }
  return null;
}

/** What a cover says of its unit and period, as typed (one line, at most 40 characters each). */
export interface CoverSays {
  unit: string;
  period: string;
}

/**
 * The cover's unit and period of a workbook that cannot be read as a unit
 * workbook (its machine sheet gone): said with the refusal, so the bureau
 * knows whose file it is. Null when the cover says neither.
 */
export function coverSays(book: RawBook): CoverSays | null {
  const g = sheetByName(book, SHEETS.cover);
  if (!g) return null;
  const said = (label: string): string => {
    const t = (coverValue(g, label)?.text ?? '').replace(/[\u200b-\u200d\u2060\ufeff]/g, '').replace(/\s+/g, ' ').trim();
    return clip(t, 40);
  };
  const out = { unit: said(COVER_LABELS.unit), period: said(COVER_LABELS.period) };
  return out.unit || out.period ? out : null;
}

function readMeta(
  env: ReadEnv,
  book: RawBook,
  p: Problems,
): { meta: UnitWorkbookMeta | null; unit: Unit | null; period: string | null; revision: number | null; parts?: Map<string, string> | null } {
  const sheet = SHEETS.machine;
  const g = sheetByName(book, sheet);
  const none = { meta: null, unit: null, period: null, revision: null };
  if (!g) {
    p.add(sheet, undefined, undefined, '不是本系统导出的单位报送工作簿（缺少系统写入的隐藏信息）');
    return none;
  }
  const m = readMachine(g);
  const format = m.get('format') ?? '';
  if (format === SETUP_FORMAT) {
    p.add(sheet, undefined, undefined, '这是区局的设置文件，不是单位报送工作簿，无需在此导入（载入修订的任务清单请到“设置”中操作；命令行用 setup-import）');
    return none;
  }
  if (format !== UNIT_FORMAT) {
    p.add(sheet, undefined, undefined, '不是本系统导出的单位报送工作簿（系统写入的隐藏信息不符）');
    return none;
  }
  const version = Number(m.get('format_version'));
  if (!Number.isInteger(version) || version < 1) {
    p.add(sheet, undefined, undefined, '系统写入的隐藏信息中格式版本无法识别，工作簿可能已损坏：请该单位重新导出');
    return none;
  }
  if (version > UNIT_FORMAT_VERSION) {
    p.add(sheet, undefined, undefined, `工作簿由更新版本的程序导出（格式版本 ${version}，本程序支持到 ${UNIT_FORMAT_VERSION}），请升级程序后再导入`);
    return none;
  }
  // Sealed since app 2026-12: a revision, period or unit typed into the hidden sheet would decide which version is
  // newest, or where the content goes; nobody who fills the workbook in has reason to touch it.
  // The part hashes came with the seal: a sheet holding them and no seal had its seal's row deleted.
  const seal = m.get('machine_hash') ?? (m.has('part_hashes') ? '' : undefined);
  if (seal !== undefined && seal !== machineSeal(m)) {
    const again = m.get('kind') === 'template' ? '请向该单位重新下发填写模板（或由该单位在本系统中导出），填写后报送' : '请该单位在本系统中重新导出后报送';
    // Whose it is, as its cover says (the machine sheet is what is in doubt).
    const cover = coverSays(book);
    const whose = cover ? `（封面填的是${[cover.unit ? `单位“${cover.unit}”` : '', cover.period ? `报送周期“${cover.period}”` : ''].filter((x) => x !== '').join('、')}）` : '';
    p.add(sheet, undefined, undefined, `隐藏的“${sheet}”表在导出后被改动过（版本号、报送周期、单位等）${whose}：无法确认此文件是哪个单位哪一期的第几版，不予接收。${again}（请勿修改“${sheet}”表）`);
    return none;
  }
  const kind = m.get('kind');
  if (kind !== 'unit' && kind !== 'template') {
    p.add(sheet, undefined, undefined, '系统写入的隐藏信息中工作簿类型无法识别，工作簿可能已损坏：请该单位重新导出');
    return none;
  }
  const revision = Number(m.get('revision'));
  if (!Number.isInteger(revision) || revision < 0) {
    p.add(sheet, undefined, undefined, `系统写入的隐藏信息中版本号“${m.get('revision') ?? ''}”不是整数，工作簿可能已损坏：请该单位重新导出`);
    return none;
  }
  const code = m.get('unit_code') ?? '';
  const name = m.get('unit_name') ?? '';
  const unit = env.unit(code, name);
  const periodRaw = m.get('period') ?? '';
  if (!unit) p.add(sheet, undefined, undefined, `“${name || code}”${code && name ? `（代码 ${code}）` : ''}不在本系统的填报单位名单中：如需接收其报送，请先在“设置”的“填报单位”中新增该单位，再导入此文件`);
  let period: Period | null = null;
  try {
    period = parsePeriod(periodRaw);
  } catch {
    p.add(sheet, undefined, undefined, `系统写入的隐藏信息中报送周期“${periodRaw}”格式不正确，工作簿可能已损坏：请该单位重新导出`);
  }
  if (period) {
    const kind = env.data.periodKind;
    if (period.kind !== kind && !(env.data.kindSpans && askedIn(env.data.kindSpans, period))) {
      p.add(sheet, undefined, undefined, `报送周期“${period.label}”是${PERIOD_KIND_LABELS[period.kind]}，本系统现按${PERIOD_KIND_LABELS[kind]}收取：请该单位导入区局最新的设置文件后重新导出`);
    } else if (env.data.owedFrom !== undefined && period.endsOn < env.data.owedFrom) {
      p.add(sheet, undefined, undefined, `报送周期“${period.label}”在区局设定的起报周期（${env.data.firstOwedLabel ?? periodContaining(period.kind, env.data.owedFrom).label}）之前，不要求报送：该单位可能尚未导入区局最新的设置文件（请发给该单位），或选错了报送周期；如确需收取，请先在“设置”的“报送周期”中把起报周期提前，再导入此文件`);
    } else if (env.isClosed(period.id)) {
      p.add(sheet, undefined, undefined, `报送周期“${period.label}”已关闭，不再接收报送；如仍要接收此文件，请先在“设置”的“报送截止日期”中取消关闭，再导入`);
    } else if (period.startsOn > env.data.today) {
      p.add(sheet, undefined, undefined, `报送周期“${period.label}”尚未开始（${formatChineseDate(period.startsOn)}开始），不能报送：请与该单位核实是否选错了报送周期`);
    }
  }
  const catalogVersion = m.get('catalog_version') ?? '';
  const active = period ? env.planFor(period).catalogVersion : env.data.catalogVersion;
  // Made on a plan this database had before the period's (a file exported before a revision, sent after it): what the
  // unit answers for is the same under both, so it reads the same; taken, and said (ODK takes a form's older version).
  const samePlan = unit !== null && period !== null && catalogVersion !== active && env.sameForUnit(catalogVersion, env.planFor(period), unit.code);
  const otherPlan = samePlan
    ? `此文件按任务清单“${catalogVersion}”填写，${period?.label ?? ''}按任务清单“${active}”报送；该单位本期负责的任务和指标在两份清单中相同，照常接收`
    : undefined;
  if (catalogVersion !== active && !samePlan) {
    // What to do depends on who is behind: the unit (its app, or a template made on the old plan), or this database.
    const advice =
      unit && !unit.active
        ? `单位“${unit.name}”已在本系统停用：如仍需其报送，请先在“设置”的“填报单位”中启用，再请其导入最新的设置文件后重新导出`
        : catalogVersion !== '' && env.data.catalogVersions && !env.data.catalogVersions.includes(catalogVersion)
          ? `本系统没有采用过任务清单“${catalogVersion}”：如区局已修订任务清单，请先在“设置”中载入修订的任务清单，再导入此文件；否则请该单位导入区局最新的设置文件后重新导出`
          : kind === 'template'
            ? `这是按旧任务清单制作的填写模板：请向该单位下发按现行任务清单制作的模板，填写后重新报送`
            : '请该单位先导入区局最新的设置文件，再重新导出';
    // A plan this database adopted: the unit's tasks or indicators differ under it (sameForUnit); another: not known.
    const known = catalogVersion !== '' && (env.data.catalogVersions ?? []).includes(catalogVersion);
    const differ = known ? '该单位本期负责的任务或指标在两份清单中不同' : '任务序号可能不一致';
    p.add(sheet, undefined, undefined, `任务清单版本不同：工作簿为“${catalogVersion || '未注明'}”，本系统为“${active}”，${differ}。${advice}`);
  }
  if (!unit || !period || p.list.length > 0) return { meta: null, unit, period: period?.id ?? periodRaw, revision };
  return {
    meta: {
      kind,
      uuid: m.get('workbook_uuid') ?? '',
      unit,
      period,
      revision,
      catalogVersion,
      claimedHash: m.get('content_hash') ?? '',
      exportedAt: m.get('exported_at') ?? '',
      databaseId: m.get('database_id') ?? '',
      unitNamed: name,
      ...(otherPlan ? { otherPlan } : {}),
    },
    unit,
    period: period.id,
    revision,
    parts: readParts(m.get('part_hashes') ?? ''),
  };
}

/** A period as written on a cover: without spaces, full-width digits as ASCII, 第3季度 as 第三季度. */
const periodText = (s: string): string =>
  s
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/第([1-4])季度/, (_, d: string) => `第${'一二三四'[Number(d) - 1]}季度`);

/**
 * The period id a cover's words mean, as people write them: 2021年三季度,
 * 2021年第3季度, 2021年7-9月 (7月至9月, 7～9月), 2021年07月, 2021年上半年,
 * 2021年1-6月, 2021年, 2021年度. Null when they mean none of these.
 */
export function periodSaid(raw: string): string | null {
  const s = periodText(raw).replace(/[～~—–－至到]/g, '-');
  // A remark in brackets after it (2021年第三季度（7-9月）): the period, when the remark says it too or is no period.
  const remark = /^(.+?)\((.+)\)$/.exec(s);
  if (remark) {
    const main = periodSaid(remark[1]!);
    const inner = main === null ? null : (periodSaid(remark[2]!) ?? periodSaid(`${main.slice(0, 4)}年${remark[2]!}`));
    return main !== null && (inner === null || inner === main) ? main : null;
  }
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})(年度?)?第?([一二三四1-4])季度?$/.exec(s))) return `${m[1]}-Q${'一二三四'.includes(m[3]!) ? '一二三四'.indexOf(m[3]!) + 1 : m[3]}`;
  // 2021Q3, 2021年Q3, 2021-Q3; 2021H1; 2021-07, 2021.7.
  if ((m = /^(\d{4})(年度?|-)?([QH])([1-4])$/i.exec(s))) {
    const n = Number(m[4]);
    return m[3]!.toUpperCase() === 'Q' ? `${m[1]}-Q${n}` : n <= 2 ? `${m[1]}-H${n}` : null;
  }
  if ((m = /^(\d{4})[-./](\d{1,2})$/.exec(s))) return Number(m[2]) >= 1 && Number(m[2]) <= 12 ? `${m[1]}-${m[2]!.padStart(2, '0')}` : null;
  if ((m = /^(\d{4})年(\d{1,2})月?-(\d{1,2})月(份)?$/.exec(s))) {
    const [a, b] = [Number(m[2]), Number(m[3])];
    if (a === b && a >= 1 && a <= 12) return `${m[1]}-${String(a).padStart(2, '0')}`;
    if (b - a === 2 && a % 3 === 1) return `${m[1]}-Q${(a + 2) / 3}`;
    if (b - a === 5 && (a === 1 || a === 7)) return `${m[1]}-H${a === 1 ? 1 : 2}`;
    if (a === 1 && b === 12) return m[1]!;
    return null;
  }
  if ((m = /^(\d{4})年(\d{1,2})月(份)?$/.exec(s))) return Number(m[2]) >= 1 && Number(m[2]) <= 12 ? `${m[1]}-${m[2]!.padStart(2, '0')}` : null;
  if ((m = /^(\d{4})年?([上下])半年$/.exec(s))) return `${m[1]}-H${m[2] === '上' ? 1 : 2}`;
  if ((m = /^(\d{4})年度?$/.exec(s))) return m[1]!;
  return null;
}

/**
 * A unit's name as people write it on a cover: as held, or with the
 * district before it (济阳区自然资源局 for 区自然资源局, 济阳区济阳街道),
 * （盖章） or （公章） after it, or its office's full name (济阳街道办事处,
 * 仁风镇人民政府), or a department without the 区 (自然资源局).
 */
function sameUnit(said: string, name: string): boolean {
  const a = canonicalUnitName(said).replace(/\(?(盖章|公章|章)\)?$/, '');
  const b = canonicalUnitName(name);
  const forms = [b, ...(/街道$/.test(b) ? [`${b}办事处`] : []), ...(/镇$/.test(b) ? [`${b}人民政府`] : []), ...(/^区.{3,}/.test(b) ? [b.slice(1)] : [])];
  return forms.some((f) => a === f || ['济阳', '济阳区', '济南市济阳区', '济南市济阳'].some((prefix) => a === `${prefix}${f}`));
}

function readCover(book: RawBook, p: Problems, meta: UnitWorkbookMeta, env: ReadEnv, warnings: string[], stray: string[]): { filledBy: string; phone: string } {
  const { unit, period } = meta;
  const g = sheetByName(book, SHEETS.cover);
  if (!g) {
    p.add(SHEETS.cover, undefined, undefined, missingSheet(book, SHEETS.cover));
    return { filledBy: '', phone: '' };
  }
  coverStray(g, stray);
  const named = coverValue(g, COVER_LABELS.unit);
  const givenName = named?.text.trim() ?? '';
  const another = givenName !== '' && env.namesAnother(unit, givenName);
  if (givenName === '' || sameUnit(givenName, unit.name)) {
    // its name now
  } else if (env.namesOf(unit).some((n) => sameUnit(givenName, n))) {
    // A name it went by before a rename (a workbook sent before it, an old template copied); now another unit's, said.
    if (another) warnings.push(`封面上的单位“${givenName}”是该单位（代码 ${unit.code}）的原名称，现为另一单位的名称；已按单位代码接收，请核实`);
  } else if (meta.unitNamed.trim() !== '' && sameUnit(givenName, meta.unitNamed) && !another) {
    // The name the file's own database gave it (its machine sheet says the same, the code is the unit's): a name this
    // database never held for it (a unit's database that named it otherwise), not a workbook of another unit. Not when
    // that name is another unit's here: which of the two it is, a person must tell.
    warnings.push(`封面上的单位名称“${givenName}”与本系统中的“${unit.name}”不同，已按单位代码 ${unit.code} 接收；请核实单位名称`);
  } else if (named) p.add(SHEETS.cover, named.row, named.col, `封面上的单位“${givenName}”与工作簿所属单位“${unit.name}”不一致（可能用了别的单位的文件）：请核实后由实际填报的单位重新报送`);
  // The period a person reads on the cover must be the one the workbook is filed under (机读信息).
  const said = coverValue(g, COVER_LABELS.period);
  if (said && said.text.trim() !== '' && periodText(said.text) !== periodText(period.label) && periodText(said.text) !== periodText(period.id) && periodSaid(said.text) !== period.id) {
    p.add(SHEETS.cover, said.row, said.col, `封面上的报送周期“${said.text.trim()}”与工作簿所属的报送周期“${period.label}”不一致（可能沿用了别期的文件）：请与该单位核实后重新报送`);
  }
  const filled = coverValue(g, COVER_LABELS.filledBy);
  const phone = coverValue(g, COVER_LABELS.phone);
  // 填报人 and 联系电话 merged into one cell over two rows: the one would be read as the other's (a name as the phone).
  const mergeOver = (v: { row: number; col: number } | null) =>
    v === null ? undefined : (g.sheet.merges ?? []).find(([r0, c0, r1, c1]) => r1 > r0 && v.row >= r0 && v.row <= r1 && v.col >= c0 && v.col <= c1);
  const contactMerge = mergeOver(filled) ?? mergeOver(phone);
  if (contactMerge) {
    const [r0, c0, r1, c1] = contactMerge;
    p.add(SHEETS.cover, r0, c0, `${colName(c0)}${r0 + 1}:${colName(c1)}${r1 + 1} 是合并单元格：“填报人”“联系电话”各占一格，不能合并；请该单位取消合并后重新填写`);
    return { filledBy: '', phone: '' };
  }
  // Kept exactly as typed (only blank becomes empty), so the round trip is exact.
  const filledBy = normalizeText(filled?.text ?? '');
  // Without the marks that take no space (a number copied from WeChat or a contact card: refused for what nobody saw).
  const phoneRaw = normalizeText(phone?.text ?? '');
  const phoneText = asOneLine(phoneRaw);
  if (phone && phoneText !== phoneRaw.replace(/\n/g, ' ')) warnings.push(`“${SHEETS.cover}”表 ${colName(phone.col)}${phone.row + 1} 的联系电话中有看不见的格式字符（从微信、网页或通讯录复制带入），导入时已去掉`);
  // Control characters pasted in with a name or number: dropped (as in the progress sheet's texts), said where.
  const invisible = [filled, phone].flatMap((v) => (v !== null && DROPPED.test(v.text) ? [`${colName(v.col)}${v.row + 1}`] : []));
  if (invisible.length > 0) warnings.push(`“${SHEETS.cover}”表 ${invisible.join('、')} 中有看不见的控制字符（从网页或其他程序粘贴带入），导入时已去掉，其余文字不变`);
  if ([...filledBy].length > LIMITS.filledBy) p.add(SHEETS.cover, filled?.row, filled?.col, `填报人不能超过 ${LIMITS.filledBy} 字`);
  if (phoneText.length > LIMITS.phone || !PHONE_PATTERN.test(phoneText)) {
    p.add(SHEETS.cover, phone?.row, phone?.col, `${PHONE_RULE}，且不超过 ${LIMITS.phone} 个字符（现为“${clip(phoneText, 40)}”）`);
  } else if (phone && g.cell(phone.row, phone.col)?.type === 'n' && /^[2-9]\d{8,10}$/.test(phoneText)) {
    // (Nine to eleven digits not from 1: an area code and number that lost its 0; seven or eight are a local number.)
    // Pasted as a number (General format): a landline's leading 0 is gone (0531… became 531…). Kept as it is, said.
    warnings.push(`封面上的联系电话“${phoneText}”是数字格式的单元格，开头的 0 可能已丢失（如区号 0531）：请与该单位核实电话号码`);
  }
  return { filledBy, phone: phoneText };
}

/** A table's header row not found: where the nearest one is and which headers it lacks, or else what is looked for. */
function missingHeader(g: Grid, p: Problems, sheet: string, wanted: Record<string, string>, required: readonly string[]): void {
  const near = g.nearestHeader(wanted, required);
  // A header typed over: its cell, and what it says now.
  const why = near && near.at.length > 0 ? `${near.at.map((a) => `${colName(a.col)}${near.row + 1} 现为“${a.text}”`).join('、')}：表头文字被改动，请该单位改回原表头后重新报送` : '表头文字被改动或该列被删除：请该单位重新导出后报送';
  if (near) p.add(sheet, near.row, near.at.length === 1 ? near.at[0]!.col : undefined, `表头行缺少${near.missing.map((h) => `“${h}”`).join('、')}（表头应包含：${required.map((k) => wanted[k]).join('、')}；${why}）`);
  else p.add(sheet, undefined, undefined, `找不到表头行（应包含：${required.map((k) => wanted[k]).join('、')}）`);
}

/**
 * Two columns of the header row headed alike (工作进展 and 工作进展（三季度更新）, a column inserted beside the one
 * exported): which holds this period's entries is not known, and reading the first would drop the other's. Refused,
 * naming both; true when so.
 */
function headedTwice(g: Grid, head: { row: number; cols: Record<string, number>; twice: [string, number][] }, wanted: Record<string, string>, keys: readonly string[], sheet: string, p: Problems): boolean {
  const twice = head.twice.filter(([key]) => keys.includes(key));
  for (const [key, c] of twice) {
    p.add(sheet, head.row, c, `表头有两栏都是“${wanted[key]}”（${quoted(g, head.row, head.cols[key] as number)}、${quoted(g, head.row, c)}）：不知道哪一栏是本期填报的内容，为免内容记错，此文件未导入：请该单位删去或改名其中一栏后重新报送`);
  }
  return twice.length > 0;
}

/** What an error cell holds: an error value (#DIV/0!), or a formula never calculated (the readers keep it as `=…`). */
const errorCell = (cell: Cell, wanted: string): string =>
  cell.formula && String(cell.value).startsWith('=')
    ? `单元格中的公式“${String(cell.value)}”没有计算结果（文件由程序写入，未经 Excel、WPS 或 LibreOffice 保存）：请该单位用其中之一打开、保存后重新报送，或直接填写${wanted}`
    : `单元格是错误值“${String(cell.value)}”，应填写${wanted}${wanted === '内容' ? ERROR_IN_TEXT[String(cell.value)] ?? '' : ''}`;

/** What an error value in a text cell most likely was: what the clerk did, not the value Excel shows. */
const ERROR_IN_TEXT: Record<string, string> = {
  '#NAME?': '（以 =、+、- 开头的文字被当成了公式：请在开头加英文单引号，或把单元格格式设为“文本”后重新输入）',
  '#VALUE!': '（可能是放进单元格的图片，或以 = 开头的文字被当成了公式：图片请删除，照片作为佐证材料报送）',
};

/** A title as compared for an edit: without spaces, full-width forms folded (a remark added in brackets counts). */
const squeezedTitle = (s: string): string => s.normalize('NFKC').replace(/\s+/g, '');

/** Two texts the same but for spaces and character widths (a task's title as typed in a sheet). */
const sameText = (a: string, b: string): boolean => normalizeHeader(a) === normalizeHeader(b);

/** A cell's place and the start of its text, for messages: G12“注：以上情况属实”. */
/** A text as quoted in a message: its first `n` characters, and … when there is more. */
const clip = (t: string, n: number): string => (t.length > n ? `${t.slice(0, n)}…` : t);

const quoted = (g: Grid, r: number, c: number): string => `${colName(c)}${r + 1}“${clip(g.text(r, c).trim().replace(/\s+/g, ' '), 20)}”`;

/** A cell's text a merged area hides, as said: where, `what` it was, what it held. */
const coveredSaid = (h: { r: number; c: number; text: string; area: string }, what = ''): string => `${colName(h.c)}${h.r + 1}${what} 中的“${clip(h.text, 20)}”被合并单元格 ${h.area} 遮住`;

/** The cells of a table's rows below its header in none of its columns (a 备注 column added by hand): nothing there is imported. */
function outsideColumns(g: Grid, headerRow: number, known: ReadonlySet<number>, out: string[], skipRow: (r: number) => boolean = () => false): void {
  // A column of row numbers added before the table (行号, 行次: for talking the table over on the phone) holds nothing to report.
  const numbering = new Set(g.columnsOf(headerRow).filter((c) => !known.has(c) && ['行号', '行次'].includes(normalizeHeader(g.text(headerRow, c)))));
  for (const r of g.rowNumbers()) {
    if (r <= headerRow || skipRow(r)) continue;
    for (const c of g.columnsOf(r)) if (!known.has(c) && !numbering.has(c) && g.text(r, c).trim() !== '') out.push(quoted(g, r, c));
  }
}

/**
 * The cells above a table's header row that are not the title rows our writer puts there (`ours`): a note typed in a
 * row inserted above the table, or after its title. Nothing there is read: said, as text beside the table is.
 */
function aboveHeader(g: Grid, headerRow: number, ours: (text: string) => boolean, out: string[]): void {
  for (const r of g.rowNumbers()) {
    if (r >= headerRow) break;
    for (const c of g.columnsOf(r)) {
      const text = g.text(r, c);
      // (In whichever column: a column inserted before the table moves the title too.)
      if (text.trim() !== '' && !ours(text)) out.push(quoted(g, r, c));
    }
  }
}

/**
 * A table's own title rows, as the writer makes them: 重点任务进展情况表（2021年第三季度）, then 填报单位（盖章）：name
 * (填报单位：name in the first files, and on the indicator sheet), by any name the unit went by.
 */
function ownTitles(title: string, period: Period, names: readonly string[]): (text: string) => boolean {
  return (text) => {
    const t = text.normalize('NFKC').trim();
    const titled = /^(.+?)\((.+)\)$/.exec(t);
    if (titled && titled[1]!.replace(/\s+/g, '') === title && (periodText(titled[2]!) === periodText(period.label) || periodSaid(titled[2]!) === period.id)) return true;
    const unit = /^填报单位(?:\(盖章\))?[:：](.*)$/s.exec(t);
    if (unit === null) return false;
    if (names.some((n) => sameUnit(unit[1]!.trim(), n))) return true;
    // The evidence sheet's: 填报单位：name。 and what the list holds (evidenceNote), not a note typed after it.
    const noted = /^(.+?)。(.+)$/s.exec(unit[1]!);
    return title === '佐证材料清单' && noted !== null && isEvidenceNote(noted[2]!) && names.some((n) => sameUnit(noted[1]!.trim(), n));
  };
}

/** The cover's labels as compared: made once. */
let coverLabelKeys: Set<string> | null = null;

/**
 * The cover's cells that are none of its own: its two title rows, a label (单位, 填报人…) and the value beside it, the
 * 填写说明. A second phone number typed beside the first, a 备注 row added: not read, said.
 */
function coverStray(g: Grid, out: string[]): void {
  const labels = (coverLabelKeys ??= new Set(Object.values(COVER_LABELS).map((l) => normalizeHeader(l))));
  for (const r of g.rowNumbers()) {
    const labelled = labels.has(normalizeHeader(g.text(r, 0)));
    // A label's value: the first cell after it holding anything, as coverValue reads it.
    const value = labelled ? g.columnsOf(r).find((c) => c > 0 && g.text(r, c).trim() !== '') : undefined;
    for (const c of g.columnsOf(r)) {
      const text = g.text(r, c);
      if (text.trim() === '') continue;
      const own = c === 0 ? r <= 1 || labelled || /^填写说明/.test(text.trim()) : c === value;
      if (!own) out.push(quoted(g, r, c));
    }
  }
}

/** The progress sheet's header row again further down (typed in for printing, or a page of the table pasted whole). */
const headerAgain = (g: Grid, r: number, col: (k: 'no' | 'status') => number): boolean => {
  const no = g.cell(r, col('no'))?.value;
  // (A task's row holds its number: most rows are told by that alone.)
  return typeof no === 'string' && normalizeHeader(no) === normalizeHeader(PROGRESS_HEADERS.no) && normalizeHeader(g.text(r, col('status'))) === normalizeHeader(PROGRESS_HEADERS.status);
};

/**
 * Said of what a sheet holds that goes into no report (the original file is
 * archived as received): cells listed, five at most.
 */
function strayText(sheet: string, cells: readonly string[], where: string): string {
  const shown = cells.slice(0, 5).join('、');
  return `“${sheet}”表中 ${shown}${cells.length > 5 ? ` 等 ${cells.length} 处` : ''}不在任何填报栏内，不导入（导入时原件一并存档）；如需报送，请该单位写入${where}后重报`;
}

/** What readProgress gathers beside its entries, for the warnings said of the file. */
interface ProgressSaid {
  stray: string[];
  /** Tasks whose row is missing. */
  missing: Task[];
  /** Entry cells merged down over other tasks' rows. */
  merged: string[];
  /** Text cells that held control characters a spreadsheet cannot carry (dropped, as normalizeText does). */
  dropped: string[];
  /** Text cells holding a picture placed in the cell (WPS's 嵌入单元格: the formula DISPIMG): read as empty. */
  pictures: string[];
  /** Text under a merged area in a task's row (nobody sees it, nor is it read). */
  covered: string[];
  /** Each task's row (0-based). */
  taskRows: Map<number, number>;
  /** Statuses typed short and read as meant (完成 as 已完成). */
  shortened: string[];
  /** The text columns merged across in a task's row: only the first read. */
  across: string[];
  /** 重点任务 cells typed over. */
  retitled: string[];
}

/** `given`: filled with the tasks whose 状态 cell holds anything (a status not in the list too: its own error says so). */
function readProgress(book: RawBook, p: Problems, tasks: Task[], given: Set<number>, said: ProgressSaid, ours: (text: string) => boolean): TaskEntry[] {
  const { stray, missing, merged, taskRows } = said;
  const sheet = SHEETS.progress;
  const g = sheetByName(book, sheet);
  if (!g) {
    p.add(sheet, undefined, undefined, missingSheet(book, sheet));
    return [];
  }
  const required = ['no', 'status', 'percent', 'progress', 'problems', 'next'] as const;
  const head = g.findHeader(PROGRESS_HEADERS, required);
  if (!head) {
    missingHeader(g, p, sheet, PROGRESS_HEADERS, required);
    return [];
  }
  if (headerMergedIntoData(g, head.row, sheet, p) || headedTwice(g, head, PROGRESS_HEADERS, ['no', 'title', 'status', 'percent', 'progress', 'problems', 'next'], sheet, p)) return [];
  const { cols } = head;
  const col = (k: (typeof required)[number]): number => cols[k] as number;
  // 序号 or 重点任务 merged down over several rows: each row is one task, and a merged one would read as rows out of
  // order or a task twice. Said as the merge it is (the errors that follow from it are said too).
  const oneTaskColumns = [cols.no, cols.title].filter((c): c is number => c !== undefined);
  for (const [r0, c0, r1, c1] of g.sheet.merges ?? []) {
    if (r1 <= r0 || r0 <= head.row || !oneTaskColumns.some((c) => c >= c0 && c <= c1)) continue;
    p.add(sheet, r0, c0, `${colName(c0)}${r0 + 1}:${colName(c1)}${r1 + 1} 是合并单元格：“序号”“重点任务”两栏每行一项任务，不能合并；请该单位取消合并后重新报送`);
  }
  const want = new Map(tasks.map((t) => [t.no, t]));
  const seen = new Set<number>();
  const out: TaskEntry[] = [];
  aboveHeader(g, head.row, ours, stray);
  outsideColumns(g, head.row, new Set(Object.values(cols)), stray, (r) => headerAgain(g, r, col));
  const rowTask = new Map<number, number>();
  const rows: ProgressRows = { g, p, sheet, cols, col, tasks, want, seen, given, stray, out, rowTask, dropped: said.dropped, pictures: said.pictures, shortened: said.shortened, retitled: said.retitled };
  // A row at a time in a function of its own: small enough for the engine to optimise early in a first import.
  for (let r = head.row + 1; r <= g.maxRow; r++) progressRow(rows, r);
  for (const [r, t] of rowTask) if (!taskRows.has(t)) taskRows.set(t, r);
  // The text columns merged across in a task's row (one text typed over 工作进展, 存在问题 and 下步计划): the first of
  // them holds it, the others are read empty; said, as nothing is hidden under the merge to say otherwise.
  const textKeys = (['progress', 'problems', 'next'] as const).map((k) => [k, col(k)] as const).sort((a, b) => a[1] - b[1]);
  for (const [r0, c0, r1, c1] of g.sheet.merges ?? []) {
    const spanned = textKeys.filter(([, c]) => c >= c0 && c <= c1).map(([k]) => PROGRESS_HEADERS[k]);
    const task = rowTask.get(r0);
    if (spanned.length < 2 || task === undefined) continue;
    said.across.push(`${colName(c0)}${r0 + 1}:${colName(c1)}${r1 + 1} 合并了第 ${task} 项任务的${spanned.map((h) => `“${h}”`).join('')}，内容只记为“${spanned[0]}”，${spanned.slice(1).map((h) => `“${h}”`).join('')}为空`);
  }
  // Text a merge hides below the header (kept by LibreOffice's "keep the hidden cells' contents"): not read, said.
  const names: Record<number, string> = { [col('status')]: '状态', [col('percent')]: '完成比例', [col('progress')]: '工作进展', [col('problems')]: '存在问题', [col('next')]: '下步计划' };
  // Only in the entry columns: 类别 or 牵头/配合 merged over a group of tasks (a cosmetic edit) hides what the app wrote,
  // which is never read.
  for (const h of g.covered().sort((a, b) => a.r - b.r || a.c - b.c)) {
    if (h.r <= head.row || names[h.c] === undefined) continue;
    const t = rowTask.get(h.r);
    const what = t !== undefined ? `（第 ${t} 项任务的“${names[h.c]}”）` : '';
    said.covered.push(coveredSaid(h, what));
  }
  // A task's row deleted (the catalog is the same: its version was checked): nothing reported for it, as a row left empty.
  for (const t of tasks) if (!seen.has(t.no)) missing.push(t);
  // An entry cell merged down over other tasks' rows: what it says is taken as each of theirs (as the sheet shows it); said.
  for (const [r0, c0, r1, c1] of g.sheet.merges ?? []) {
    if (r1 <= r0 || r0 <= head.row) continue;
    const over = [...new Set(Array.from({ length: r1 - r0 + 1 }, (_, k) => rowTask.get(r0 + k)).filter((t): t is number => t !== undefined))];
    const what = Object.keys(names).map(Number).filter((c) => c >= c0 && c <= c1);
    if (over.length > 1 && what.length > 0 && g.text(r0, c0).trim() !== '') {
      merged.push(`${colName(c0)}${r0 + 1}:${colName(c1)}${r1 + 1} 合并，其内容同时记为第 ${over.join('、')} 项任务的“${what.map((c) => names[c]).join('”“')}”`);
    }
  }
  return out;
}

/** Characters normalizeText drops (not CR, nor Word's VT and FF, which are line breaks): said when a text held one. */
const DROPPED = /[\u0000-\u0008\u000e-\u001f\ufffe\uffff]/;
/** WPS's picture placed in a cell (嵌入单元格图片): a formula =DISPIMG("ID_…",1), whose cached text is the formula itself. */
const DISPIMG = /^\s*=?\s*(_xlfn\.)?DISPIMG\s*\(/i;

/** What readProgress reads each row with, and gathers into. */
interface ProgressRows {
  g: Grid;
  p: Problems;
  sheet: string;
  cols: Record<string, number>;
  col: (k: 'no' | 'status' | 'percent' | 'progress' | 'problems' | 'next') => number;
  tasks: Task[];
  want: Map<number, Task>;
  seen: Set<number>;
  given: Set<number>;
  stray: string[];
  out: TaskEntry[];
  rowTask: Map<number, number>;
  /** Text cells that held control characters a spreadsheet cannot carry (dropped, as normalizeText does): said. */
  dropped: string[];
  /** Text cells holding a picture placed in the cell (WPS's 嵌入单元格: the formula DISPIMG): read as empty, said. */
  pictures: string[];
  /** Statuses typed short (完成, 滞后) and read as the one they can only mean: said. */
  shortened: string[];
  /** 重点任务 cells typed over (the task's name is the app's: not read), said. */
  retitled: string[];
}

/** A status typed short, and the one of the list it can only mean (进行中 could be 正常推进 or 进度滞后: not here). */
const STATUS_SHORT: Readonly<Record<string, Status>> = { 完成: '已完成', 已经完成: '已完成', 全部完成: '已完成', 滞后: '进度滞后', 未开始: '未启动', 尚未启动: '未启动' };

/** One row of the progress sheet under its header. */
function progressRow(x: ProgressRows, r: number): void {
  const { g, p, sheet, cols, col, tasks, want, seen, given, stray, out, rowTask } = x;
  if (g.rowIsEmpty(r) || headerAgain(g, r, col)) return;
  // The sign-off line under the table (for the printed form), filled in or not; anything else typed in its row is said.
  if (isSignOff(g.text(r, col('no')))) {
    for (const c of g.columnsOf(r)) if (c !== col('no') && Object.values(cols).includes(c) && g.text(r, c).trim() !== '') stray.push(quoted(g, r, c));
    return;
  }
  const noCell = g.cell(r, col('no'));
  const no = noCell ? toNumber(noCell.value) : null;
  const entryCols = [col('status'), col('percent'), col('progress'), col('problems'), col('next')];
  if (no === null || !Number.isInteger(no)) {
    const texts = [col('progress'), col('problems'), col('next')];
    const filled = texts.filter((c) => g.text(r, c).trim() !== '');
    if (filled.length > 0 && g.text(r, col('no')).trim() === '' && g.text(r, col('status')).trim() === '' && g.text(r, col('percent')).trim() === '' && (cols.title === undefined || g.text(r, cols.title).trim() === '')) {
      // Only text, in no task's row (a note under the table, a cell's text carried on in a row inserted below): where it is.
      p.add(sheet, r, filled[0], `第 ${r + 1} 行不是任务行（没有序号和状态），但 ${filled.map((c) => quoted(g, r, c)).join('、')} 有内容：请该单位把它写进所属任务的单元格，或删除这一行后重新报送`);
    } else if (entryCols.some((c) => g.text(r, c).trim() !== '')) {
      // The task its 重点任务 cell names, when it names one: said, and the row taken as that task's (no follow-on errors of a missing row).
      const titleCol = cols.title;
      const named = titleCol === undefined ? undefined : tasks.find((t) => !seen.has(t.no) && sameText(t.title, g.text(r, titleCol)));
      if (named) {
        seen.add(named.no);
        if (g.text(r, col('status')).trim() !== '') given.add(named.no);
      }
      const raw = g.text(r, col('no')).trim();
      const hint = named ? `（按“重点任务”一栏，应为 ${named.no}）` : '（整数）；表中只列该单位负责的任务，不能自行增加任务行';
      p.add(sheet, r, col('no'), raw === '' ? `序号为空，应填写任务序号${hint}` : `序号“${raw}”应为任务序号${named ? `（整数）${hint}` : hint}`);
    } else {
      // No entries, but something typed (a remark row: 备注 in 序号, a line in 重点任务): goes nowhere, said.
      for (const c of g.columnsOf(r)) if (Object.values(cols).includes(c) && g.text(r, c).trim() !== '') stray.push(quoted(g, r, c));
    }
    return;
  }
  const task = want.get(no);
  if (!task) {
    p.add(sheet, r, col('no'), `第 ${no} 项任务不是该单位负责的任务（序号填错，或自行增加了任务行？）`);
    return;
  }
  if (seen.has(no)) {
    p.add(sheet, r, col('no'), `第 ${no} 项任务出现了不止一行`);
    return;
  }
  // The row's 重点任务 names another of its tasks (rows sorted, or cut and pasted, without their 序号): its entries would
  // go to the task of the number. Refused, naming both.
  const titleText = cols.title === undefined ? '' : g.text(r, cols.title);
  const other = titleText.trim() === '' || sameText(task.title, titleText) ? undefined : tasks.find((t) => t.no !== no && sameText(t.title, titleText));
  if (other) {
    p.add(
      sheet,
      r,
      col('no'),
      `序号 ${no} 与“重点任务”一栏不对应：序号 ${no} 是“${task.title}”，而这一行的重点任务是第 ${other.no} 项“${other.title}”（排序或剪切粘贴时没有带上序号一栏？）。为免内容记到别的任务下，此文件未导入：请该单位核对后重新报送`,
    );
    seen.add(no);
    given.add(no);
    return;
  }
  if (titleText !== task.title && titleText.trim() !== '' && squeezedTitle(task.title) !== squeezedTitle(titleText)) x.retitled.push(`${quoted(g, r, cols.title as number)}（第 ${no} 项）`);
  seen.add(no);
  rowTask.set(r, no);
  for (const c of entryCols) {
    const cell = g.cell(r, c);
    if (cell?.type === 'e') p.add(sheet, r, c, errorCell(cell, c === col('percent') ? '完成比例（0–100 的整数）' : c === col('status') ? '状态' : '内容'));
  }
  // A status typed by hand with a space inside (a full-width one between 正常 and 推进) is the status: the five have none.
  const typed = plain(g.text(r, col('status'))).replace(/\s+/g, '').replace(TRAILING_STOP, '');
  const short = STATUS_SHORT[typed];
  if (short) x.shortened.push(`${colName(col('status'))}${r + 1}“${typed}”按“${short}”`);
  const statusRaw = short ?? typed;
  const texts = [col('progress'), col('problems'), col('next')].map((c) => {
    if (g.cell(r, c)?.type === 'e') return '';
    const raw = g.text(r, c);
    if (DISPIMG.test(raw)) {
      x.pictures.push(`${colName(c)}${r + 1}`);
      return '';
    }
    if (DROPPED.test(raw)) x.dropped.push(`${colName(c)}${r + 1}`);
    return normalizeText(raw);
  });
  const [progress, problems, next] = texts as [string, string, string];
  // Counted in characters as people see them (a character outside the BMP is one), as a save counts them.
  texts.forEach((t, k) => {
    const chars = t.length > LIMITS.text ? [...t].length : 0;
    if (chars > LIMITS.text) p.add(sheet, r, [col('progress'), col('problems'), col('next')][k], `第 ${no} 项任务的“${[PROGRESS_HEADERS.progress, PROGRESS_HEADERS.problems, PROGRESS_HEADERS.next][k]}”不能超过 ${LIMITS.text} 字（现有 ${chars} 字）：请该单位精简后重新报送，全文可作为佐证材料附上`);
  });
  const pctCell = g.cell(r, col('percent'));
  let percent: number | null = null;
  if (pctCell?.type === 'd') p.add(sheet, r, col('percent'), `完成比例单元格是日期格式（显示为“${String(pctCell.value)}”），应为 0–100 的整数：请该单位把该单元格的格式改为“常规”或“数值”，重新填写后报送`);
  else if (pctCell && String(pctCell.value).trim() !== '' && pctCell.type !== 'e') {
    const read = toNumber(pctCell.value);
    // A whole number as binary floating point leaves it (Excel's cached value of =0.57*100 is 56.999999999999993, shown
    // as 57): the number the clerk sees.
    const n = read !== null && Math.abs(read - Math.round(read)) < 1e-9 ? Math.round(read) : read;
    if (n === null) p.add(sheet, r, col('percent'), `完成比例“${g.text(r, col('percent'))}”应为数字（0–100 的整数）`);
    else if (n < 0 || n > 100) p.add(sheet, r, col('percent'), `完成比例 ${n} 超出范围，应为 0–100 的整数`);
    // 0.5 is most likely 50% typed as a fraction (or pasted as a value from a percentage cell): said so, not "1".
    else if (!Number.isInteger(n)) p.add(sheet, r, col('percent'), `完成比例 ${n} 不是整数，应为 0–100 的整数（${n < 1 ? `如指 ${Math.round(n * 100)}%，请填 ${Math.round(n * 100)}` : `如 ${Math.round(n)}`}）`);
    else percent = n;
  }
  if (statusRaw === '') {
    if (percent !== null || texts.some((t) => t.trim() !== '')) p.add(sheet, r, col('status'), `第 ${no} 项任务填写了内容，但没有选择状态（${STATUSES.join('、')}）`);
    out.push({ task: no, status: null, percent: null, progress: '', problems: '', next: '' });
    return;
  }
  given.add(no);
  if (!(STATUSES as readonly string[]).includes(statusRaw)) {
    // An error cell (a formula without its result, #N/A) is said once, above, as what it is.
    // Quoted as typed (not as compared: 进度滞后（人员不足） with its full-width brackets).
    if (g.cell(r, col('status'))?.type !== 'e') p.add(sheet, r, col('status'), `状态“${g.text(r, col('status')).trim()}”不在列表中，应为：${STATUSES.join('、')}`);
    return;
  }
  const status = statusRaw as Status;
  if (status === '进度滞后' && problems.trim() === '') {
    const hid = g.coveredAt(r, col('problems'));
    p.add(
      sheet,
      r,
      col('problems'),
      `第 ${no} 项任务状态为“进度滞后”时，必须填写“存在问题”${hid ? `：${colName(col('problems'))}${r + 1} 中的文字被合并单元格 ${hid.area} 遮住（看不到，也不读取），请该单位取消合并、把存在的问题写进“存在问题”一栏后重新报送` : ''}`,
    );
  }
  out.push({ task: no, status, percent, progress, problems, next });
}

/** 是 and 否 as clerks also mark them (√ and ×, Y and N, 对, 不是): read as 是 or 否, and said. Not 有 or 无: for an indicator worded 无违法… either could mean 是. */
const YES_MARKS = new Set(['√', '✓', '✔', '☑', 'Y', 'YES', '对']);
const NO_MARKS = new Set(['×', '✗', '✘', '☒', 'N', 'NO', '不是']);
/** A full stop or comma typed after a word that stands alone (已完成。, 是。). */
const TRAILING_STOP = /[。.，,；;！!、]+$/;

/** `reported`: the tasks given a status in 工作进展, valid or not (an indicator's value is kept with its task's report). */
function readIndicators(
  book: RawBook,
  p: Problems,
  tasks: Task[],
  reported: ReadonlySet<number>,
  stray: string[],
  rowless: Indicator[] = [],
  rowlessTasks: ReadonlySet<number> = new Set(),
  inTarget: string[] = [],
  marks: string[] = [],
  covered: string[] = [],
  ours: (text: string) => boolean = () => true,
): Record<string, IndicatorValue> {
  const sheet = SHEETS.indicators;
  const out: Record<string, IndicatorValue> = {};
  const all = tasks.flatMap((t) => t.indicators);
  const taskOf = new Map(tasks.flatMap((t) => t.indicators.map((i) => [i.id, t.no] as const)));
  const g = sheetByName(book, sheet);
  if (!g) {
    if (all.length > 0) p.add(sheet, undefined, undefined, missingSheet(book, sheet));
    return out;
  }
  const head = g.findHeader(INDICATOR_HEADERS, ['name', 'value']);
  if (!head) {
    if (all.length > 0) missingHeader(g, p, sheet, INDICATOR_HEADERS, ['name', 'value']);
    return out;
  }
  if (headerMergedIntoData(g, head.row, sheet, p) || headedTwice(g, head, INDICATOR_HEADERS, ['id', 'name', 'value'], sheet, p)) return out;
  const { cols } = head;
  const byId = new Map(all.map((i) => [i.id, i]));
  // By name only where a row's id is missing or unknown (a hand-typed row): made when first needed.
  let byName: Map<string, Indicator> | null = null;
  const named = (text: string): Indicator | undefined => (byName ??= new Map(all.map((i) => [normalizeHeader(i.name), i]))).get(normalizeHeader(text));
  aboveHeader(g, head.row, ours, stray);
  outsideColumns(g, head.row, new Set(Object.values(cols)), stray);
  const rowFound = new Set<string>();
  const vCol = cols.value as number;
  // A value under a merge (目标 and 本期数值 merged, the value kept by LibreOffice): not read, said.
  for (const h of g.covered()) if (h.r > head.row && h.c === vCol) covered.push(coveredSaid(h));
  // A value cell merged down over other indicators' rows: one number would be taken as each of theirs (another measure:
  // 森林覆盖率's 95 as 河库岸线保护率's). Refused at the merge, the rows it covers not read.
  const rowInd = new Map<number, Indicator>();
  const downward = (g.sheet.merges ?? []).some(([r0, c0, r1, c1]) => r1 > r0 && r0 > head.row && vCol >= c0 && vCol <= c1);
  for (let r = head.row + 1; downward && r <= g.maxRow; r++) {
    const ind = byId.get(cols.id !== undefined ? g.text(r, cols.id).trim() : '') ?? named(g.text(r, cols.name as number));
    if (ind) rowInd.set(r, ind);
  }
  const mergedRows = new Set<number>();
  for (const [r0, c0, r1, c1] of g.sheet.merges ?? []) {
    if (r1 <= r0 || r0 <= head.row || vCol < c0 || vCol > c1) continue;
    const over = [...new Set(Array.from({ length: r1 - r0 + 1 }, (_, k) => rowInd.get(r0 + k)).filter((i): i is Indicator => i !== undefined))];
    if (over.length < 2 || g.text(r0, c0).trim() === '') continue;
    p.add(sheet, r0, vCol, `${colName(c0)}${r0 + 1}:${colName(c1)}${r1 + 1} 是合并单元格，一个数值同时落在指标${over.map((i) => `“${i.name}”`).join('')}的行上：请该单位取消合并，为每个指标分别填写后重新报送`);
    for (let r = r0; r <= r1; r++) mergedRows.add(r);
  }
  for (let r = head.row + 1; r <= g.maxRow; r++) {
    if (g.rowIsEmpty(r)) continue;
    const idText = cols.id !== undefined ? g.text(r, cols.id).trim() : '';
    const nameText = g.text(r, cols.name as number);
    const ind: Indicator | undefined = byId.get(idText) ?? named(nameText);
    if (ind) rowFound.add(ind.id);
    if (mergedRows.has(r)) continue;
    const cell = g.cell(r, vCol);
    // The row's 指标 is another indicator than its 编号's (rows moved without their 编号): its value would count for the
    // indicator of the number. Refused, naming both.
    // Only where the row's name is not its number's indicator's, and names one other indicator alone (two of a unit's
    // indicators may share a name: 完成率).
    const otherInd = ind && byId.has(idText) && nameText.trim() !== '' && normalizeHeader(ind.name) !== normalizeHeader(nameText) ? named(nameText) : undefined;
    const sameName = otherInd ? all.filter((i) => normalizeHeader(i.name) === normalizeHeader(nameText)).length : 0;
    if (ind && otherInd && otherInd.id !== ind.id && sameName === 1) {
      p.add(sheet, r, cols.id ?? cols.name, `编号 ${ind.id} 与“指标”一栏不对应：编号 ${ind.id} 是“${ind.name}”，而这一行的指标是“${otherInd.name}”（编号 ${otherInd.id}）。为免数值记到别的指标下，此文件未导入：请该单位核对后重新报送`);
      continue;
    }
    if (!ind) {
      if (cell && String(cell.value).trim() !== '') p.add(sheet, r, cols.id ?? cols.name, `指标“${idText || g.text(r, cols.name as number)}”不是该单位所负责任务的指标`);
      // A remark row under the table: goes nowhere, said.
      else if (idText === '') for (const c of g.columnsOf(r)) if (Object.values(cols).includes(c) && g.text(r, c).trim() !== '') stray.push(quoted(g, r, c));
      continue;
    }
    // 说明 says how to fill the value in; anything else there was typed by hand and goes nowhere.
    if (cols.note !== undefined) {
      const note = g.text(r, cols.note).trim();
      const said = indicatorInput(ind);
      if (note !== '' && note !== said && normalizeHeader(note) !== normalizeHeader(said)) stray.push(quoted(g, r, cols.note));
    }
    // A number alone in 目标 with 本期数值 left empty: most likely this period's value typed one column early (目标 is
    // written by the app, never read): said where it is, as text outside the entry cells is.
    // Not the target the app wrote itself: an indicator to equal a number (100%, 5.1 and 12.1) has its target written
    // as that number alone.
    const targetTyped = cols.target !== undefined ? g.text(r, cols.target).trim() : '';
    const numberAlone = /^([-+]?\d+(?:\.\d+)?)\s*%?$/.exec(targetTyped);
    const written = ind.comparator === '=' && numberAlone !== null && Number(numberAlone[1]) === ind.target;
    if (cols.target !== undefined && (!cell || String(cell.value).trim() === '') && numberAlone && !written) inTarget.push(`${quoted(g, r, cols.target)}（指标“${ind.name}”）`);
    if (!cell || String(cell.value).trim() === '') continue;
    if (cell.type === 'e') {
      p.add(sheet, r, vCol, errorCell(cell, ind.comparator === 'yes' ? '“是”或“否”' : '数字'));
      continue;
    }
    if (cell.type === 'd') {
      p.add(sheet, r, vCol, `指标“${ind.name}”的单元格是日期格式（显示为“${String(cell.value)}”），应填${ind.comparator === 'yes' ? '“是”或“否”' : '数字'}：请该单位把该单元格的格式改为“常规”或“数值”，重新填写后报送`);
      continue;
    }
    let value: IndicatorValue;
    if (ind.comparator === 'yes') {
      const typed = typeof cell.value === 'boolean' ? (cell.value ? '是' : '否') : String(cell.value).trim();
      const s = plain(typed).replace(TRAILING_STOP, '');
      const mark = s.toUpperCase();
      const yes = s === '是' || YES_MARKS.has(mark);
      if (!yes && s !== '否' && !NO_MARKS.has(mark)) {
        p.add(sheet, r, vCol, `指标“${ind.name}”应填“是”或“否”，现为“${typed}”`);
        continue;
      }
      if (s !== '是' && s !== '否') marks.push(`${colName(vCol)}${r + 1}“${typed}”按“${yes ? '是' : '否'}”`);
      value = yes;
    } else {
      const n = toNumber(cell.value);
      if (n === null) {
        p.add(sheet, r, vCol, `指标“${ind.name}”应填数字，现为“${String(cell.value)}”`);
        continue;
      }
      value = n;
    }
    const msg = checkIndicatorValue(ind, value);
    const task = taskOf.get(ind.id) as number;
    if (msg) p.add(sheet, r, vCol, msg);
    else if (rowlessTasks.has(task)) p.add(sheet, r, vCol, `填写了指标“${ind.name}”，但“${SHEETS.progress}”表中没有第 ${task} 项任务的行（被删除了？），指标数值无法导入：请该单位恢复该行（序号 ${task}）并选择状态后重新报送`);
    else if (!reported.has(task)) p.add(sheet, r, vCol, `填写了指标“${ind.name}”，但“${SHEETS.progress}”表中第 ${task} 项任务没有选择状态，指标数值无法导入：请该单位选择这项任务的状态后重新报送`);
    else if (ind.id in out) p.add(sheet, r, vCol, `指标“${ind.name}”出现了不止一行`);
    else out[ind.id] = value;
  }
  // An indicator of a task reported that has no row at all (deleted by hand): left empty, said (as a task row is).
  rowless.push(...all.filter((i) => !rowFound.has(i.id) && reported.has(taskOf.get(i.id) as number)));
  return out;
}

/**
 * The 佐证材料 sheet's rows. A filled template's rows name files without
 * their hash (hash ''): the import finds them in the bundle by name
 * (import-run.ts `resolveListed`).
 */
function readEvidence(book: RawBook, p: Problems, tasks: Task[], template: boolean, stray: string[], ours: (text: string) => boolean): EvidenceEntry[] {
  const sheet = SHEETS.evidence;
  const g = sheetByName(book, sheet);
  if (!g) return [];
  const head = g.findHeader(EVIDENCE_HEADERS, ['task', 'name', 'hash']);
  if (!head) return [];
  if (headerMergedIntoData(g, head.row, sheet, p)) return [];
  const { cols } = head;
  // A note typed above the list, or in a column beside it (照片另行报送): not read, said.
  aboveHeader(g, head.row, ours, stray);
  const known = Object.values(cols).filter((c): c is number => c !== undefined);
  outsideColumns(g, head.row, new Set(known), stray);
  const mine = new Set(tasks.map((t) => t.no));
  const out: EvidenceEntry[] = [];
  for (let r = head.row + 1; r <= g.maxRow; r++) {
    // (A row with text beside the list only: said above.)
    if (known.every((c) => g.text(r, c).trim() === '')) continue;
    const task = toNumber(g.cell(r, cols.task as number)?.value ?? '');
    const hash = g.text(r, cols.hash as number).trim().toLowerCase();
    const name = g.text(r, cols.name as number).trim();
    const size = cols.size !== undefined ? (toNumber(g.cell(r, cols.size)?.value ?? '') ?? 0) : 0;
    if (g.text(r, cols.task as number).trim() === '') p.add(sheet, r, cols.task, `缺少任务序号（该单位的任务序号：${tasks.map((t) => t.no).join('、')}）`);
    else if (task === null || !mine.has(task)) p.add(sheet, r, cols.task, `任务序号“${g.text(r, cols.task as number)}”不是该单位的任务（该单位的任务序号：${tasks.map((t) => t.no).join('、')}）`);
    else if (name === '') p.add(sheet, r, cols.name, '缺少文件名');
    else if (template && hash === '') out.push({ task, name, size: 0, hash: '', row: r + 1 });
    else if (!/^[0-9a-f]{64}$/.test(hash)) p.add(sheet, r, cols.hash, 'SHA-256 摘要格式不正确（应为 64 位十六进制）');
    else out.push({ task, name, size, hash });
  }
  return out;
}

/**
 * The rows of files with their hash, under the names they are kept by (safeFileName, as evidence.add keeps a name):
 * ../../x.txt, C:\\…\\x.dll, CON and a:b|c?.txt are never stored as written. Two rows that come to the same name of
 * the same file of a task are one. A template's rows (no hash) are found by their names as written (resolveListed).
 */
function keptNames(rows: EvidenceEntry[]): EvidenceEntry[] {
  const out: EvidenceEntry[] = [];
  for (const e of rows) {
    const name = e.hash === '' ? e.name : safeFileName(e.name);
    if (!out.some((x) => x.task === e.task && x.hash === e.hash && x.name === name)) out.push(name === e.name ? e : { ...e, name });
  }
  return out;
}

/**
 * What a clerk changed since the export, by the machine sheet's part hashes: said by part (tasks by number, the
 * cover, the indicators, the evidence list). A task's row that now says what another task's row said as exported
 * (the whole entry, or some of its texts), where that task's row changed too, most likely moved with a sort or a cut
 * and paste of the entry columns, or of some of them, alone (Excel's 以当前选定区域排序 on an unprotected sheet): two
 * or more rows so are refused, each by its row; one is asked about. Only a row with a text that tells (TELLING_TEXT)
 * counts: a status and a percent alone (未启动 0%) are shared by chance.
 */
function changedParts(before: Map<string, string>, now: Map<string, string>, tasks: Task[], taskRows: Map<number, number>, p: Problems, refused = false): { said: string; moved?: string } {
  const changed = tasks.map((t) => t.no).filter((no) => before.get(`t${no}`) !== now.get(`t${no}`));
  // The exported rows (and texts) by their hash; a hash two tasks shared tells nothing of where an entry came from.
  const origin = (suffix: string): Map<string, number | null> => {
    const from = new Map<string, number | null>();
    for (const t of tasks) {
      const h = before.get(`t${t.no}${suffix}`);
      if (h !== undefined) from.set(h, from.has(h) ? null : t.no);
    }
    return from;
  };
  const rows = origin('');
  const fields = TEXT_PARTS.map(([k]) => [k, origin(k)] as const);
  const label: Record<string, string> = { p: PROGRESS_HEADERS.progress, q: PROGRESS_HEADERS.problems, n: PROGRESS_HEADERS.next };
  type Move = { a: number; whole: number | undefined; parts: [string, number][] };
  const moves = changed.flatMap((a): Move[] => {
    if (!TEXT_PARTS.some(([k]) => now.has(`t${a}${k}`))) return [];
    const whole = rows.get(now.get(`t${a}`) ?? '');
    if (whole !== undefined && whole !== null && whole !== a && changed.includes(whole)) return [{ a, whole, parts: [] }];
    const parts = fields.flatMap(([k, from]): [string, number][] => {
      const h = now.get(`t${a}${k}`);
      const b = h === undefined || h === before.get(`t${a}${k}`) ? undefined : from.get(h);
      return b !== undefined && b !== null && b !== a && before.get(`t${b}${k}`) !== now.get(`t${b}${k}`) ? [[k, b]] : [];
    });
    return parts.length > 0 ? [{ a, whole: undefined, parts }] : [];
  });
  const same = (m: Move): string => {
    if (m.whole !== undefined) return `第 ${m.a} 项任务一行的填报内容（状态、完成比例和三栏文字）与导出时第 ${m.whole} 项任务的完全相同，第 ${m.whole} 项任务一行的内容也已不是导出时的`;
    const by = new Map<number, string[]>();
    for (const [k, b] of m.parts) by.set(b, [...(by.get(b) ?? []), `“${label[k]}”`]);
    const what = [...by].map(([b, ls]) => `${ls.join('')}与导出时第 ${b} 项任务的`).join('、');
    const others = [...by.keys()];
    return `第 ${m.a} 项任务一行的${what}相同，第 ${others.join('、')} 项任务的这几栏也已不是导出时的`;
  };
  // Refused for something else, one moved row is said among the errors too: fixing only what was said would send the
  // move again, and the next file would be taken with a warning.
  if (moves.length > 1 || (refused && moves.length === 1)) {
    for (const m of moves) {
      p.add(
        SHEETS.progress,
        taskRows.get(m.a),
        undefined,
        `${same(m)}：多半是只选中填报的几栏排序（或剪切、粘贴），内容错了行。请该单位逐项核对后重新报送（排序须选中整行，或在本系统中改好后重新导出）`,
      );
    }
  }
  const said = [
    changed.length > 0 ? `第 ${changed.join('、')} 项任务的填报内容` : '',
    before.get('cover') !== now.get('cover') ? '封面的填报人或联系电话' : '',
    before.get('indicators') !== now.get('indicators') ? '指标数值' : '',
    before.get('evidence') !== now.get('evidence') ? '佐证材料清单' : '',
  ].filter((x) => x !== '');
  const one = moves[0];
  return {
    said: said.join('、'),
    ...(moves.length === 1 && one ? { moved: `“${SHEETS.progress}”表中${same(one)}：如是错了行（只对部分栏排序或剪切、粘贴），请该单位改正后重新报送` } : {}),
  };
}

/** Seconds between two instants, or Infinity when either is missing. */
function apart(a: string | null, b: string): number {
  const x = a ? Date.parse(a) : NaN;
  const y = Date.parse(b);
  return Number.isFinite(x) && Number.isFinite(y) ? Math.abs(x - y) / 1000 : Infinity;
}

/**
 * The unit and period a workbook is for, read from its machine sheet exactly
 * as readUnitWorkbook reads them (the same checks), or null when the
 * workbook would be refused for its machine sheet alone. `book` needs only
 * the machine sheet.
 */
export function readKey(env: ReadEnv, book: RawBook): { unit: Unit; period: string; revision: number } | null {
  const head = readMeta(env, book, new Problems());
  return head.meta ? { unit: head.meta.unit, period: head.meta.period.id, revision: head.meta.revision } : null;
}

/** The warning a filled template is accepted with (left out when it is stale: nothing of it is applied). */
export const TEMPLATE_WARNING = '这是手工填写的模板（不是系统导出的工作簿），请核对内容';

export function readUnitWorkbook(env: ReadEnv, book: RawBook, isXlsx: boolean): ReadOutcome {
  const p = new Problems();
  const head = readMeta(env, book, p);
  const fail = (): ReadOutcome => ({ ok: false, errors: p.list, unit: head.unit, period: head.period, revision: head.revision });
  if (!head.meta) return fail();
  const meta = head.meta;
  const tasks = env.planFor(meta.period).tasksOf(meta.unit.code);
  const nameWarnings: string[] = [];
  const strayCover: string[] = [];
  const cover = readCover(book, p, meta, env, nameWarnings, strayCover);
  const given = new Set<number>();
  const before = p.list.length;
  const strayIndicators: string[] = [];
  const said: ProgressSaid = { stray: [], missing: [], merged: [], dropped: [], pictures: [], covered: [], shortened: [], across: [], retitled: [], taskRows: new Map() };
  const { stray: strayProgress, missing: missingRows, merged: mergedDown, dropped, pictures, covered, taskRows } = said;
  // The names the unit's title rows may carry: its own, any it went by, the one its file's database gave it.
  const names = [meta.unit.name, ...env.namesOf(meta.unit), meta.unitNamed].filter((n) => n.trim() !== '');
  const entries = readProgress(book, p, tasks, given, said, ownTitles('重点任务进展情况表', meta.period, names));
  // 工作进展 unreadable as a whole (missing, no header): its one error says so; no task then counts as without a status.
  if (entries.length === 0 && p.list.length > before) for (const t of tasks) given.add(t.no);
  // An indicator of a task whose status is wrong is not refused again for "no status": one error, where it is.
  const rowless: Indicator[] = [];
  const inTarget: string[] = [];
  const marks: string[] = [];
  const coveredValues: string[] = [];
  const indicators = readIndicators(book, p, tasks, given, strayIndicators, rowless, new Set(missingRows.map((t) => t.no)), inTarget, marks, coveredValues, ownTitles('指标完成情况', meta.period, names));
  const strayEvidence: string[] = [];
  const evidence = readEvidence(book, p, tasks, meta.kind === 'template', strayEvidence, ownTitles('佐证材料清单', meta.period, names));
  if (p.list.length === 0 && entries.every((e) => e.status === null) && Object.keys(indicators).length === 0) {
    const what = meta.kind === 'template' ? '空白的手工填写模板' : '空白的报送工作簿';
    p.add(SHEETS.progress, undefined, undefined, `没有任何任务填写了状态，指标也没有数值：这是一份${what}，不作为报送接收：请该单位填写后重新报送`);
  }
  const content: WorkbookContent = { unit: meta.unit.code, period: meta.period.id, ...cover, tasks: entries, indicators, evidence };
  if (p.list.length > 0) {
    // Entries moved to other tasks' rows are named beside what refuses the file (an entry cut into another task's row
    // left its indicator behind: only the indicator was said).
    if (meta.kind === 'unit' && head.parts && entries.length > 0 && contentHash(content) !== meta.claimedHash) changedParts(head.parts, partHashes(content), tasks, taskRows, p, true);
    return fail();
  }
  // Hashed as written (what the exporting app hashed), then the names kept as evidence.add keeps them: no folders, no
  // device names, nothing a file system refuses. An untouched export still reads as such.
  const hash = contentHash(content);
  const changed = meta.kind === 'unit' && hash !== meta.claimedHash && head.parts ? changedParts(head.parts, partHashes(content), tasks, taskRows, p) : null;
  if (p.list.length > 0) return fail();
  content.evidence = keptNames(evidence);
  const warnings: string[] = [...nameWarnings, ...(meta.otherPlan ? [meta.otherPlan] : [])];
  let modified = false;
  if (meta.kind === 'template') {
    modified = true;
    warnings.push(TEMPLATE_WARNING);
    // A row left empty in a template is most likely a task overlooked (the app's own exports say so before they go).
    const empty = entries.filter((e) => e.status === null && !missingRows.some((t) => t.no === e.task)).map((e) => e.task);
    if (empty.length > 0) warnings.push(`模板中第 ${empty.join('、')} 项任务没有填写（状态为空），按未填写处理：如该单位有进展要报，请其填写后重报`);
  } else if (hash !== meta.claimedHash && changed?.said !== '') {
    modified = true;
    warnings.push(`内容在导出后被修改：${changed?.said ? `${changed.said}与导出时不一致` : '工作簿内容与导出时不一致'}，请向该单位核实`);
    if (changed?.moved) warnings.push(changed.moved);
  } else if (hash !== meta.claimedHash) {
    // Every part as exported but for tab characters, which LibreOffice drops from an .ods's texts: saved again, not edited.
    modified = true;
    warnings.push('文件在导出后被修改：被其他程序（Excel、WPS 或 LibreOffice）重新保存过；经核对，填报内容与导出时一致（文字中的制表符未能保留）');
  } else if (!isXlsx || book.application !== WRITER_APPLICATION || apart(book.modified, meta.exportedAt) > 2) {
    // Same content, but another program has saved the file since it was exported.
    modified = true;
    warnings.push('文件在导出后被修改：被其他程序（Excel、WPS 或 LibreOffice）重新保存过；经核对，填报内容与导出时一致');
  }
  if (missingRows.length > 0) {
    warnings.push(`“${SHEETS.progress}”表中没有${missingRows.map((t) => `第 ${t.no} 项任务“${t.title}”`).join('、')}的行（被删除了？），按未填写处理；如该单位有进展要报，请其恢复该行（序号 ${missingRows.map((t) => t.no).join('、')}）后重报`);
  }
  if (rowless.length > 0) {
    warnings.push(`“${SHEETS.indicators}”表中没有${rowless.map((i) => `指标“${i.name}”（编号 ${i.id}）`).join('、')}的行（被删除了？），按未填写处理；如该单位有数值要报，请其恢复该行后重报`);
  }
  // A status and a 完成比例 that disagree (the app asks its clerk before the file goes; a template is asked nothing).
  const disagree = entries.flatMap((e) => {
    const m = statusPercentDisagree(e.status, e.percent);
    return m ? [`第 ${e.task} 项任务的${m.what}`] : [];
  });
  if (said.shortened.length > 0) warnings.push(`“${SHEETS.progress}”表中 ${said.shortened.join('、')}导入：请与该单位核对（状态请从下拉列表中选择）`);
  if (disagree.length > 0) warnings.push(`“${SHEETS.progress}”表中${disagree.join('；')}：请与该单位核对`);
  if (marks.length > 0) warnings.push(`“${SHEETS.indicators}”表中 ${marks.join('、')}导入：请与该单位核对（是否指标请填“是”或“否”）`);
  if (inTarget.length > 0) warnings.push(`“${SHEETS.indicators}”表中 ${inTarget.join('、')}的数字填在了“目标”一栏，“本期数值”却是空的：目标由本系统写入，不导入；如是本期数值，请该单位填入“本期数值”后重报`);
  // Pictures placed on the sheets (a photo of the work, a stamp), and text in comments and text boxes: none is read;
  // where they are, said.
  const placed = (kinds: readonly Drawn['kind'][]) =>
    [SHEETS.cover, SHEETS.progress, SHEETS.indicators, SHEETS.evidence].flatMap((s) => {
      const all = (sheetNamed(book, s)?.drawn ?? []).filter((d) => kinds.includes(d.kind));
      if (all.length === 0) return [];
      const cells = [...new Set(all.filter((d) => d.at !== '').map((d) => d.at))];
      return [`“${s}”表${cells.length > 0 ? ` ${cells.join('、')} 处` : ''}`];
    });
  const pictured = placed(['picture']);
  if (pictured.length > 0) warnings.push(`${pictured.join('、')}有图片，图片不导入（只导入单元格中的文字）：如是照片、盖章件等，请该单位作为佐证材料报送`);
  const noted = placed(['comment', 'text']);
  if (noted.length > 0) warnings.push(`${noted.join('、')}有批注或文本框中的文字，不导入（只导入单元格中的文字）：如需报送，请该单位写进相应的单元格后重报`);
  if (pictures.length > 0) warnings.push(`“${SHEETS.progress}”表 ${pictures.join('、')} 中是放进单元格的图片（WPS 的“嵌入单元格”），图片不能作为文字导入，这些单元格按空白处理：请与该单位核对，照片请作为佐证材料报送`);
  if (dropped.length > 0) warnings.push(`“${SHEETS.progress}”表 ${dropped.join('、')} 中有看不见的控制字符（从网页或其他程序粘贴带入），导入时已去掉，其余文字不变`);
  if (covered.length > 0) warnings.push(`“${SHEETS.progress}”表中 ${covered.join('；')}：看不到，也未导入。请与该单位核对；如要报送这些文字，请其取消合并、写进相应的单元格后重报`);
  if (coveredValues.length > 0) warnings.push(`“${SHEETS.indicators}”表中 ${coveredValues.join('；')}：看不到，也未导入。请与该单位核对；如要报送这个数值，请其取消合并、填进“本期数值”后重报`);
  // (A file made on an earlier plan may name a task as that plan did: said there as made on another plan.)
  if (said.retitled.length > 0 && !meta.otherPlan) warnings.push(`“${SHEETS.progress}”表中 ${said.retitled.join('、')}的任务名称被改动，与任务清单不同：任务名称由本系统写入，改动不导入，内容按序号记入该任务；请与该单位核对`);
  if (said.across.length > 0) warnings.push(`“${SHEETS.progress}”表中 ${said.across.join('；')}：请与该单位核对；如要分别报送，请其取消合并、分别填写后重报`);
  if (mergedDown.length > 0) warnings.push(`“${SHEETS.progress}”表中 ${mergedDown.join('；')}：请与该单位核对（如只属于其中一项，请其取消合并后重报）`);
  const renamed = renamedSheets(book);
  if (renamed.length > 0) warnings.push(`${renamed.join('，')}（工作表被改了名）；请该单位以后不要改动工作表名称`);
  if (strayCover.length > 0) warnings.push(strayText(SHEETS.cover, strayCover, '“填报人”“联系电话”两栏，或所属任务的“工作进展”'));
  if (strayProgress.length > 0) warnings.push(strayText(SHEETS.progress, strayProgress, '所属任务的“工作进展”“存在问题”或“下步计划”'));
  if (strayIndicators.length > 0) warnings.push(strayText(SHEETS.indicators, strayIndicators, '相关任务的“工作进展”（指标表只收“本期数值”）'));
  if (strayEvidence.length > 0) warnings.push(strayText(SHEETS.evidence, strayEvidence, '所属任务的“工作进展”（佐证材料清单只收所列文件）'));
  // A sheet added by hand (a copy of 工作进展 written in instead, a 备注 sheet): nothing in it is read, said by name.
  const read = new Set(Object.values(SHEETS).map((s) => sheetNamed(book, s)?.name));
  const extra = (book.names ?? book.sheets.map((s) => s.name)).filter((n) => !read.has(n));
  if (extra.length > 0) {
    warnings.push(
      `工作簿中另有${extra.map((n) => `“${n}”`).join('、')}${extra.length > 1 ? '等表' : '表'}：本系统只读取“${SHEETS.cover}”“${SHEETS.progress}”“${SHEETS.indicators}”“${SHEETS.evidence}”四张表，其他表中的内容不导入（导入时原件一并存档）；如其中写有本期的填报内容，请该单位写进相应的表后重报`,
    );
  }
  // Demo data sent by mistake (a unit's first-run demo exported): accepted as any content is, but said.
  const demo = entries.filter((e) => [e.progress, e.problems, e.next].some((t) => t.startsWith(DEMO_MARK))).map((e) => e.task);
  if (demo.length > 0) warnings.push(`第 ${demo.join('、')} 项任务的填报内容是演示数据（${DEMO_MARK}），不是实际进展；请核实是否误报（如是，请该单位改填实际内容后重新导出）`);
  // A percentage typed as a fraction (0.186 for 18.6%, or a percentage cell pasted as a value) in a file filled in or
  // changed by hand: kept as it says, but said, before it is judged against a target of whole percents.
  if (modified) {
    for (const t of tasks) {
      for (const ind of t.indicators) {
        const v = indicators[ind.id];
        const pct = percentAsFraction(ind, v ?? null);
        if (pct !== null) {
          warnings.push(`指标“${ind.name}”的数值为 ${v}%：如指 ${pct}%，请该单位改填 ${pct} 后重报（百分比指标填 0–100 的数）`);
        }
      }
    }
  }
  const sent = sentAt(meta, modified, { at: book.modified, application: book.application, isXlsx });
  // Saved once the next period was over too: most likely last time's file filled in again for a later period. Not when
  // it was exported (or the template made) after that period as well (a unit reporting late: no older file to reuse),
  // nor when its content is as exported (saved again, not filled in).
  const next = periodContaining(meta.period.kind, addDays(meta.period.endsOn, 1));
  const made = isoOrNull(meta.exportedAt);
  const filledIn = meta.kind === 'template' || hash !== meta.claimedHash;
  if (sent !== null && modified && filledIn && chinaDate(sent) > next.endsOn && (made === null || chinaDate(made) <= next.endsOn)) {
    warnings.push(
      `此文件是${meta.period.label}的${meta.kind === 'template' ? '填写模板' : '报送工作簿'}，却保存于${formatChineseDateTime(sent)}（${next.label}也已结束）：可能是沿用旧文件填写了新一期的内容，请与该单位核实；新一期的报送应使用该期的模板，或由系统重新导出`,
    );
  }
  return { ok: true, meta, content, hash, modified, sentAt: sent, warnings };
}

export const isoOrNull = (s: string | null | undefined): string | null => {
  const t = s ? Date.parse(s) : NaN;
  return Number.isFinite(t) ? new Date(t).toISOString() : null;
};

/**
 * When the unit sent the file, as the file says: an unmodified workbook when
 * it was exported; one saved again after export (or a filled template) when
 * it was last saved (never before its export). Null when the file does not
 * say: no save time, or a save time still that of the export (or of the
 * blank template) although the content changed — the program that changed it
 * did not record when (openpyxl keeps the time it found). Then the bureau's
 * time of receipt stands.
 *
 * LibreOffice (7.x) writes an .xlsx's save time in the computer's local time
 * but marks it as UTC ("16:15Z" for 16:15 in Beijing); such a time is read as
 * China time.
 */
export function sentAt(meta: UnitWorkbookMeta, modified: boolean, saved: { at: string | null; application: string | null; isXlsx: boolean }): string | null {
  const made = isoOrNull(meta.exportedAt);
  const exported = meta.kind === 'template' ? null : made;
  if (!modified) return exported;
  let at = isoOrNull(saved.at);
  if (!at) return null;
  if (saved.isXlsx && /libreoffice/i.test(saved.application ?? '') && /Z$/i.test(saved.at ?? '')) at = new Date(Date.parse(at) - CHINA_OFFSET_MS).toISOString();
  if (made && Math.abs(Date.parse(at) - Date.parse(made)) <= 2000) return null;
  return exported && exported > at ? exported : at;
}
