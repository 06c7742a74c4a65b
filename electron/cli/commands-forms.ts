/** Command-line commands of the printed forms (print). */
import { extname } from 'node:path';
import { AppError } from '../../shared/errors';
import { FORM_KINDS, FORM_LABELS, type FormKind } from '../../shared/api/forms';
import { findChromium, PdfPrinter } from '../core/forms/pdf';
import { checkWriteTarget, writeFileAtomic, writeProblem } from '../core/fsutil';
import { flag, str, UsageError } from './args';
import { call, out, withCore, type Command } from './commands';

function formKind(raw: string): FormKind {
  const kind = FORM_KINDS.find((k) => k === raw);
  if (!kind) throw new UsageError(`不认识的表格“${raw}”，--form 应为：${FORM_KINDS.map((k) => `${k}（${FORM_LABELS[k]}）`).join('、')}`);
  return kind;
}

function outputFormat(file: string): 'html' | 'pdf' {
  const ext = extname(file).toLowerCase();
  if (ext === '.html' || ext === '.htm') return 'html';
  if (ext === '.pdf') return 'pdf';
  throw new UsageError(`--out 应以 .html 或 .pdf 结尾，“${file}”不是`);
}

export const FORM_COMMANDS: Record<string, Command> = {
  print: {
    summary: '打印表格：汇总表、单位填报表、督办单、报送情况统计表、指标达标情况表（HTML 或 PDF）',
    usage: 'print --db FILE --form summary|unit|notice|submissions|indicators --period P [--unit NAME] [--blank] --out FILE.html|FILE.pdf [--json]',
    options: {
      db: { value: true, required: true },
      form: { value: true, required: true },
      period: { value: true, required: true },
      unit: { value: true },
      blank: { value: false },
      out: { value: true, required: true },
      json: { value: false },
    },
    async run(p, io) {
      const form = formKind(str(p, 'form') as string);
      const file = str(p, 'out') as string;
      const format = outputFormat(file);
      if (form === 'unit' && !str(p, 'unit')) throw new UsageError('打印单位填报表（--form unit）时请用 --unit 指定单位');
      if (form !== 'unit' && str(p, 'unit')) throw new UsageError('只有单位填报表（--form unit）需要 --unit');
      if (flag(p, 'blank') && form !== 'summary' && form !== 'unit') throw new UsageError('只有汇总表（summary）和单位填报表（unit）有空白表（--blank）');
      const chromium = format === 'pdf' ? findChromium() : null;
      if (format === 'pdf' && !chromium) {
        throw new AppError('pdf_unavailable', '本机没有可用的 Chromium 浏览器（可用环境变量 ECO_CHROMIUM 指定），这里只能输出 .html：请改用 --out 文件名.html，用浏览器打开后打印或另存为 PDF');
      }
      // Checked, and Chromium started, before the form is rendered: rendering 督办单 issues their numbers.
      checkWriteTarget(file, { overwrite: true });
      const printer = format === 'pdf' ? await PdfPrinter.launch(chromium) : null;
      let bytes: Uint8Array | string;
      let rendered;
      try {
        // The database is closed before the PDF is made: printing never holds it open.
        rendered = await withCore(p, io, (core) => call(core, 'forms.render', { form, period: str(p, 'period'), unit: str(p, 'unit'), blank: flag(p, 'blank') || undefined }));
        bytes = printer ? await printer.form(rendered) : rendered.html;
      } finally {
        await printer?.close();
      }
      try {
        writeFileAtomic(file, bytes);
      } catch (err) {
        throw writeProblem(file, err);
      }
      const size = typeof bytes === 'string' ? Buffer.byteLength(bytes) : bytes.length;
      const result = { out: file, format, title: rendered.title, landscape: rendered.landscape, bytes: size };
      return out(io, p, result, () => `已生成“${rendered.title}”：${file}（${format.toUpperCase()}，${size} 字节）`);
    },
  },
};
