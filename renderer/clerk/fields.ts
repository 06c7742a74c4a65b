/** The form's fields and their checks, shared by the form and its autosave. */
import type { Indicator } from '../../shared/catalog/types';
import { checkReportRules, type Report, type ReportFields } from '../../shared/report';
import { reportInputSchema } from '../../shared/report-input';
import type { IndicatorView } from '../../shared/views';

export const EMPTY_FIELDS: ReportFields = {
  status: '未启动',
  percent: null,
  progress: '',
  problems: '',
  next: '',
  indicators: {},
  filledBy: '',
  phone: '',
};

export function fieldsOf(r: Report | null): ReportFields {
  if (!r) return EMPTY_FIELDS;
  const { status, percent, progress, problems, next, indicators, filledBy, phone } = r;
  return { status, percent, progress, problems, next, indicators, filledBy, phone };
}

const asIndicator = (i: IndicatorView): Indicator => ({ ...i, source: '' });

/** Field → first message, for the messages under each control. */
export function fieldIssues(f: ReportFields, indicators: readonly IndicatorView[]): Record<string, string> {
  const out: Record<string, string> = {};
  const parsed = reportInputSchema.safeParse(f);
  if (!parsed.success) {
    for (const iss of parsed.error.issues) {
      const key = iss.path.map(String).join('.');
      out[key] ??= iss.message;
    }
  }
  for (const iss of checkReportRules(f, indicators.map(asIndicator))) out[iss.field] ??= iss.message;
  return out;
}

export function sameFields(a: ReportFields, b: ReportFields): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
