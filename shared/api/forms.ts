/** Calls of the printed forms: one HTML renderer per form, printed by each host its own way. */
import { z } from 'zod';
import { call } from './contract';

export const FORM_KINDS = ['summary', 'unit', 'notice', 'submissions', 'indicators'] as const;
export type FormKind = (typeof FORM_KINDS)[number];

export const FORM_LABELS: Record<FormKind, string> = {
  summary: '重点任务进展情况汇总表',
  unit: '单位填报表',
  notice: '督办单',
  submissions: '报送情况统计表',
  indicators: '指标达标情况表',
};

export interface RenderedForm {
  title: string;
  /** A complete HTML document with print CSS (A4, page numbers, repeated headers). */
  html: string;
  landscape: boolean;
  /** District · period · form: the running header of every printed page (PDF header template). */
  pageHeader: string;
  /** The print date, YYYY-MM-DD (China time). */
  printedOn: string;
}

export const formCalls = {
  'forms.render': call<RenderedForm>()(
    z.strictObject({
      form: z.enum(FORM_KINDS, { error: `表格应为：${FORM_KINDS.join('、')}` }),
      period: z.string().trim().min(1, { error: '请指定报送周期' }).max(20),
      unit: z.string().trim().min(1).max(100).optional(),
      blank: z.boolean().optional(),
      /** 督办单: the matters not issued yet, as drafts (unnumbered, dated today), with those issued as they were. */
      draft: z.boolean().optional(),
      /** 督办单: these issued notices (ids from notices.list); without, every notice issued for the period. */
      notices: z.array(z.string().min(1).max(64)).min(1, { error: '请选择要打印的督办单' }).max(500).optional(),
    }),
    'Renders one printed form as HTML. 督办单: the notices issued for the period (or those named), as issued; with draft, the matters not issued yet as unnumbered drafts. Rendering never issues a notice (notices.issue does). A unit’s database prints only its own form and, named, its own notices.',
  ),
};
