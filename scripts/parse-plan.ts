/** Parses the work plan's plain text into the catalog (used by build-catalog.ts and its test). */
import { DEFAULT_UNITS } from '../shared/catalog/default-units';
import type { Catalog, Category, Comparator, Indicator, Measure, Task, TaskUnitRef } from '../shared/catalog/types';
import { canonicalUnitName, normalizePunctuation, type TextChange } from '../shared/text';

export interface IndicatorSpec {
  task: number;
  name: string;
  comparator: Comparator;
  target: number | null;
  unit: string;
  notLower?: boolean;
  source: string;
}

/** Bump when tasks or indicators change; unit workbooks carry it. */
export const CATALOG_VERSION = 'jiyang-2021.1';

const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
const ALL_TOWNS = '各镇(街道)';

function fail(message: string): never {
  throw new Error(`work-plan.txt: ${message}`);
}

export function splitMeasures(body: string): { intro: string; measures: Measure[] } {
  const measures: Measure[] = [];
  let pos = 0;
  let intro = body;
  for (let k = 0; k < NUMERALS.length; k++) {
    const marker = `${NUMERALS[k]}是`;
    const at = body.indexOf(marker, pos);
    // A measure starts at the beginning of the body or right after a full stop.
    if (at < 0 || (at > 0 && body[at - 1] !== '。')) break;
    if (k === 0) intro = body.slice(0, at);
    else measures[k - 1]!.text = body.slice(pos, at);
    measures.push({ numeral: NUMERALS[k]!, text: '' });
    pos = at + marker.length;
  }
  if (measures.length > 0) measures[measures.length - 1]!.text = body.slice(pos);
  if (measures.length === 1) return { intro: body, measures: [] };
  return { intro: measures.length ? intro : body, measures };
}

function parseUnits(list: string, taskNo: number): { units: TaskUnitRef[]; allTowns: boolean } {
  const byName = new Map(DEFAULT_UNITS.map((u) => [canonicalUnitName(u.name), u]));
  const units: TaskUnitRef[] = [];
  let allTowns = false;
  list.split('、').forEach((raw, i) => {
    const name = raw.trim();
    if (name === ALL_TOWNS) {
      allTowns = true;
      return;
    }
    const unit = byName.get(canonicalUnitName(name));
    if (!unit) fail(`task ${taskNo}: unknown responsible unit ${name}`);
    units.push({ code: unit.code, role: i === 0 ? 'lead' : 'support' });
  });
  return { units, allTowns };
}

export function buildCatalog(planText: string, specs: readonly IndicatorSpec[]): Catalog {
  const lines = planText.split(/\r?\n/).map((l) => l.trim());
  const noticeTitle = lines[0] ?? fail('empty file');
  const dateLine = lines.find((l) => /^\d{4}年\d{1,2}月\d{1,2}日$/.test(l)) ?? fail('no issue date');
  const [, y, m, d] = /^(\d{4})年(\d{1,2})月(\d{1,2})日$/.exec(dateLine) ?? fail('bad date');
  const titleMatch = /《(.+?)》/.exec(noticeTitle) ?? fail('no plan title in the notice line');
  const issuer = /^(.+?人民政府)/.exec(noticeTitle)?.[1] ?? fail('no issuer');

  const categories: Category[] = [];
  const tasks: Task[] = [];
  for (const line of lines) {
    const cat = /^\(([一二三四五六七八九十])\)(.+)$/.exec(line);
    if (cat) {
      categories.push({
        no: NUMERALS.indexOf(cat[1]!) + 1,
        numeral: cat[1]!,
        title: normalizePunctuation(cat[2]!).text,
        firstTask: 0,
        lastTask: 0,
      });
      continue;
    }
    const task = /^(\d{1,2})\.(.+)$/.exec(line);
    if (!task || categories.length === 0) continue;
    const no = Number(task[1]);
    const originalText = task[2]!;
    const bracket = /\(责任单位:([^)]*(?:\([^)]*\)[^)]*)*)\)$/.exec(originalText) ?? fail(`task ${no}: no 责任单位`);
    const unitList = bracket[1]!;
    const beforeUnits = originalText.slice(0, bracket.index);
    const stop = beforeUnits.indexOf('。');
    if (stop < 0) fail(`task ${no}: no title sentence`);
    const { text: normalized, changes } = normalizePunctuation(originalText);
    const title = normalized.slice(0, stop);
    const body = normalized.slice(stop + 1, bracket.index);
    const { intro, measures } = splitMeasures(body);
    const category = categories[categories.length - 1]!;
    if (category.firstTask === 0) category.firstTask = no;
    category.lastTask = no;
    const { units, allTowns } = parseUnits(unitList, no);
    const indicators: Indicator[] = specs
      .filter((s) => s.task === no)
      .map((s, i) => ({
        id: `${no}.${i + 1}`,
        name: s.name,
        comparator: s.comparator,
        target: s.target,
        unit: s.unit,
        notLower: s.notLower ?? false,
        source: s.source,
      }));
    tasks.push({
      no,
      category: category.no,
      title,
      body,
      intro,
      measures,
      unitsText: normalized.slice(bracket.index),
      units,
      allTowns,
      indicators,
      originalText,
      corrections: changes as TextChange[],
    });
  }
  tasks.forEach((t, i) => {
    if (t.no !== i + 1) fail(`task numbers not consecutive at ${t.no}`);
  });
  return {
    version: CATALOG_VERSION,
    plan: {
      title: titleMatch[1]!,
      issuer,
      issuedOn: `${y}-${m!.padStart(2, '0')}-${d!.padStart(2, '0')}`,
      noticeTitle: normalizePunctuation(noticeTitle).text,
      district: '济阳区',
    },
    categories,
    tasks,
    units: [...DEFAULT_UNITS],
  };
}
