/** The district summary form to PDF. Args: DB PERIOD */
import { PdfPrinter } from '../../electron/core/forms/pdf';
import { renderForm } from '../../electron/core/forms/render';
import { Core } from '../../electron/core/service';
import { report, seconds } from './common';

const [db, period] = process.argv.slice(2) as [string, string];
const core = await Core.open(db);
const t0 = process.hrtime.bigint();
const form = renderForm(core.ctx, { form: 'summary', period });
const htmlSeconds = seconds(t0);
core.close();
const t1 = process.hrtime.bigint();
const printer = await PdfPrinter.launch();
const browserStartSeconds = seconds(t1);
const t2 = process.hrtime.bigint();
const pdf = await printer.form(form);
const pdfSeconds = seconds(t2);
await printer.close();
report({ htmlSeconds, browserStartSeconds, pdfSeconds, totalSeconds: htmlSeconds + browserStartSeconds + pdfSeconds, pdfBytes: pdf.length });
