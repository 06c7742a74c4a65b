/** Every form, printed to PDF with Chromium and read back with pdftotext / pdfinfo. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RenderedForm } from '../../shared/api/forms';
import { renderForm, type FormRequest } from '../../electron/core/forms/render';
import { PdfPrinter } from '../../electron/core/forms/pdf';
import type { Core } from '../../electron/core/service';
import type { SummaryView } from '../../shared/views';
import { chinaDate, formatChineseDate } from '../../shared/period';
import { newBureau, tempDir } from '../helpers/db';
import { isA4, keep, pageNumbersPresent, pdfInfo, pdfPages, squash } from './pdf-tools';

const PERIOD_LABEL = '2021年第三季度';
let core: Core;
let printer: PdfPrinter;
let dir: string;
let view: SummaryView;

beforeAll(async () => {
  ({ core, dir } = await newBureau(tempDir('eco-forms-'), 'quarter', '2021-Q1'));
  await core.run('demo.fill', { period: '2021-Q3' });
  // A town added after the demo has reported nothing: the summary must say so (尚未报送: its deadline is still ahead).
  await core.run('units.save', { name: '新设街道', kind: 'town' });
  view = await core.run('summary.get', { period: '2021-Q3' });
  printer = await PdfPrinter.launch();
});

afterAll(async () => {
  await printer?.close();
  core?.close();
});

async function print(req: Omit<FormRequest, 'period'>): Promise<{ form: RenderedForm; text: string; pages: string[] }> {
  const form = renderForm(core.ctx, { period: '2021-Q3', ...req });
  const bytes = await printer.form(form);
  keep([req.form, req.blank ? 'blank' : '', req.unit ?? ''].filter(Boolean).join('-'), bytes);
  const info = pdfInfo(bytes, dir);
  expect(info.sizeName).toBe('A4');
  expect(isA4(info, form.landscape)).toBe(true);
  const pages = pdfPages(bytes, dir);
  expect(pages.length).toBe(info.pages);
  const text = pages.join('');
  expect(text).toContain(PERIOD_LABEL);
  expect(text).toContain(req.form === 'notice' && !req.blank ? '济阳生态督' : '济阳区');
  if (req.form === 'notice' && !req.blank) {
    // A letter to one unit a page: no running header, batch page count or print date; dated in its body.
    expect(pages.some((p) => /第\d+页共\d+页|打印日期/.test(p))).toBe(false);
  } else {
    expect(pageNumbersPresent(pages)).toBe(true);
    expect(text).toContain('打印日期：2021年10月3日');
  }
  return { form, text, pages };
}

describe('printed forms as PDF', () => {
  it('district summary: every category, task title and responsible unit, landscape A4', async () => {
    const { form, text } = await print({ form: 'summary' });
    expect(form.landscape).toBe(true);
    expect(text).toContain('重点任务进展情况汇总表');
    for (const c of view.categories) expect(text).toContain(`（${c.numeral}）${c.title}`);
    for (const t of view.tasks) {
      expect(text, `task ${t.no}`).toContain(squash(t.title));
      for (const e of t.entries) expect(text, `${t.no} ${e.name}`).toContain(squash(e.name));
    }
    for (const u of view.units) expect(text).toContain(squash(u.unitName));
    expect(text).toMatch(/新设街道(（牵头）)?尚未报送尚未报送/);
    // It goes up the line: signed by whoever checked it and the office's head, sealed and dated by hand (forms.md).
    for (const line of ['填报人：', '联系电话：', '审核人（签字）：', '主要负责人（签字）：', '区生态文明建设示范区创建工作领导小组办公室（盖章）', '日期：年月日']) expect(text).toContain(line);
  });

  it('blank summary and blank unit form carry the structure without data', async () => {
    const s = await print({ form: 'summary', blank: true });
    for (const t of view.tasks) expect(s.text).toContain(squash(t.title));
    expect(s.text).not.toContain('演示数据');
    const u = await print({ form: 'unit', unit: '市生态环境局济阳分局', blank: true });
    expect(u.text).not.toContain('演示数据');
    for (const label of ['填报人', '联系电话', '审核人（签字）', '单位（盖章）', '日期']) expect(u.text).toContain(label);
    // By hand: the status ticked from the list, the percentage written in.
    for (const s of ['□未启动', '□正常推进', '□已完成', '□进度滞后', '□长期坚持', '完成比例']) expect(u.text).toContain(s);
  });

  it('the signature and seal block never stands alone on a page: the last page of every unit’s form holds a row of its table too', async () => {
    for (const unit of await core.run('units.list', {})) {
      const tasks = (await core.run('reports.forUnit', { unit: unit.name, period: '2021-Q3' })).tasks;
      if (tasks.length < 3) continue;
      const { pages } = await print({ form: 'unit', unit: unit.name, blank: true });
      const last = pages.at(-1)!;
      expect(last).toContain('单位（盖章）');
      expect(tasks.some((t) => last.includes(squash(t.title))), `${unit.name}: ${pages.length} pages, the last: ${last.slice(0, 120)}`).toBe(true);
    }
  });

  it('unit form: the unit’s tasks, its texts and the signature and seal block', async () => {
    const unit = await core.run('reports.forUnit', { unit: '区城乡水务局', period: '2021-Q3' });
    const { text } = await print({ form: 'unit', unit: '区城乡水务局' });
    expect(text).toContain('区城乡水务局');
    for (const t of unit.tasks) {
      expect(text).toContain(squash(t.title));
      expect(text).toContain(squash(t.report!.progress));
    }
    for (const label of ['填报人', '联系电话', '审核人（签字）', '单位负责人（签字）', '单位（盖章）']) expect(text).toContain(label);
    // Dated the day the content held was sent, not the day it is printed again.
    const sent = (await core.run('submissions.status', { period: '2021-Q3' })).find((s) => s.unitName === '区城乡水务局')!;
    expect(text).toContain(squash(`填报日期：${formatChineseDate(chinaDate(sent.submittedAt!))}`));
  });

  it('supervision notices: one portrait page per notice issued, numbered', async () => {
    expect(view.lagging.length).toBeGreaterThan(0);
    await core.run('notices.issue', { period: '2021-Q3', items: view.lagging.map((l) => ({ unit: l.unit, task: l.task })) });
    const { form, text, pages } = await print({ form: 'notice' });
    expect(form.landscape).toBe(false);
    expect(pages.length).toBe(view.lagging.length);
    view.lagging.forEach((l, i) => {
      const page = pages[i] as string;
      expect(page).toContain(`济阳生态督〔2021〕${i + 1}号`);
      expect(page).toContain(squash(l.title));
      expect(page).toContain(squash(l.unitName));
    });
    for (const label of ['督办事项', '责任单位', '存在问题', '办理时限', '督办要求', '反馈方式', '区生态文明建设示范区创建工作领导小组办公室']) expect(text).toContain(label);

    // A notice whose 存在问题 runs onto the next pages carries its number on each of them.
    const unit = '区城乡水务局';
    const task = (await core.run('reports.forUnit', { unit, period: '2021-Q3' })).tasks.find((t) => t.report?.status !== '进度滞后')!.task;
    const problems = Array.from({ length: 60 }, (_, i) => `${i + 1}. 河道清障进度滞后，第 ${i + 1} 段堤防加固尚未开工，资金和施工力量均未落实。`).join('\n');
    await core.run('reports.save', { unit, period: '2021-Q3', task, report: { status: '进度滞后', percent: 10, progress: '已启动前期工作', problems, next: '协调资金' } });
    const [long] = await core.run('notices.issue', { period: '2021-Q3', items: [{ unit, task }] });
    const printed = await print({ form: 'notice', notices: [long!.id] });
    expect(printed.pages.length).toBeGreaterThan(1);
    for (const page of printed.pages) expect(page).toContain(squash(long!.number));
    expect(printed.text).toContain('60.河道清障进度滞后');

    // One of 300 characters keeps to its one page, its long texts a size smaller (at 14 pt its last lines and the
    // office's name had run on to a second page).
    const other = (await core.run('reports.forUnit', { unit: '区农业农村局', period: '2021-Q3' })).tasks[0]!.task;
    const middling = '基层专业技术力量不足，日常巡查频次偏低，部分点位整改进度缓慢。'.repeat(10).slice(0, 300);
    await core.run('reports.save', { unit: '区农业农村局', period: '2021-Q3', task: other, report: { status: '进度滞后', percent: 20, progress: '已开展巡查', problems: middling, next: '加快整改' } });
    const [mid] = await core.run('notices.issue', { period: '2021-Q3', items: [{ unit: '区农业农村局', task: other }] });
    const one = await print({ form: 'notice', notices: [mid!.id] });
    expect(one.pages.length).toBe(1);
    expect(one.text).toContain(squash(middling));
    expect(one.text).toContain('区生态文明建设示范区创建工作领导小组办公室');
    expect(one.form.html).toContain('notice sheet flow-');
  });

  it('submission statistics: every unit with its state, and the submissions sent back (退回) with why', async () => {
    const returned = await core.run('submissions.return', { unit: '区委组织部', period: '2021-Q3', reason: '第3项缺少考核办法的佐证材料', tasks: [3] });
    const other = view.units.find((u) => u.revision !== null && u.unitName !== '区委组织部')!;
    await core.run('submissions.approve', { unit: other.unit, period: '2021-Q3' });
    // 新设街道 has sent nothing this quarter; last quarter its clerk left a name and a phone: whom to call.
    const task = (await core.run('reports.forUnit', { unit: '新设街道', period: '2021-Q2' })).tasks[0]!.task;
    await core.run('reports.save', { unit: '新设街道', period: '2021-Q2', task, report: { status: '正常推进', progress: '推进', filledBy: '王五', phone: '0531-84230000' } });
    // The 汇总表 leaders read marks the content sent back where it is printed.
    const summaryHtml = renderForm(core.ctx, { period: '2021-Q3', form: 'summary' }).html;
    expect(summaryHtml).toMatch(/区委组织部(<span class="role">（牵头）<\/span>)?<span class="role">（已退回，待重报）<\/span>/);
    const { text } = await print({ form: 'submissions' });
    expect(text).toContain(squash('尚未报送单位的联系人（催报用，取该单位最近一次填报时所留）：1.新设街道：王五 0531-84230000（2021年第二季度填报时所留）'));
    for (const u of view.units) expect(text).toContain(squash(u.unitName));
    expect(text).toContain(`按时${view.totals.onTime}个`);
    // Before the deadline (5 October; the clock stands at 3 October) a unit that has sent nothing has not yet sent
    // (尚未报送, as the overview says), not 未报.
    expect(text).toMatch(/新设街道镇街尚未报送/);
    expect(text).toContain(`尚未报送${view.totals.missing}个`);
    expect(text).toContain('退回待重报1个');
    // 审核, the last column: sent back; another unit approved (the stamped paper form not yet come), the rest awaiting review.
    expect(text).toMatch(/区委组织部部门按时2021年[^序]*?已退回/);
    expect(text).toContain('审核通过纸质件未收');
    expect(text).toContain('审核通过1个');
    // Who made the table and who checked it sign under it (forms.md).
    for (const line of ['填报人：', '联系电话：', '审核人：']) expect(text).toContain(line);
    expect(text).toContain(squash(`退回情况：1.区委组织部（第 ${returned.revision} 版）：2021年10月3日 10:00 退回（第 3 项任务）：第3项缺少考核办法的佐证材料。待重报`));
  });

  it('indicator compliance: every indicator, its target and lead unit', async () => {
    const { text } = await print({ form: 'indicators' });
    for (const ind of view.indicators) {
      expect(text).toContain(squash(ind.name));
      expect(text).toContain(squash(ind.targetText));
      expect(text).toContain(squash(ind.leadUnit));
    }
  });
});
