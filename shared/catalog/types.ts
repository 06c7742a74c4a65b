import type { TextChange } from '../text';

export type UnitKind = 'town' | 'department';

export interface Unit {
  /** Stable code: never reused, never renamed (names may change). */
  code: string;
  name: string;
  kind: UnitKind;
  /** Order in lists and printed forms. */
  sort: number;
  active: boolean;
}

/**
 * How an indicator's value is judged.
 * - `>=`, `<=`, `=`: numeric against `target`
 * - `not_lower`: numeric, not lower than the previous period's value
 * - `meets_assigned`: numeric against the target handed down for that year (the bureau enters it)
 * - `yes`: yes/no, proven with evidence documents
 */
export type Comparator = '>=' | '<=' | '=' | 'not_lower' | 'meets_assigned' | 'yes';

export interface Indicator {
  /** `<task>.<n>`, stable across catalog versions. */
  id: string;
  name: string;
  comparator: Comparator;
  /** Numeric target; null for `not_lower`, `meets_assigned` and `yes`. */
  target: number | null;
  /** Unit of measure: `%`, or empty for an index or yes/no. */
  unit: string;
  /** Besides the comparator, the value must not be lower than the previous period's. */
  notLower: boolean;
  /** Where in the plan the indicator comes from. */
  source: string;
}

export type UnitRole = 'lead' | 'support';

export interface TaskUnitRef {
  code: string;
  role: UnitRole;
}

export interface Measure {
  /** 一, 二, 三 … */
  numeral: string;
  text: string;
}

export interface Task {
  no: number;
  category: number;
  title: string;
  /** The task's text after its title, without the responsible-unit bracket. */
  body: string;
  /** Text before the first 一是, when the task has numbered measures. */
  intro: string;
  measures: Measure[];
  /** The bracket as printed, e.g. （责任单位：区城乡水务局、各镇（街道））. */
  unitsText: string;
  /** Named units in the order listed; the first one leads. */
  units: TaskUnitRef[];
  /** `各镇(街道)`: every town and street office cooperates. */
  allTowns: boolean;
  indicators: Indicator[];
  /** The line as in the source, before punctuation was corrected. */
  originalText: string;
  /** Every correction, with offsets into `originalText`. */
  corrections: TextChange[];
}

export interface Category {
  no: number;
  /** 一, 二, 三 */
  numeral: string;
  title: string;
  firstTask: number;
  lastTask: number;
}

export interface Plan {
  title: string;
  issuer: string;
  /** ISO date, e.g. 2021-07-14. */
  issuedOn: string;
  noticeTitle: string;
  district: string;
}

export interface Catalog {
  /** Changes whenever tasks or indicators change; workbooks carry it. */
  version: string;
  plan: Plan;
  categories: Category[];
  tasks: Task[];
  units: Unit[];
}
