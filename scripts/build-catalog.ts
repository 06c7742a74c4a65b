/**
 * Builds shared/catalog/default-catalog.json from the plan's text
 * (shared/catalog/work-plan.txt, a copy of ../shared/seed/work-plan.txt).
 *
 *   npm run catalog:build            write the JSON
 *   npm run catalog:build -- --check exit 1 when the committed JSON differs
 *
 * Tasks, categories, sub-measures and responsible units come from the text;
 * the indicators (kind, comparator, target) are the table below, each with the
 * phrase of the plan it comes from, which a test checks against the text.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildCatalog, type IndicatorSpec } from './parse-plan';

const INDICATORS: IndicatorSpec[] = [
  { task: 1, name: '生态文明建设规划任务有效落实', comparator: 'yes', target: null, unit: '', source: '持续抓好各项任务的有效落实' },
  { task: 2, name: '生态文明建设重大决策部署落实到位', comparator: 'yes', target: null, unit: '', source: '确保各项工作落实到位' },
  { task: 3, name: '生态文明建设工作占党政实绩考核的比例', comparator: '>=', target: 20, unit: '%', source: '比例不低于20%' },
  { task: 4, name: '河长制湖长制长效管理体系建立', comparator: 'yes', target: null, unit: '', source: '形成长效管理体系' },
  { task: 5, name: '生态环境信息公开率', comparator: '=', target: 100, unit: '%', source: '信息公开率达100%' },
  { task: 6, name: '规划环境影响评价依法开展', comparator: 'yes', target: null, unit: '', source: '严格落实规划环境影响评价的分类管理和分级审查要求' },
  { task: 7, name: '重污染天气应急减排措施执行到位', comparator: 'yes', target: null, unit: '', source: '确保重污染天气减排措施执行到位' },
  { task: 8, name: '建成区黑臭水体整治长制久清', comparator: 'yes', target: null, unit: '', source: '实现黑臭水体整治长制久清' },
  { task: 9, name: '生态环境状况指数（EI）', comparator: '>=', target: 55, unit: '', source: '生态环境状况指数达到55以上' },
  { task: 10, name: '林草覆盖率', comparator: '>=', target: 18, unit: '%', notLower: true, source: '林草覆盖率保持18%以上且不降低' },
  { task: 11, name: '无违法采集及猎捕、破坏野生动植物情况', comparator: 'yes', target: null, unit: '', source: '严格执法确保无违法采集及猎捕、破坏等情况发生' },
  { task: 12, name: '危险废物利用处置率', comparator: '=', target: 100, unit: '%', source: '危险废物利用处置率100%' },
  { task: 13, name: '无污染场地风险事故发生', comparator: 'yes', target: null, unit: '', source: '确保无污染场地风险事故发生' },
  { task: 14, name: '突发生态环境事件应急演练开展', comparator: 'yes', target: null, unit: '', source: '组织开展突发生态环境事件应急演练' },
  { task: 15, name: '生态功能不降低、面积不减少、性质不改变', comparator: 'yes', target: null, unit: '', source: '确保生态功能不降低、面积不减少、性质不改变' },
  { task: 16, name: '自然岸线保有率', comparator: 'meets_assigned', target: null, unit: '%', source: '自然岸线保有率、河库岸线保护率完成上级管控目标' },
  { task: 16, name: '河库岸线保护率', comparator: 'meets_assigned', target: null, unit: '%', source: '自然岸线保有率、河库岸线保护率完成上级管控目标' },
];

const here = fileURLToPath(new URL('.', import.meta.url));
const planPath = `${here}../shared/catalog/work-plan.txt`;
const outPath = `${here}../shared/catalog/default-catalog.json`;

const catalog = buildCatalog(readFileSync(planPath, 'utf8'), INDICATORS);
const json = `${JSON.stringify(catalog, null, 2)}\n`;
if (process.argv.includes('--check')) {
  const current = readFileSync(outPath, 'utf8');
  if (current !== json) {
    process.stderr.write('default-catalog.json 与计划文本不一致，请运行 npm run catalog:build\n');
    process.exit(1);
  }
  process.stdout.write('default-catalog.json is up to date\n');
} else {
  writeFileSync(outPath, json);
  process.stdout.write(`wrote ${outPath}: ${catalog.tasks.length} tasks, version ${catalog.version}\n`);
}
