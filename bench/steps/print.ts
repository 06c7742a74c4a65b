/**
 * The district summary form to PDF. Args: DB PERIOD [OUT.pdf] [--parts N]
 *
 * OUT.pdf: where to write the PDF, to look at it.
 * --parts N: an estimate for printing in parallel, not a way to print: the
 * summary is cut into N documents of whole tasks (about the same amount of
 * text each), printed at the same time in pages of one browser (a renderer
 * process each), and pdfSeconds is the time until the last one is done. The
 * parts are not merged and each numbers its pages from 1; with OUT.pdf they
 * are written as OUT-1.pdf … OUT-N.pdf.
 */
import { writeFileSync } from 'node:fs';
import { PdfPrinter } from '../../electron/core/forms/pdf';
import { renderForm } from '../../electron/core/forms/render';
import { summaryForm } from '../../electron/core/forms/summary';
import { summary } from '../../electron/core/services/summary';
import { Core } from '../../electron/core/service';
import type { RenderedForm } from '../../shared/api/forms';
import type { SummaryTask, SummaryView } from '../../shared/views';
import { report, seconds } from './common';

const args = process.argv.slice(2);
const partsAt = args.indexOf('--parts');
const parts = partsAt >= 0 ? Number(args.splice(partsAt, 2)[1]) : 1;
const [db, period, out] = args as [string, string, string | undefined];
if (!Number.isInteger(parts) || parts < 1) throw new Error('--parts needs a whole number ≥ 1');

const size = (t: SummaryTask): number => t.entries.reduce((n, e) => n + 60 + (e.report ? e.report.progress.length + e.report.problems.length + e.report.next.length : 0), 0);

/** The view cut into `n` runs of whole tasks with about the same amount of text. */
function split(view: SummaryView, n: number): SummaryView[] {
  const total = view.tasks.reduce((a, t) => a + size(t), 0);
  const groups: SummaryTask[][] = [[]];
  let done = 0;
  for (const t of view.tasks) {
    if (done >= (total * groups.length) / n && groups.length < n) groups.push([]);
    (groups.at(-1) as SummaryTask[]).push(t);
    done += size(t);
  }
  return groups.map((tasks) => ({ ...view, tasks, categories: view.categories.filter((c) => tasks.some((t) => t.category === c.no)) }));
}

const countPages = (pdf: Uint8Array): number => (Buffer.from(pdf).toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;

const core = await Core.open(db);
const t0 = process.hrtime.bigint();
let forms: RenderedForm[];
if (parts === 1) {
  forms = [renderForm(core.ctx, { form: 'summary', period })];
} else {
  const view = summary(core.ctx, core.ctx.period(period));
  forms = split(view, parts).map((v) => summaryForm({ view: v, printedOn: core.ctx.today(), blank: false }));
}
const htmlSeconds = seconds(t0);
core.close();
const t1 = process.hrtime.bigint();
const printer = await PdfPrinter.launch();
const browserStartSeconds = seconds(t1);
const t2 = process.hrtime.bigint();
const pdfs = await Promise.all(forms.map((f) => printer.form(f)));
const pdfSeconds = seconds(t2);
await printer.close();
if (out) pdfs.forEach((pdf, i) => writeFileSync(parts === 1 ? out : out.replace(/(\.pdf)?$/i, `-${i + 1}.pdf`), pdf));
const pdfBytes = pdfs.reduce((a, p) => a + p.length, 0);
const extra = parts === 1 ? {} : { parts, partPages: pdfs.map(countPages), merged: false };
report({ htmlSeconds, browserStartSeconds, pdfSeconds, totalSeconds: htmlSeconds + browserStartSeconds + pdfSeconds, pdfBytes, pages: pdfs.reduce((a, p) => a + countPages(p), 0), ...extra });
