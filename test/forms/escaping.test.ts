/** Units type arbitrary text: every form must print it as text, never as markup. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORM_KINDS } from '../../shared/api/forms';
import { renderForm } from '../../electron/core/forms/render';
import { esc } from '../../electron/core/forms/html';
import { cssString } from '../../electron/core/forms/style';
import type { Core } from '../../electron/core/service';
import { newBureau, tempDir } from '../helpers/db';

const NAME = `<script>alert(1)</script>&"'镇`;
const TYPED = `<b>乙</b>镇`;
const RETURN_REASON = `请补充<b>数据</b> & </td></tr></table>`;
const PROGRESS = `完成<img src=x onerror=alert(1)> & 整改 "引号" '单引号' </td></tr></table><b>粗</b>`;

let core: Core;

beforeAll(async () => {
  ({ core } = await newBureau(tempDir('eco-forms-esc-')));
  await core.run('units.save', { code: 'X01', name: NAME, kind: 'town' });
  const tasks = (await core.run('reports.forUnit', { unit: 'X01', period: '2021-Q3' })).tasks;
  for (const t of tasks) {
    await core.run('reports.save', {
      unit: 'X01',
      period: '2021-Q3',
      task: t.task,
      report: { status: '进度滞后', progress: PROGRESS, problems: `问题<script>x()</script>`, next: `计划 & <i>`, filledBy: `<b>张三</b>` },
    });
  }
  // Registered as received (代为填报 登记为已报送): its tasks lag, as counted.
  await core.run('submissions.enter', { unit: 'X01', period: '2021-Q3' });
  // And sent back (退回), its reason worded with markup: printed on the unit's form and the 报送情况统计表.
  await core.run('submissions.return', { unit: 'X01', period: '2021-Q3', reason: RETURN_REASON });
  // Another such town whose paper form is typed in and not registered yet.
  await core.run('units.save', { code: 'X02', name: TYPED, kind: 'town' });
  for (const t of (await core.run('reports.forUnit', { unit: 'X02', period: '2021-Q3' })).tasks) {
    await core.run('reports.save', { unit: 'X02', period: '2021-Q3', task: t.task, report: { status: '正常推进', progress: PROGRESS } });
  }
  // A 督办单 issued for the first, its 督办要求 worded with markup.
  await core.run('notices.issue', { period: '2021-Q3', items: [{ unit: 'X01', task: tasks[0]!.task }], demand: { lagging: '要求<script>y()</script>' } });
});

afterAll(() => core?.close());

describe('escaping in printed forms', () => {
  it('a 退回 reason is printed as text on the unit form and the 报送情况统计表', () => {
    for (const req of [{ form: 'unit' as const, unit: 'X01' }, { form: 'submissions' as const }]) {
      const { html } = renderForm(core.ctx, { period: '2021-Q3', ...req });
      expect(html, req.form).toContain(esc(RETURN_REASON));
      expect(html, req.form).not.toContain('<b>数据</b>');
    }
  });

  it('esc escapes the five HTML specials', () => {
    expect(esc(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  const requests = [
    ...FORM_KINDS.filter((f) => f !== 'unit').map((form) => ({ form })),
    { form: 'unit' as const, unit: 'X01' },
    { form: 'unit' as const, unit: 'X01', blank: true },
    { form: 'summary' as const, blank: true },
    { form: 'notice' as const, draft: true },
  ];
  for (const req of requests) {
    it(`${req.form}${'blank' in req ? ' (blank)' : ''}${'draft' in req ? ' (draft)' : ''}: hostile text is shown, not run`, () => {
      const { html } = renderForm(core.ctx, { period: '2021-Q3', ...req });
      expect(html).not.toMatch(/<script/i);
      expect(html).not.toMatch(/<img/i);
      expect(html).not.toMatch(/<i>|<b>|<\/td><\/tr><\/table><b>/);
      // The indicator table names only lead units; the hostile town leads nothing.
      if (req.form !== 'indicators') expect(html).toContain(esc(NAME));
      expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
      // The only tags are the form's own: each opened <td> is closed.
      expect((html.match(/<td\b/g) ?? []).length).toBe((html.match(/<\/td>/g) ?? []).length);
    });
  }

  it('the typed texts appear escaped in the summary and the unit form', () => {
    for (const form of ['summary', 'unit'] as const) {
      const { html } = renderForm(core.ctx, { period: '2021-Q3', form, ...(form === 'unit' ? { unit: 'X01' } : {}) });
      expect(html).toContain(esc(PROGRESS));
      expect(html).toContain('问题&lt;script&gt;x()&lt;/script&gt;');
      expect(html).toContain('计划 &amp; &lt;i&gt;');
    }
    const unit = renderForm(core.ctx, { period: '2021-Q3', form: 'unit', unit: 'X01' });
    expect(unit.html).toContain('&lt;b&gt;张三&lt;/b&gt;');
    expect(unit.pageHeader).toContain(NAME);
  });

  it('content typed in at the bureau and not registered as sent is printed as such, its form undated', () => {
    const summary = renderForm(core.ctx, { period: '2021-Q3', form: 'summary' }).html;
    const tasks = summary.split(`${esc(TYPED)}<span class="role">（区局录入，尚未登记报送）</span>`).length - 1;
    expect(tasks).toBeGreaterThan(0);
    // Units whose content came (registered here) carry no such mark.
    expect(summary.split('（区局录入，尚未登记报送）').length - 1).toBe(tasks);
    const unit = renderForm(core.ctx, { period: '2021-Q3', form: 'unit', unit: 'X02' }).html;
    expect(unit).toContain('填报日期：<span class="date-blank">年</span>');
  });
});

describe('the running header in the page margins', () => {
  it('is a CSS string that nothing typed can end: quotes, backslashes, braces and tags are escaped', () => {
    expect(cssString('济阳区 · 2021年第三季度')).toBe('"济阳区 · 2021年第三季度"');
    expect(cssString(`a"b\\c</style>{x}`)).toBe('"a\\22 b\\5c c\\3c \\2f style\\3e \\7b x\\7d "');
  });

  it('carries a unit name with markup only in escaped form', () => {
    const { html } = renderForm(core.ctx, { form: 'unit', unit: 'X01', period: '2021-Q3' });
    const style = html.slice(html.indexOf('<style>'), html.indexOf('</style>'));
    expect(html.split('</style>').length).toBe(2);
    expect(style).toContain('\\3c script\\3e alert\\28 1\\29 \\3c \\2f script\\3e \\26 \\22 \\27 镇');
    expect(style).not.toContain('<script');
  });
});
