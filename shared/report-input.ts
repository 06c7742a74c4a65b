/** The input of a save, checked with zod: what a clerk types. */
import { z } from 'zod';
import { LIMITS, PHONE_PATTERN, PHONE_RULE, STATUSES } from './report';
import { asOneLine, asTyped, firstInvisible } from './text';

/** A character it cannot keep is refused, not dropped: it would be lost on the way into a workbook. */
/** A text as the form keeps a paste (Word's line and page breaks as line breaks: asTyped), then checked by `schema`. */
export const asTypedText = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (typeof v === 'string' ? asTyped(v) : v), schema);

export const visible = (label: string) => (s: string, ctx: z.RefinementCtx) => {
  const bad = firstInvisible(s);
  if (bad) ctx.addIssue({ code: 'custom', message: `${label}第 ${bad.at} 个字符是${bad.what}，请删除后再保存` });
};

// Counted in characters as people see them (a character outside the BMP is one), as the import counts them. Word's
// line breaks as line breaks (`asTyped`): a text saved by an earlier version with one is saved again, not refused.
const text = (label: string) =>
  z
    .preprocess(
      (v) => (typeof v === 'string' ? asTyped(v) : v),
      z
        .string({ error: `${label}应为文字` })
        .max(LIMITS.text, { error: `${label}不能超过 ${LIMITS.text} 字` })
        .superRefine(visible(label)),
    )
    .default('');

/** Input of a save: what a clerk types. Unknown keys are refused, so typos don't vanish silently. */
export const reportInputSchema = z.strictObject(
  {
    status: z.enum(STATUSES, { error: `状态应为：${STATUSES.join('、')}` }),
    percent: z
      .number({ error: '完成比例应为数字' })
      .int({ error: '完成比例应为整数' })
      .min(0, { error: '完成比例应在 0–100 之间' })
      .max(100, { error: '完成比例应在 0–100 之间' })
      .nullable()
      .default(null),
    progress: text('工作进展'),
    problems: text('存在问题'),
    next: text('下步计划'),
    indicators: z
      .preprocess(
        // zod passes over a __proto__ key without a word: refused here, as any other key that is no indicator's id.
        (v, ctx) => {
          if (v !== null && typeof v === 'object' && Object.hasOwn(v, '__proto__')) ctx.addIssue({ code: 'custom', message: '“__proto__”不是指标编号（指标编号如 10.1）' });
          return v;
        },
        z.record(z.string().regex(/^\d{1,3}\.\d{1,3}$/, { error: (i) => `“${String(i.input)}”不是指标编号（指标编号如 10.1）` }), z.union([z.number(), z.boolean(), z.null()], { error: '指标数值应为数字（如 20，不加引号）、true/false（是/否类指标）或 null' }), {
          error: '指标数值应为“指标编号: 数值”的对象',
        }),
      )
      .default({}),
    // One line each, as the form keeps them (asOneLine).
    filledBy: z
      .preprocess((v) => (typeof v === 'string' ? asOneLine(v) : v), z.string({ error: '填报人应为文字' }).max(LIMITS.filledBy, { error: `填报人不能超过 ${LIMITS.filledBy} 字` }).superRefine(visible('填报人')))
      .default(''),
    phone: z
      .preprocess(
        (v) => (typeof v === 'string' ? asOneLine(v) : v),
        z
          .string({ error: '联系电话应为文字' })
          .max(LIMITS.phone, { error: `联系电话不能超过 ${LIMITS.phone} 个字符` })
          .regex(PHONE_PATTERN, { error: PHONE_RULE }),
      )
      .default(''),
  },
  { error: (iss) => (iss.code === 'unrecognized_keys' ? `不认识的字段：${iss.keys.join('、')}（可用的字段：${REPORT_FIELDS.join('、')}）` : undefined) },
);

/** The fields of a save, as a typo's message lists them. */
export const REPORT_FIELDS: readonly string[] = Object.keys(reportInputSchema.shape);

export type ReportInput = z.input<typeof reportInputSchema>;
