/**
 * What a printed form says of an entry with no content: 未报送 (bold) only of a unit that has sent nothing by a
 * deadline passed; 尚未报送 before it; 未填报 of a unit that sent without the task; 未填写 on a unit's own form.
 * And characters no font here can draw, said when a PDF is made (they would print blank).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderForm } from '../../electron/core/forms/render';
import { PdfPrinter } from '../../electron/core/forms/pdf';
import { Core } from '../../electron/core/service';
import { missingGlyphsWarning } from '../../shared/missing-glyphs';
import { newBureau, tempDir } from '../helpers/db';
import { exportTo, newUnit, PERIOD, reportOne, TOWN } from '../exchange/helpers';

/** The cells of an entry row's 工作进展 and 状态 as printed (tags stripped), one entry per line. */
const cells = (html: string, unit: string): string[] =>
  [...html.matchAll(/<tr[^>]*>(.*?)<\/tr>/gs)]
    .map((m) => m[1] as string)
    .filter((row) => row.includes(`>${unit}<`))
    .map((row) =>
      [...row.matchAll(/<td class="([^"]*)">([^<]*)<\/td>/g)]
        .filter((c) => /^(未|尚未)/.test(c[2] as string))
        .map((c) => `${c[1]}:${c[2]}`)
        .join('|'),
    );

describe('printed entries with no content', () => {
  let core: Core;
  beforeAll(async () => {
    ({ core } = await newBureau(tempDir('eco-empty-'), 'quarter', '2021-Q3'));
    // Two towns heard from nobody, one of which the bureau types in (代为填报) and registers: sent, without all its tasks.
    for (const name of ['甲街道', '乙街道']) await core.run('units.save', { name, kind: 'town' });
    const tasks = (await core.run('reports.forUnit', { unit: '甲街道', period: PERIOD })).tasks;
    expect(tasks.length).toBeGreaterThan(1);
    await core.run('reports.save', { unit: '甲街道', period: PERIOD, task: tasks[0]!.task, report: { status: '正常推进', percent: 50, progress: '按计划推进' } });
    await core.run('submissions.enter', { unit: '甲街道', period: PERIOD });
  });
  afterAll(() => core?.close());

  it('before the deadline: 尚未报送 in plain type, in the overview too; a unit that sent without a task: 未填报', async () => {
    const html = renderForm(core.ctx, { form: 'summary', period: PERIOD }).html;
    const yi = cells(html, '乙街道');
    expect(yi.length).toBeGreaterThan(0);
    for (const row of yi) expect(row).toMatch(/^c m:尚未报送\|c:尚未报送$/);
    const jia = cells(html, '甲街道').filter((r) => r.includes(':未'));
    expect(jia.length).toBeGreaterThan(0);
    for (const row of jia) expect(row).toMatch(/^c m:未填报\|c:未填报$/);
    expect(html).not.toContain('>未报送<');
    expect(html).toMatch(/尚未报送 \d+ 个；/);
    expect(html).toContain('报送截止日期：2021年10月5日（未到）');
    // The unit form the bureau prints: the same words.
    expect(renderForm(core.ctx, { form: 'unit', period: PERIOD, unit: '乙街道' }).html).toContain('<td class="c">尚未报送</td>');
    expect(renderForm(core.ctx, { form: 'unit', period: PERIOD, unit: '甲街道' }).html).toContain('<td class="c">未填报</td>');
  });

  it('after the deadline: 未报送 in bold of a unit that sent nothing, still 未填报 of one that sent without the task', async () => {
    await core.run('periods.setDeadline', { period: PERIOD, deadline: '2021-10-01' });
    const html = renderForm(core.ctx, { form: 'summary', period: PERIOD }).html;
    for (const row of cells(html, '乙街道')) expect(row).toMatch(/^c m bad:未报送\|c bad:未报送$/);
    for (const row of cells(html, '甲街道').filter((r) => r.includes(':未'))) expect(row).toMatch(/^c m:未填报\|c:未填报$/);
    expect(html).toMatch(/，未报送 \d+ 个；/);
    expect(html).not.toContain('（未到）');
    expect(renderForm(core.ctx, { form: 'unit', period: PERIOD, unit: '乙街道' }).html).toContain('<td class="c bad">未报送</td>');
  });

  it('a target set from above names the year’s number where the bureau entered one, as the screens do', async () => {
    const form = (): string => renderForm(core.ctx, { form: 'unit', period: PERIOD, unit: '区城乡水务局' }).html;
    expect(form()).toContain('自然岸线保有率：未填（目标：完成上级下达目标）');
    await core.run('targets.set', { indicator: '16.1', year: 2021, target: 85 });
    expect(form()).toContain('自然岸线保有率：未填（目标：≥85%，上级下达）');
    // Another year's target is not this period's.
    await core.run('targets.set', { indicator: '16.2', year: 2022, target: 90 });
    expect(form()).toContain('河库岸线保护率：未填（目标：完成上级下达目标）');
  });

  it('a unit’s own form of content it exported and left unchanged is dated the day of that export, not the day reprinted', async () => {
    const dir = tempDir('eco-own-date-');
    const unit = await newUnit(dir);
    let later: Core | null = null;
    try {
      await reportOne(unit.core);
      await exportTo(unit.core, dir);
      unit.core.close();
      later = await Core.open(unit.path, { now: () => new Date('2022-04-09T02:00:00Z') });
      const dated = (): string => /填报日期：([^<]*)/.exec(renderForm(later!.ctx, { form: 'unit', period: PERIOD, unit: TOWN }).html)![1]!;
      expect(dated()).toBe('2021年10月3日');
      // Changed since: dated the day printed (it is not what was sent).
      const task = (await later.run('reports.forUnit', { unit: TOWN, period: PERIOD })).tasks[0]!.task;
      await later.run('reports.save', { unit: TOWN, period: PERIOD, task, report: { status: '正常推进', percent: 60, progress: '又有进展' } });
      expect(dated()).toBe('2022年4月9日');
    } finally {
      later?.close();
    }
  });

  it("a unit's own form: 未填写, whatever the deadline", async () => {
    const unit = await newUnit(tempDir('eco-empty-unit-'));
    try {
      const html = renderForm(unit.core.ctx, { form: 'unit', period: PERIOD, unit: TOWN }).html;
      expect(html).toContain('<td class="c">未填写</td>');
      expect(html).not.toMatch(/未报送|未填报/);
    } finally {
      unit.core.close();
    }
  });
});

describe('characters no font here can draw', () => {
  let printer: PdfPrinter;
  beforeAll(async () => {
    printer = await PdfPrinter.launch();
  });
  afterAll(async () => printer?.close());

  it('are found when a PDF is made: a private-use character and a CJK Extension H one, not common text, nor what the fonts listed draw', async () => {
    const said = { missingGlyphs: [] as string[] };
    // (A byte-order mark and a soft hyphen pasted with a text draw nothing by design: not said.)
    const html = `<!doctype html><html><head><meta charset="utf-8"><style>td { font-family: "AR PL SungtiL GB", "Noto Serif CJK SC", "HanaMinB", "Noto Color Emoji", serif }</style></head><body><table><tr><td>\u{FEFF}济阳街道 ABC 123，。“”（）％ 𠀀家庄 🌿 \u{E000}造字 𱍐村 \u{31350} 巡\u{AD}河</td></tr></table><p>${'中'.repeat(3)}</p></body></html>`;
    const bytes = await printer.pdf(html, { landscape: false }, said);
    expect(bytes.length).toBeGreaterThan(1000);
    // U+31350 twice in the text, said once; Extension B (HanaMinB) and the emoji face are installed by .ci (install-test-deps.sh).
    expect(said.missingGlyphs.sort()).toEqual(['\u{E000}', '\u{31350}'].sort());
    const warning = missingGlyphsWarning(said.missingGlyphs);
    expect(warning).toMatch(/^本机没有能显示 .* 的字体，打印出来这些字将是空白/);
    for (const code of ['（U+E000）', '\u{31350}（U+31350）']) expect(warning).toContain(code);
    // A page with none: nothing said.
    const none = { missingGlyphs: ['x'] };
    await printer.pdf('<!doctype html><html><body><p>济阳街道 2021年第三季度</p></body></html>', { landscape: false }, none);
    expect(none.missingGlyphs).toEqual([]);
  });
});
