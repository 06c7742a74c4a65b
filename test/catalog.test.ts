import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import catalogJson from '../shared/catalog/default-catalog.json';
import type { Catalog } from '../shared/catalog/types';
import { restoreOriginal } from '../shared/text';
import { buildCatalog } from '../scripts/parse-plan';

const catalog = catalogJson as Catalog;
const planCopy = readFileSync(new URL('../shared/catalog/work-plan.txt', import.meta.url), 'utf8');
const seedPath = new URL('../../shared/seed/work-plan.txt', import.meta.url);

describe('default plan catalog', () => {
  // The seed lies beside the checkout (../shared), not in a fresh clone: skipped there, and said so.
  it.skipIf(!existsSync(seedPath))('is the copy of the seed plan text', () => {
    expect(planCopy).toBe(readFileSync(seedPath, 'utf8'));
  });

  it('is what the builder makes from the plan text (data, not code paths)', () => {
    const specs = catalog.tasks.flatMap((t) =>
      t.indicators.map((i) => ({ task: t.no, name: i.name, comparator: i.comparator, target: i.target, unit: i.unit, notLower: i.notLower, source: i.source })),
    );
    expect(buildCatalog(planCopy, specs)).toEqual(catalog);
  });

  it('has the plan header, 3 categories and 16 tasks in 1–6 / 7–14 / 15–16', () => {
    expect(catalog.version).toMatch(/^jiyang-2021\.\d+$/);
    expect(catalog.plan.title).toBe('济南市济阳区巩固提升国家生态文明建设示范区创建成果工作方案');
    expect(catalog.plan.issuer).toBe('济南市济阳区人民政府');
    expect(catalog.plan.issuedOn).toBe('2021-07-14');
    expect(catalog.categories.map((c) => [c.title, c.firstTask, c.lastTask])).toEqual([
      ['深入完善生态文明制度', 1, 6],
      ['全力保障全区生态安全', 7, 14],
      ['持续优化区域生态空间', 15, 16],
    ]);
    expect(catalog.tasks.map((t) => t.no)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    for (const t of catalog.tasks) expect(t.category).toBe(t.no <= 6 ? 1 : t.no <= 14 ? 2 : 3);
  });

  it('every title, body and unit list appears in the plan text (original wording restored)', () => {
    for (const t of catalog.tasks) {
      const line = planCopy.split('\n').find((l) => l.startsWith(`${t.no}.`));
      expect(line, `task ${t.no}`).toBeDefined();
      expect(line!.trim()).toBe(`${t.no}.${t.originalText}`);
      const display = `${t.title}。${t.body}${t.unitsText}`;
      expect(restoreOriginal(display, t.corrections)).toBe(t.originalText);
      // The unit bracket, in the original punctuation, is in the text.
      const names = t.units.map((u) => catalog.units.find((x) => x.code === u.code)!.name);
      const listed = [...names, ...(t.allTowns ? ['各镇(街道)'] : [])].join('、');
      // Towns come last in every list of the plan that names them.
      expect(t.originalText.endsWith(`(责任单位:${listed})`)).toBe(true);
      for (const u of t.units) {
        const name = catalog.units.find((x) => x.code === u.code)!.name;
        expect(t.unitsText).toContain(name);
        expect(line).toContain(name);
      }
      if (t.allTowns) expect(line).toContain('各镇(街道)');
      for (const ind of t.indicators) expect(line!.replace(/,/g, '，')).toContain(ind.source);
    }
  });

  it('lead is the first unit listed; 各镇(街道) expands to every town', () => {
    const t6 = catalog.tasks[5]!;
    expect(t6.units).toHaveLength(11);
    expect(t6.units[0]).toEqual({ code: 'B01', role: 'lead' });
    expect(t6.units.slice(1).every((u) => u.role === 'support')).toBe(true);
    expect(t6.allTowns).toBe(true);
    expect(catalog.tasks[3]!.units).toEqual([{ code: 'B05', role: 'lead' }]);
    expect(catalog.tasks[3]!.allTowns).toBe(true);
  });

  it('splits 一是…二是… into sub-measures', () => {
    expect(catalog.tasks[6]!.measures.map((m) => m.numeral)).toEqual(['一', '二', '三', '四', '五']);
    expect(catalog.tasks[6]!.measures[0]!.text.startsWith('深化扬尘污染防治')).toBe(true);
    expect(catalog.tasks[7]!.measures).toHaveLength(3);
    expect(catalog.tasks[7]!.intro.startsWith('以水环境质量改善为中心')).toBe(true);
    expect(catalog.tasks[0]!.measures).toEqual([]);
  });

  it('uses Chinese punctuation and records each change, including Ш → Ⅲ', () => {
    for (const t of catalog.tasks) {
      expect(`${t.title}${t.body}${t.unitsText}`).not.toMatch(/[,:;()]/);
    }
    const t8 = catalog.tasks[7]!;
    expect(t8.body).toContain('好Ⅲ类水体');
    expect(t8.corrections.some((c) => c.from === 'Ш' && c.to === 'Ⅲ')).toBe(true);
    expect(catalog.tasks[3]!.unitsText).toBe('（责任单位：区城乡水务局、各镇（街道））');
  });

  it('carries the indicators with their kinds and targets', () => {
    const ind = (task: number) => catalog.tasks[task - 1]!.indicators;
    expect(ind(3)).toMatchObject([{ comparator: '>=', target: 20, unit: '%' }]);
    expect(ind(5)).toMatchObject([{ comparator: '=', target: 100, unit: '%' }]);
    expect(ind(9)).toMatchObject([{ comparator: '>=', target: 55 }]);
    expect(ind(10)).toMatchObject([{ comparator: '>=', target: 18, unit: '%', notLower: true }]);
    expect(ind(12)).toMatchObject([{ comparator: '=', target: 100, unit: '%' }]);
    expect(ind(16)).toMatchObject([
      { name: '自然岸线保有率', comparator: 'meets_assigned', target: null },
      { name: '河库岸线保护率', comparator: 'meets_assigned', target: null },
    ]);
    for (const n of [1, 2, 4, 6, 7, 8, 11, 13, 14, 15]) expect(ind(n).every((i) => i.comparator === 'yes')).toBe(true);
  });

  it('has the 10 towns and 18 departments with stable codes', () => {
    expect(catalog.units.filter((u) => u.kind === 'town')).toHaveLength(10);
    expect(catalog.units.filter((u) => u.kind === 'department')).toHaveLength(18);
    expect(new Set(catalog.units.map((u) => u.code)).size).toBe(28);
    expect(catalog.units.find((u) => u.name === '新市镇')?.code).toBe('Z10');
    expect(catalog.units.find((u) => u.name === '市生态环境局济阳分局')?.code).toBe('B01');
  });
});
