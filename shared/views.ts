/** What the API hands out: plain JSON objects, the same for every host. */
import type { Comparator, Category, Measure, Plan, Unit, UnitKind, UnitRole } from './catalog/types';
import type { MissingEvidence } from './api/exchange';
import type { KindSpan, PeriodKind, SubmissionState } from './period';
import type { Compliance, EvidenceRef, IndicatorValue, Report, ReportFields, ReportSource } from './report';

export type Role = 'bureau' | 'unit';

export interface AppInfo {
  initialized: boolean;
  role: Role | null;
  unit: Unit | null;
  periodKind: PeriodKind;
  /** The kinds in use and when (switches in 设置): what a switch would keep owed is said by them (kindSwitchSaid). */
  kindSpans: KindSpan[];
  /**
   * 起报周期: the first period owed (`CoreContext.firstOwed`; periods that ended before it are asked of nobody); null
   * when every period is owed.
   */
  firstOwed: { id: string; label: string } | null;
  /** The earliest 起报周期 the bureau may choose: the period of the kind in use the plan was issued in. */
  planIssuedOn: string | null;
  catalogVersion: string | null;
  schemaVersion: number;
  dbPath: string;
  /** Today in China time, YYYY-MM-DD. */
  today: string;
  /** The current period of the kind in use. */
  currentPeriod: string;
  reportCount: number;
  /** Periods holding demo data (演示数据). */
  demoPeriods: string[];
  appVersion: string;
}

export interface TaskUnitView {
  code: string;
  name: string;
  kind: UnitKind;
  role: UnitRole;
}

export interface IndicatorView {
  id: string;
  name: string;
  comparator: Comparator;
  target: number | null;
  unit: string;
  notLower: boolean;
  /** 目标 as people write it: ≥20%, 100%, 不降低 … */
  targetText: string;
  /** The target handed down for the year (完成上级管控目标 indicators; entered by the bureau in 设置), null when not entered. */
  assigned: number | null;
}

export interface TaskView {
  no: number;
  category: number;
  title: string;
  body: string;
  intro: string;
  measures: Measure[];
  unitsText: string;
  units: TaskUnitView[];
  allTowns: boolean;
  indicators: IndicatorView[];
  originalText: string;
  corrections: { at: number; from: string; to: string; reason: string }[];
}

export interface CatalogView {
  version: string;
  plan: Plan;
  categories: Category[];
  tasks: TaskView[];
  units: Unit[];
}

export interface PeriodView {
  id: string;
  kind: PeriodKind;
  label: string;
  startsOn: string;
  endsOn: string;
  deadline: string;
  closed: boolean;
  /** Days from today to the deadline; negative when past. */
  daysLeft: number;
  /** 上期: the period owed before this one (of the kind in use then: the quarter before the first month of 月报); null before 2000. */
  previous: string | null;
  /**
   * Asked of the units (`CoreContext.asked`). False for one listed only for what it holds: before the 起报周期, or of a
   * kind given up (the quarter a clerk had begun when the bureau switched to 月报).
   */
  owed: boolean;
}

export interface MyTaskView {
  task: number;
  category: number;
  title: string;
  role: UnitRole;
  report: Report | null;
}

export interface UnitPeriodView {
  unit: Unit;
  period: PeriodView;
  tasks: MyTaskView[];
  filled: number;
  total: number;
  /** The bureau's 退回 of the unit's submission for the period (in a unit's database: as its set-up file said), else null. */
  returned: ReturnView | null;
  /** The bureau's 审核通过 of the unit's submission for the period (in a unit's database: as its set-up file said), else null. */
  approved: ApprovalView | null;
  /** The bureau's database: the reports changed since the submission that counts (its revision) came; not registered again. */
  editedSince?: { revision: number } | null;
  /**
   * The bureau's database: the evidence files the held file listed without bringing them, by task, that the bureau has
   * not attached itself since (代为填报's 添加佐证材料 under that name).
   */
  evidenceMissing?: MissingEvidence[];
}

export interface HistoryView {
  version: number;
  source: ReportSource;
  /** Who made it, as said (reportSourceLabel): 区局录入, 本单位填报, 导入单位报送文件, 复制上期, 演示数据. */
  by: string;
  note: string;
  savedAt: string;
  data: ReportFields & { evidence: EvidenceRef[] };
}

export interface SubmissionStatusView {
  unit: string;
  unitName: string;
  kind: UnitKind;
  /** On time or late by this: when the unit sent its first submission, as its file says (its export; a file saved again, its save), else when it was received. */
  state: SubmissionState;
  submittedAt: string | null;
  /** submittedAt is a day the bureau registered a form as come (代为填报 for a past day): only the day is known (`sentText`). */
  sentOnDay: boolean;
  /** When the bureau received (imported) the first and the latest submission. */
  firstReceivedAt: string | null;
  lastReceivedAt: string | null;
  revision: number | null;
  /** Tasks with a saved report for the period / tasks the unit is responsible for. */
  reported: number;
  responsible: number;
  /** The bureau's newest 退回 of this submission, else null (none, or the newest was withdrawn). */
  returned: ReturnView | null;
  /** The bureau's newest 审核通过 of this submission, else null (none, or the newest was withdrawn). */
  approved: ApprovalView | null;
  /** The content hash of the submission held (null: none, or demo data): an approval names the content reviewed. */
  heldHash: string | null;
  /** Nothing counted from the unit (未报), but a file of its was refused: the latest such, when and as named. */
  refusedFile: { at: string; file: string } | null;
  /**
   * Evidence files the held submission's workbook lists that did not come with it (or came damaged): not imported,
   * said in its import report and 报送详情. 0 when none, or nothing held came by import. A file of that name the bureau
   * attached to the task since (代为填报) is no longer counted.
   */
  evidenceMissing: number;
  /** Which they are (task, name as listed): as many as `evidenceMissing`. */
  evidenceMissingFiles: MissingEvidence[];
}

/** A submission the bureau accepted (审核通过). */
export interface ApprovalView {
  approvedAt: string;
  /** The revision approved. */
  revision: number;
  /** The unit's printed form, signed and stamped (盖章), was received. */
  paper: boolean;
  /** When its arrival was recorded (with the approval, or later), else null. */
  paperAt: string | null;
  note: string;
  /**
   * The revision of other content held since (审核后内容有变: to be reviewed again; the same number when a file
   * was corrected by hand), else null.
   */
  supersededBy: number | null;
  /** A revised plan adopted since changed the tasks the unit answers for in the period: to be reviewed again. */
  tasksChanged: boolean;
  /**
   * The content held here is the content approved. Always so in the bureau's database while the approval stands;
   * in a unit's not when the bureau approved its file edited by hand, or nothing is exported here (a new computer).
   */
  heldApproved: boolean;
}

/**
 * One event in the story of a unit's submission for a period (报送与审核记录), as this database knows it: files
 * received (the bureau's; refused ones too, where the file said whose it was), exports (a unit's own), demo data,
 * and the bureau's decisions (退回, 审核通过, the paper form) with their withdrawals.
 */
export type ReviewEventView = { at: string } & (
  | { kind: 'received'; revision: number | null; status: 'imported' | 'updated' | 'unchanged' | 'stale'; file: string; warnings: string[] }
  | { kind: 'refused'; revision: number | null; file: string; errors: string[] }
  | { kind: 'exported'; revision: number }
  | { kind: 'demo'; revision: number }
  /** 代为填报: the bureau typed the unit's reports in and registered them as received on `on` (YYYY-MM-DD). */
  | { kind: 'entered'; revision: number; on: string }
  /** 代为填报's 添加佐证材料: the bureau attached a file a workbook received had listed without bringing. */
  | { kind: 'evidenceAdded'; task: number; name: string }
  | { kind: 'returned'; revision: number; reason: string; tasks: number[] }
  | { kind: 'returnWithdrawn' }
  | { kind: 'approved'; revision: number; paper: boolean; note: string }
  | { kind: 'paper' }
  | { kind: 'approvalWithdrawn' }
);

/** What withdrawing an approval did: as for a 退回, the unit's row of the period. */
export type WithdrawnApprovalView = WithdrawnReturnView;

/** The file the bureau received a unit's held submission in: its original is archived (`exchange.original`). */
export interface ReceivedFileView {
  /** As received: a path, or `bundle.zip/inner/name.xlsx`. */
  file: string;
  sha256: string;
  /** The .zip it came in, when it did. */
  container: { file: string; sha256: string } | null;
  revision: number;
  receivedAt: string;
}

/** What withdrawing a 退回 did: the unit's row of the period, when the period is of the kind in use and the unit reports. */
export interface WithdrawnReturnView {
  unitName: string;
  periodLabel: string;
  row: SubmissionStatusView | null;
}

/** A submission sent back for correction (退回). */
export interface ReturnView {
  reason: string;
  /** The tasks named (none: the whole submission). */
  tasks: number[];
  returnedAt: string;
  /** The revision sent back. */
  revision: number;
  /**
   * The revision of the content that answered it (已重报: other content held than the one sent back; the
   * same revision number when a file was corrected by hand or a template filled in again), else null.
   */
  resubmittedRevision: number | null;
}

/** A change the bureau made to its settings, said in words (设置变更记录). */
export interface SettingsChangeView {
  at: string;
  text: string;
}

/** Whom to call at a unit: the 填报人 and phone of its latest report that names them, and which period that was. */
export interface UnitContactView {
  unit: string;
  filledBy: string;
  phone: string;
  period: string;
  periodLabel: string;
}

/** An indicator whose target is handed down from above, and the target entered for a year (null: not yet). */
export interface AssignedTargetView {
  indicator: string;
  name: string;
  unit: string;
  task: number;
  taskTitle: string;
  target: number | null;
}

export interface IndicatorStatusView extends IndicatorView {
  task: number;
  leadUnit: string;
  value: IndicatorValue;
  /** The unit whose value counts (the lead unit's, else the newest). */
  valueFrom: string | null;
  /** The period the value is from when not this one (an earlier period of the same year; its label); null otherwise. */
  valuePeriod: string | null;
  /** The value of the period before the one the value is from (for 不降低); with none held, the bureau's 基准值 for the year. */
  previous: IndicatorValue;
  /** `previous` is the 基准值 the bureau entered, not a period's value. */
  previousIsBaseline: boolean;
  compliance: Compliance;
}

/** A folder to go to: its name as shown and its whole path. */
export interface FolderPlace {
  name: string;
  path: string;
}

/** The folders of one folder (`path`), or only the places to start from (`path` null). */
export interface FolderListing {
  path: string | null;
  /** The folder above; null at a drive's or the file system's root. */
  parent: string | null;
  folders: FolderPlace[];
  /** Folders not listed (past the first 1,000). */
  more: number;
  /** Whole copies in this folder (生态文明进度备份-<单位>.db). */
  copies: string[];
  /** Drives, the home folder, where USB sticks appear. */
  places: FolderPlace[];
}

export interface CheckView {
  integrity: string[];
  ok: boolean;
  schemaVersion: number;
  reports: number;
  backups: { path: string; createdAt: string; size: number }[];
  /** Why today's automatic backup at start-up was not made; null when it was (or was not due). */
  autoBackupProblem: string | null;
}

/** One responsible unit's entry under a task in the district summary. */
export interface SummaryEntry {
  code: string;
  name: string;
  kind: UnitKind;
  role: UnitRole;
  /** Null when the unit has not reported this task (未报送). */
  report: (ReportFields & { version: number; updatedAt: string; source: ReportSource; evidenceCount: number }) | null;
  /**
   * The report is what the bureau typed in for the unit (代为填报) and has not registered as received (登记为已报送):
   * shown, marked, and counted nowhere (not 已收, not its status; the task is the unit's 未报 until registered).
   */
  unregistered?: true;
}

export interface SummaryTask {
  no: number;
  category: number;
  title: string;
  entries: SummaryEntry[];
  /** Count per status, plus 未报 for units without a report. */
  statusCounts: Record<string, number>;
}

export interface SummaryCategory {
  no: number;
  numeral: string;
  title: string;
  tasks: number;
  /** Reports expected (responsible units × tasks) and received. */
  expected: number;
  received: number;
  /** Received reports with 已完成 or 长期坚持. */
  done: number;
  lagging: number;
}

/** Lagging work: 进度滞后, or no report once the deadline has passed. */
export interface LaggingItem {
  task: number;
  title: string;
  unit: string;
  unitName: string;
  reason: 'lagging' | 'missing';
  /** Without texts (`textsIncluded` false): its first 100 characters, and "…" when it goes on. */
  problems: string;
  /** A unit deactivated since (the period still counts it): counted, but sent no 督办单, as it can no longer report. */
  inactive?: true;
}

export interface SummaryView {
  period: PeriodView;
  plan: Plan;
  catalogVersion: string;
  generatedAt: string;
  categories: SummaryCategory[];
  tasks: SummaryTask[];
  units: SubmissionStatusView[];
  indicators: IndicatorStatusView[];
  lagging: LaggingItem[];
  /** False when the entries were asked for without their long texts (overviews). */
  textsIncluded: boolean;
  totals: {
    units: number;
    onTime: number;
    late: number;
    missing: number;
    expected: number;
    received: number;
    /** Reports with the status 进度滞后. */
    lagging: number;
    /** Reports still missing after the deadline (the other half of the `lagging` list). */
    overdue: number;
    /** Units whose submission was sent back (退回) and has not been sent again yet. */
    returned: number;
    /** Units whose held submission the bureau approved (审核通过). */
    approved: number;
  };
}

/** A name a unit went by until it was renamed (`renamedAt`, an ISO instant). */
export interface UnitRenameView {
  code: string;
  name: string;
  renamedAt: string;
}

/** A matter the bureau may issue a 督办单 for (督办管理): one lagging task of a unit, or a unit's tasks with no report once the deadline has passed (one notice for them all). */
export interface NoticeCandidate {
  unit: string;
  unitName: string;
  reason: 'lagging' | 'missing';
  tasks: { no: number; title: string }[];
  /** The unit's 存在问题 for a lagging task (empty for missing). */
  problems: string;
  /** Periods in a row the task has been 进度滞后 up to this one (1: this period only); 0 for missing. */
  streak: number;
  /** The notice issued for it already, if any. */
  issued: { id: string; number: string } | null;
  /** Missing, yet a file of the unit's came and was refused (the latest): it may have sent on time, and be told why. */
  refusedFile?: { at: string; file: string } | null;
}

/** 督办台账: where an issued notice stands. */
export type NoticeState = 'pending' | 'overdue' | 'answered' | 'voided';

/** An issued 督办单, as the 督办台账 lists it. */
export interface NoticeView {
  id: string;
  /** 济阳生态督〔2021〕3号 */
  number: string;
  year: number;
  seq: number;
  period: string;
  periodLabel: string;
  unit: string;
  unitName: string;
  reason: 'lagging' | 'missing';
  tasks: { no: number; title: string }[];
  /** 督办事项 as printed. */
  matter: string;
  /** 存在问题 as printed. */
  problems: string;
  /** 督办要求 as printed. */
  demand: string;
  issuedAt: string;
  /** The notice's date (China date) and its 办理时限. */
  issuedOn: string;
  dueOn: string;
  answeredOn: string | null;
  answerNote: string;
  /** 作废: the day (China date) and why; null while it stands. */
  voidedOn: string | null;
  voidReason: string;
  state: NoticeState;
  /** 现状: the matter now (the task's status in the period, or whether the unit has reported since). */
  now: string;
  /**
   * A 逾期未报送 notice issued on or before the period's deadline as it stands now (the deadline moved later since, in
   * 设置): that deadline (ISO date), said beside 现状 (noticeNowText); else null.
   */
  deadlineMoved: string | null;
  /** The matter is settled: no longer 进度滞后, or reported. */
  settled: boolean;
}

/** One unit in one period of the year's grid (报送台账): how it stands, or null where it owed nothing. */
export interface SubmissionCell {
  /** not_due: nothing sent, the deadline not passed yet. */
  state: 'on_time' | 'late' | 'missing' | 'not_due';
  revision: number | null;
  /** A standing 退回 (not answered yet), or 审核通过 of what is held. */
  review: 'returned' | 'approved' | null;
  /** In a unit's database with nothing held here (a new computer): the revision the bureau's set-up file says it approved. */
  approvedElsewhere: number | null;
}

/** 报送台账 on screen (DHIS2's reporting rate summary): the units against the year's periods. */
export interface YearGridView {
  year: number;
  periods: { id: string; label: string; deadline: string; due: boolean; expected: number; onTime: number; late: number; missing: number }[];
  units: { unit: string; unitName: string; kind: UnitKind; active: boolean; cells: (SubmissionCell | null)[] }[];
}
