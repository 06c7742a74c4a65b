/** Command-line commands of the printed forms (print). */
import { extname } from 'node:path';
import { AppError, ERROR_CODES } from '../../shared/errors';
import { NOTICE_STATE_LABELS, noticeNowText, notHeldText, NUMBERS_UNSURE } from '../../shared/notice';
import { formatChineseDate, isRealIsoDate, parsePeriod } from '../../shared/period';
import type { NoticeView } from '../../shared/views';
import { FORM_KINDS, FORM_LABELS, type FormKind } from '../../shared/api/forms';
import { findChromium, PdfPrinter } from '../core/forms/pdf';
import { checkWriteTarget, missingFolders, writeFileAtomic, writeProblem } from '../core/fsutil';
import { flag, str, UsageError } from './args';
import { call, db, fourDigitYear, json, onOff, opt, out, reqd, withCore, type Command } from './commands';
import { missingGlyphsWarning } from '../../shared/missing-glyphs';

function formKind(raw: string): FormKind {
  const kind = FORM_KINDS.find((k) => k === raw);
  if (!kind) throw new AppError(ERROR_CODES.invalidInput, `不认识的表格“${raw}”，--form 应为：${FORM_KINDS.map((k) => `${k}（${FORM_LABELS[k]}）`).join('、')}`);
  return kind;
}

function outputFormat(file: string): 'html' | 'pdf' {
  const ext = extname(file).toLowerCase();
  if (ext === '.html' || ext === '.htm') return 'html';
  if (ext === '.pdf') return 'pdf';
  throw new AppError(ERROR_CODES.invalidInput, `--out 应以 .html 或 .pdf 结尾，“${file}”不是`);
}

function noticeLine(n: NoticeView): string {
  const answered = n.answeredOn
    ? `（${formatChineseDate(n.answeredOn)}${n.answerNote ? `，${n.answerNote}` : ''}）`
    : n.voidedOn
      ? `（${formatChineseDate(n.voidedOn)}，${n.voidReason}）`
      : '';
  return `${n.number}\t${n.unitName}\t${n.matter}\t签发 ${formatChineseDate(n.issuedOn)}\t办理时限 ${formatChineseDate(n.dueOn)}\t${NOTICE_STATE_LABELS[n.state]}${answered}\t现状：${noticeNowText(n)}`;
}

/** A notice by its number (--number 3, of --year or, without, the one year that has it). */
function byNumber(list: readonly NoticeView[], raw: string, year: string | undefined, period?: string): NoticeView {
  if (!/^\d{1,6}$/.test(raw)) throw new AppError(ERROR_CODES.invalidInput, `--number 应为督办单的顺序号，如 济阳生态督〔2021〕3号 写 --number 3（收到“${raw}”）`);
  const y = year === undefined ? undefined : fourDigitYear(year);
  let found = list.filter((n) => n.seq === Number(raw) && (y === undefined || n.year === y));
  if (found.length === 0) throw new AppError(ERROR_CODES.notFound, `没有${y ? `${y}年` : ''}第 ${raw} 号督办单`);
  // Numbered by the year issued: a fourth quarter's notices are issued in January, numbered in the next year. The
  // period asked for tells 〔2026〕1号 of 2026-Q3 from 〔2027〕1号 of 2026-Q4.
  const ofPeriod = found.filter((n) => n.period === period);
  if (found.length > 1 && ofPeriod.length === 1) found = ofPeriod;
  // None of them the period's: said so, not asked for a year that would not help.
  if (found.length > 1 && period !== undefined && ofPeriod.length === 0) {
    throw new AppError(ERROR_CODES.notFound, `${found.map((n) => `${n.number}（${parsePeriod(n.period).label}）`).join('、')}都不是${parsePeriod(period).label}的督办单：请核对 --period 或 --number`);
  }
  if (found.length > 1) throw new UsageError(`${found.map((n) => n.number).join('、')} 都是第 ${raw} 号：请用 --year 指明年份`);
  return found[0]!;
}

export const FORM_COMMANDS: Record<string, Command> = {
  notices: {
    summary: '督办台账：已签发的督办单及其反馈情况（--period 只列该周期的）',
    usage: 'notices --db FILE [--period P] [--json]',
    options: { db, period: opt, json },
    async run(p, io) {
      const period = str(p, 'period');
      // A unit's database lists its own notices (as the bureau's set-up file told them); the numbering is the bureau's.
      const [list, numbering] = await withCore(
        p,
        io,
        async (core) => [await call(core, 'notices.list', period === undefined ? {} : { period }), core.ctx.role === 'bureau' ? await call(core, 'notices.notHeld', {}) : null] as const,
        { backup: false },
      );
      // Numbers issued before a restore and not held: said apart from the list (with --json, on stderr).
      const said = numbering ? [...numbering.years.map(notHeldText), ...(numbering.unsureSince ? [`${NUMBERS_UNSURE}（命令行：notice-numbers --year 年份 --up-to 编号）`] : [])] : [];
      if (flag(p, 'json')) for (const line of said) io.stderr(`${line}\n`);
      return out(io, p, list, () => [...said, list.length > 0 ? list.map(noticeLine).join('\n') : '还没有签发督办单'].join('\n'));
    },
  },
  'notice-issue': {
    summary: '签发督办单：--all 为本期全部尚未签发的督办事项，或 --unit 指定单位（--task 只签发该项进度滞后的任务）；按年度顺序编号',
    usage: 'notice-issue --db FILE --period P (--all | --unit NAME [--task N]) [--due YYYY-MM-DD] [--demand TEXT（进度滞后、逾期未报送两类都用此要求）] [--json]',
    options: {
      db,
      period: reqd,
      all: onOff,
      unit: opt,
      task: opt,
      due: opt,
      demand: opt,
      json,
    },
    async run(p, io) {
      const unit = str(p, 'unit');
      const task = str(p, 'task');
      if (flag(p, 'all') === (unit !== undefined)) throw new UsageError('请用 --all 签发全部尚未签发的督办事项，或用 --unit 指定单位（二者选一）');
      if (task !== undefined && unit === undefined) throw new UsageError('--task 需要与 --unit 一起使用');
      if (task !== undefined && !/^\d{1,3}$/.test(task)) throw new AppError(ERROR_CODES.unknownTask, `--task 应为任务序号（整数，用半角数字写），如 --task 3（收到“${task}”）`);
      const period = str(p, 'period') as string;
      const due = str(p, 'due');
      if (due !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(due)) throw new AppError(ERROR_CODES.invalidInput, `--due（办理时限）应写成 2021-10-25 这样的日期（收到“${due}”）`);
      if (due !== undefined && !isRealIsoDate(due)) throw new AppError(ERROR_CODES.invalidInput, `--due（办理时限）“${due}”不是日历上有的日期`);
      const demand = str(p, 'demand');
      if (demand !== undefined && demand.trim() === '') throw new AppError(ERROR_CODES.invalidInput, '--demand（督办要求）不能为空；不给 --demand 时用通常的督办要求');
      const issued = await withCore(p, io, async (core) => {
        // Said as issuing, not as the list the command looks at first.
        core.ctx.requireBureau('签发督办单');
        const candidates = (await call(core, 'notices.candidates', { period })).filter((c) => !c.issued);
        const target = unit === undefined ? undefined : core.ctx.resolveUnit(unit);
        // One task named: issued or refused by the core, which says why (issued already, not lagging, not reported).
        const items =
          target && task !== undefined
            ? [{ unit: target.code, task: Number(task) }]
            : candidates.filter((c) => target === undefined || c.unit === target.code).map((c) => (c.reason === 'lagging' ? { unit: c.unit, task: c.tasks[0]!.no } : { unit: c.unit }));
        if (items.length === 0) {
          // A unit deactivated since gets none: said so (its matters are no candidates), as 签发 in the app says.
          if (target && !target.active) throw new AppError(ERROR_CODES.nothingReported, `“${target.name}”已停用，不发督办单`);
          const label = core.ctx.period(period).label;
          throw new AppError(ERROR_CODES.nothingReported, target ? `“${target.name}”${label}没有尚未签发的督办事项（进度滞后的任务已签发，或没有进度滞后、逾期未报送的任务）` : `${label}没有尚未签发的督办事项`);
        }
        return call(core, 'notices.issue', {
          period,
          items,
          ...(due !== undefined ? { dueOn: due } : {}),
          ...(demand !== undefined ? { demand: { lagging: demand, missing: demand } } : {}),
        });
      });
      return out(io, p, issued, () => [`已签发 ${issued.length} 份督办单：`, ...issued.map(noticeLine)].join('\n'));
    },
  },
  'notice-void': {
    summary: '作废督办单：某号督办单作废（须说明原因）；编号不再使用，该事项可以重新签发',
    usage: 'notice-void --db FILE --number N [--year YYYY] --reason TEXT [--json]',
    options: {
      db,
      number: reqd,
      year: opt,
      reason: reqd,
      json,
    },
    async run(p, io) {
      const n = await withCore(p, io, async (core) => {
        const target = byNumber(await call(core, 'notices.list', {}), str(p, 'number') as string, str(p, 'year'));
        return call(core, 'notices.void', { id: target.id, reason: str(p, 'reason') });
      });
      return out(io, p, n, () => `已作废：${noticeLine(n)}`);
    },
  },
  'notice-answer': {
    summary: '登记督办反馈：某号督办单的反馈日期和说明（--clear 撤销已登记的反馈）',
    usage: 'notice-answer --db FILE --number N [--year YYYY] (--on YYYY-MM-DD [--note TEXT] | --clear) [--json]',
    options: {
      db,
      number: reqd,
      year: opt,
      on: opt,
      note: opt,
      clear: onOff,
      json,
    },
    async run(p, io) {
      const on = str(p, 'on');
      if ((on === undefined) === !flag(p, 'clear')) throw new UsageError('请用 --on 给出反馈日期，或用 --clear 撤销已登记的反馈（二者选一）');
      if (flag(p, 'clear') && str(p, 'note') !== undefined) throw new UsageError('--note 只用于登记反馈（--on）');
      const n = await withCore(p, io, async (core) => {
        const target = byNumber(await call(core, 'notices.list', {}), str(p, 'number') as string, str(p, 'year'));
        return call(core, 'notices.answer', { id: target.id, on: on ?? null, ...(str(p, 'note') !== undefined ? { note: str(p, 'note') } : {}) });
      });
      return out(io, p, n, () => `${n.answeredOn ? '已登记反馈' : '已撤销反馈'}：${noticeLine(n)}`);
    },
  },
  'notice-numbers': {
    summary: '核定督办单编号：恢复备份而恢复前的数据库无法读取时，按纸质督办台账给出某年已用到的最大编号（0：本年尚未签发）',
    usage: 'notice-numbers --db FILE --year YYYY --up-to N [--json]',
    options: { db, year: reqd, 'up-to': reqd, json },
    async run(p, io) {
      const year = fourDigitYear(str(p, 'year') as string);
      const raw = (str(p, 'up-to') as string).trim();
      if (!/^\d{1,6}$/.test(raw)) throw new AppError(ERROR_CODES.invalidInput, `--up-to 应为督办单编号（整数，0 表示本年尚未签发），如 --up-to 12（收到“${raw}”）`);
      const r = await withCore(p, io, (core) => call(core, 'notices.useUpTo', { year, seq: Number(raw) }));
      return out(io, p, r, () => `已核定：${year}年督办单${Number(raw) === 0 ? '尚未签发' : `已用到第 ${raw} 号`}，下一份为第 ${r.next} 号`);
    },
  },
  print: {
    summary: '打印表格：汇总表、单位填报表、督办单、报送情况统计表、指标达标情况表（HTML 或 PDF）',
    usage: 'print --db FILE --form summary|unit|notice|submissions|indicators --period P [--unit NAME] [--blank] [--draft | --number N [--year YYYY]] --out FILE.html|FILE.pdf [--json]',
    options: {
      db,
      form: reqd,
      period: reqd,
      unit: opt,
      blank: onOff,
      draft: onOff,
      number: opt,
      year: opt,
      out: reqd,
      json,
    },
    async run(p, io) {
      const form = formKind(str(p, 'form') as string);
      const file = str(p, 'out') as string;
      const format = outputFormat(file);
      if (form === 'unit' && !str(p, 'unit')) throw new UsageError('打印单位填报表（--form unit）时请用 --unit 指定单位');
      if (form !== 'unit' && str(p, 'unit')) throw new UsageError('只有单位填报表（--form unit）需要 --unit');
      if (flag(p, 'blank') && form !== 'summary' && form !== 'unit') throw new UsageError('只有汇总表（summary）和单位填报表（unit）有空白表（--blank）');
      if (flag(p, 'draft') && form !== 'notice') throw new UsageError('只有督办单（--form notice）有草稿（--draft：尚未签发的督办事项）');
      const number = str(p, 'number');
      if ((number !== undefined || str(p, 'year') !== undefined) && form !== 'notice') throw new UsageError('--number、--year 只用于打印某一份督办单（--form notice）');
      if (number !== undefined && flag(p, 'draft')) throw new UsageError('--number 打印已签发的督办单，不能与 --draft 同用');
      if (str(p, 'year') !== undefined && number === undefined) throw new UsageError('--year 需要与 --number 一起使用');
      const chromium = format === 'pdf' ? findChromium() : null;
      if (format === 'pdf' && !chromium) {
        throw new AppError('pdf_unavailable', '本机没有可用的 Chromium 浏览器（可用环境变量 ECO_CHROMIUM 指定），这里只能输出 .html：请改用 --out 文件名.html，用浏览器打开后打印或另存为 PDF');
      }
      // Checked, and Chromium started, before the database is opened: printing holds it no longer than rendering takes.
      checkWriteTarget(file, { overwrite: true, notOver: str(p, 'db') });
      const printer = format === 'pdf' ? await PdfPrinter.launch(chromium) : null;
      let bytes: Uint8Array | string;
      let rendered;
      const said = { missingGlyphs: [] as string[] };
      try {
        // The database is closed before the PDF is made: printing never holds it open.
        rendered = await withCore(p, io, async (core) => {
          // Checked as any --period is (a malformed one is refused, not passed over for the notice's own).
          const asked = number === undefined ? null : core.ctx.period(str(p, 'period') as string);
          const one = number === undefined ? undefined : byNumber(await call(core, 'notices.list', {}), number, str(p, 'year'), asked?.id);
          // A notice of another period than the one asked for: said, not printed in its place without a word.
          if (one && asked && one.period !== asked.id) {
            throw new AppError(ERROR_CODES.invalidInput, `${one.number}是${parsePeriod(one.period).label}的督办单，不是${asked.label}的：请用 --period ${one.period}`);
          }
          return call(core, 'forms.render', {
            form,
            period: one ? one.period : str(p, 'period'),
            unit: str(p, 'unit'),
            blank: flag(p, 'blank') || undefined,
            draft: flag(p, 'draft') || undefined,
            ...(one ? { notices: [one.id] } : {}),
          });
        });
        bytes = printer ? await printer.form(rendered, said) : rendered.html;
      } finally {
        await printer?.close();
      }
      // Folders that writing it makes are said (a folder name mistyped would otherwise go unnoticed).
      const made = missingFolders(file).at(-1);
      try {
        writeFileAtomic(file, bytes);
      } catch (err) {
        throw writeProblem(file, err);
      }
      const size = typeof bytes === 'string' ? Buffer.byteLength(bytes) : bytes.length;
      // Characters no font here draws are blank in the PDF: said (a name on a signed form is not left out unnoticed).
      const warnings = said.missingGlyphs.length > 0 ? [missingGlyphsWarning(said.missingGlyphs)] : [];
      const result = { out: file, format, title: rendered.title, landscape: rendered.landscape, bytes: size, warnings };
      return out(io, p, result, () => [`已生成“${rendered.title}”：${file}（${format.toUpperCase()}，${size} 字节）${made ? `（新建了文件夹“${made}”）` : ''}`, ...warnings.map((w) => `注意：${w}`)].join('\n'));
    },
  },
};
