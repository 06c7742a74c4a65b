/**
 * 修订任务清单 in the app: the bureau changes who is responsible for a task (牵头, 配合, 各镇（街道）) or an
 * indicator's numeric target, and the change becomes a revised plan exactly as one loaded from a set-up file would:
 * the same preview (what it does to the periods, reports and approvals held), the same refusals, a new catalog
 * version for the periods due from now on, earlier periods kept on theirs. It goes through the set-up workbook itself
 * (written, then read back), so there is one route by which a plan changes.
 */
import { createHash } from 'node:crypto';
import type { HandlerInput } from '../../../shared/api';
import type { SetupImportResult, SetupPreview } from '../../../shared/api/exchange';
import type { Catalog, Task } from '../../../shared/catalog/types';
import { AppError, ERROR_CODES } from '../../../shared/errors';
import { targetInSentence } from '../../../shared/report';
import { squeezed } from '../../../shared/text';
import type { CoreContext } from '../context';
import { importSetup, previewSetup, setupPayload, writeSetupWorkbook } from './setup-workbook';

type Revision = HandlerInput<'catalog.revise'>;

/** How long a plan version may be (the plan schedule in the set-up file holds at most this). */
const VERSION_MAX = 50;

/**
 * The version of a revision made in the app: the plan it revises, the day, and a short hash of its content, as
 * jiyang-2021.1-r20211003-3fa2c1. A number counted on (jiyang-2021.2) could be given twice to different plans (a
 * database restored from a backup revising again, or the district's own next plan file), and a unit that held one
 * would silently keep it; this name cannot. A revision of a revision replaces the earlier suffix.
 */
export function revisionVersion(version: string, today: string, catalog: Catalog, taken: ReadonlySet<string>): string {
  const suffix = `-r${today.replaceAll('-', '')}-${createHash('sha256').update(JSON.stringify(catalog.tasks)).digest('hex').slice(0, 6)}`;
  const base = version.replace(/-r\d{8}-[0-9a-f]{6}(-\d+)?$/, '').slice(0, VERSION_MAX - suffix.length - 3);
  let name = `${base}${suffix}`;
  for (let n = 2; taken.has(name); n++) name = `${base}${suffix}-${n}`;
  return name;
}

/** The units as listed: 牵头、配合…、各镇（街道）. */
function unitsListed(task: Task, names: ReadonlyMap<string, string>): string {
  return [...task.units.map((u) => names.get(u.code) ?? u.code), ...(task.allTowns ? ['各镇（街道）'] : [])].join('、');
}

/** The bracket as printed: （责任单位：牵头、配合…、各镇（街道））. */
const unitsText = (task: Task, names: ReadonlyMap<string, string>): string => `（责任单位：${unitsListed(task, names)}）`;

/**
 * The catalog (as the set-up file carries it: the units of this database) with the revision applied; refused, naming
 * each problem, when it is not one that can be made.
 */
function revised(ctx: CoreContext, base: Catalog, input: Revision): { catalog: Catalog; said: string[] } {
  const catalog = structuredClone(base);
  const units = new Map(catalog.units.map((u) => [u.code, u]));
  const names = new Map(catalog.units.map((u) => [u.code, u.name]));
  const name = (code: string): string => names.get(code) ?? code;
  const problems: string[] = [];
  // What changes, in words, task by task.
  // Said by task number (as the plan reads), whatever order the changes were made in; a task's new name first.
  const said: { no: number; at: number; text: string }[] = [];
  const say = (no: number, at: number, text: string): void => void said.push({ no, at, text });
  for (const edit of input.tasks ?? []) {
    const task = catalog.tasks.find((t) => t.no === edit.no);
    if (!task) {
      problems.push(`没有第 ${edit.no} 项重点任务`);
      continue;
    }
    const which = `第 ${edit.no} 项任务`;
    const lead = units.get(edit.lead);
    if (!lead) problems.push(`${which}：没有代码为 ${edit.lead} 的单位`);
    else if (!lead.active) problems.push(`${which}：牵头单位“${lead.name}”已停用，请另选牵头单位，或先在“填报单位”中重新启用它`);
    const support: string[] = [];
    // Supporting units deactivated since stay on the task unless the edit names them (the screen lists active units only).
    const keptInactive = task.units.filter((u) => u.role === 'support' && units.get(u.code)?.active === false && u.code !== edit.lead && !edit.support.includes(u.code)).map((u) => u.code);
    for (const code of edit.support) {
      const u = units.get(code);
      if (!u) problems.push(`${which}：没有代码为 ${code} 的单位`);
      else if (!u.active) problems.push(`${which}：配合单位“${u.name}”已停用，请去掉它，或先在“填报单位”中重新启用它`);
      else if (code === edit.lead) problems.push(`${which}：“${u.name}”已是牵头单位，不能同时列为配合单位`);
      else if (support.includes(code)) problems.push(`${which}：配合单位“${u.name}”列了两次`);
      else if (edit.allTowns && u.kind === 'town') problems.push(`${which}：已选“各镇（街道）”，不必再单列“${u.name}”`);
      else support.push(code);
    }
    const lead0 = task.units.find((u) => u.role === 'lead')?.code;
    const support0 = task.units.filter((u) => u.role === 'support').map((u) => u.code);
    // The plan's order for the units kept, the new ones after them: a list merely reordered is no revision.
    const wanted = new Set([...support, ...keptInactive]);
    const ordered = [...support0.filter((c) => wanted.has(c)), ...support.filter((c) => !support0.includes(c))];
    if (lead0 === edit.lead && ordered.length === support0.length && ordered.every((c, i) => c === support0[i]) && edit.allTowns === task.allTowns) continue;
    const next = [{ code: edit.lead, role: 'lead' as const }, ...ordered.map((code) => ({ code, role: 'support' as const }))];
    const parts: string[] = [];
    if (lead0 !== edit.lead) parts.push(`牵头单位由${lead0 ? name(lead0) : '（无）'}改为${name(edit.lead)}`);
    const added = support.filter((c) => !support0.includes(c));
    const dropped = support0.filter((c) => !wanted.has(c) && c !== edit.lead);
    if (added.length > 0) parts.push(`增加配合单位${added.map(name).join('、')}`);
    if (dropped.length > 0) parts.push(`不再由${dropped.map(name).join('、')}配合`);
    if (edit.allTowns !== task.allTowns) parts.push(edit.allTowns ? '增加各镇（街道）配合' : '不再由各镇（街道）配合');
    task.units = next;
    task.allTowns = edit.allTowns;
    task.unitsText = unitsText(task, names);
    say(task.no, 1, `第 ${task.no} 项“${task.title}”：${parts.join('，') || '责任单位顺序调整'}；责任单位改为：${unitsListed(task, names)}`);
  }
  for (const edit of input.indicators ?? []) {
    const ind = catalog.tasks.flatMap((t) => t.indicators).find((i) => i.id === edit.id);
    if (!ind) {
      problems.push(`没有编号为“${edit.id}”的指标`);
      continue;
    }
    if (ind.comparator !== '>=' && ind.comparator !== '<=' && ind.comparator !== '=') {
      problems.push(`指标 ${ind.id}“${ind.name}”的目标不是一个数值（${ind.comparator === 'meets_assigned' ? '上级下达目标请在“上级下达目标”中按年录入' : '不降低、是否类指标没有目标值'}）`);
      continue;
    }
    if (ind.unit === '%' && edit.target > 100) {
      problems.push(`指标 ${ind.id}“${ind.name}”是百分比，目标不能超过 100%（填的是 ${edit.target}%），请填写 0–100 之间的数`);
      continue;
    }
    if (ind.target === edit.target) continue;
    const before = targetInSentence(ind);
    ind.target = edit.target;
    say(catalog.tasks.find((t) => t.indicators.includes(ind))?.no ?? 0, 2, `指标 ${ind.id}“${ind.name}”的目标由“${before}”改为“${targetInSentence(ind)}”`);
  }
  for (const edit of input.titles ?? []) {
    const task = catalog.tasks.find((t) => t.no === edit.no);
    if (!task) {
      problems.push(`没有第 ${edit.no} 项重点任务`);
      continue;
    }
    const title = edit.title.trim();
    if (title === task.title) continue;
    // Two tasks of one name could not be told apart (in the forms, a file's rows, the import's checks).
    const twin = catalog.tasks.find((t) => t.no !== task.no && squeezed(t.title) === squeezed(title));
    if (twin) {
      problems.push(`第 ${task.no} 项任务名称“${title}”与第 ${twin.no} 项相同`);
      continue;
    }
    say(task.no, 0, `第 ${task.no} 项任务名称由“${task.title}”改为“${title}”`);
    task.title = title;
  }
  for (const id of input.dropIndicators ?? []) {
    const task = catalog.tasks.find((t) => t.indicators.some((i) => i.id === id));
    const ind = task?.indicators.find((i) => i.id === id);
    if (!task || !ind) {
      problems.push(`没有编号为“${id}”的指标`);
      continue;
    }
    task.indicators = task.indicators.filter((i) => i.id !== id);
    say(task.no, 3, `第 ${task.no} 项删去指标 ${id}“${ind.name}”（已填的数值仍保存，不再显示、统计）`);
  }
  // Numbers never given again: an id or task number any plan held (the values and reports kept under it) is not reused.
  const held = [base, ...ctx.store.catalogs.versions().flatMap((v) => ctx.store.catalogs.byVersion(v.version) ?? [])];
  for (const add of input.addIndicators ?? []) {
    const task = catalog.tasks.find((t) => t.no === add.task);
    if (!task) {
      problems.push(`新增指标“${add.name}”：没有第 ${add.task} 项重点任务`);
      continue;
    }
    const numeric = add.comparator === '>=' || add.comparator === '<=' || add.comparator === '=';
    if (numeric && add.target === null) {
      problems.push(`新增指标“${add.name}”：请填写目标值`);
      continue;
    }
    if (numeric && add.unit === '%' && (add.target ?? 0) > 100) {
      problems.push(`新增指标“${add.name}”是百分比，目标不能超过 100%（填的是 ${add.target}%）`);
      continue;
    }
    if ([...catalog.tasks.flatMap((t) => t.indicators)].some((i) => i.name.trim() === add.name.trim())) {
      problems.push(`新增指标“${add.name}”与已有指标同名`);
      continue;
    }
    const used = [catalog, ...held].flatMap((c) => c.tasks.flatMap((t) => t.indicators.map((i) => i.id))).filter((id) => id.startsWith(`${task.no}.`));
    const id = `${task.no}.${Math.max(0, ...used.map((x) => Number(x.split('.')[1]))) + 1}`;
    // A 不低于上期 measure keeps its unit (a rate in %); a 是/否 has none.
    const ind = { id, name: add.name.trim(), comparator: add.comparator, target: numeric ? add.target : null, unit: add.comparator === 'yes' ? '' : add.unit, notLower: false, source: '区局修订任务清单时新增' };
    task.indicators.push(ind);
    say(task.no, 4, `第 ${task.no} 项新增指标 ${id}“${ind.name}”（${targetInSentence(ind)}）`);
  }
  for (const add of input.addTasks ?? []) {
    const category = catalog.categories.find((c) => c.no === add.category);
    const which = `新增任务“${add.title}”`;
    if (!category) {
      problems.push(`${which}：没有第 ${add.category} 类`);
      continue;
    }
    const lead = units.get(add.lead);
    if (!lead || !lead.active) problems.push(`${which}：${lead ? `牵头单位“${lead.name}”已停用` : `没有代码为 ${add.lead} 的单位`}`);
    const support = add.support.filter((c) => c !== add.lead && !(add.allTowns && units.get(c)?.kind === 'town'));
    for (const code of support) if (!units.get(code)?.active) problems.push(`${which}：${units.get(code) ? `配合单位“${name(code)}”已停用` : `没有代码为 ${code} 的单位`}`);
    if (catalog.tasks.some((t) => squeezed(t.title) === squeezed(add.title))) problems.push(`${which}：与已有任务同名`);
    if (problems.length > 0) continue;
    const no = Math.max(0, ...[catalog, ...held].flatMap((c) => c.tasks.map((t) => t.no))) + 1;
    const task: Task = {
      no,
      category: category.no,
      title: add.title.trim(),
      body: '',
      intro: '',
      measures: [],
      unitsText: '',
      units: [{ code: add.lead, role: 'lead' }, ...support.map((code) => ({ code, role: 'support' as const }))],
      allTowns: add.allTowns,
      indicators: [],
      originalText: add.title.trim(),
      corrections: [],
    };
    task.unitsText = unitsText(task, names);
    catalog.tasks.push(task);
    category.lastTask = Math.max(category.lastTask, no);
    say(no, 5, `新增第 ${no} 项任务“${task.title}”，属（${category.numeral}）${category.title}${task.unitsText}`);
  }
  for (const no of new Set(input.dropTasks ?? [])) {
    const task = catalog.tasks.find((t) => t.no === no);
    if (!task) {
      problems.push(`没有第 ${no} 项重点任务，无法删去`);
      continue;
    }
    // What else the revision says of the task would be said of a task no longer there.
    const ofIt = (id: string): boolean => id.startsWith(`${no}.`);
    const edited =
      (input.tasks ?? []).some((e) => e.no === no) ||
      (input.titles ?? []).some((e) => e.no === no) ||
      (input.indicators ?? []).some((e) => ofIt(e.id)) ||
      (input.dropIndicators ?? []).some(ofIt) ||
      (input.addIndicators ?? []).some((a) => a.task === no);
    if (edited) {
      problems.push(`第 ${no} 项任务要删去，不能同时修改它的名称、责任单位或指标`);
      continue;
    }
    catalog.tasks = catalog.tasks.filter((t) => t.no !== no);
    say(no, 6, `删去第 ${no} 项任务“${task.title}”（已填的内容仍保存，不再显示、统计或导出；此序号不再使用）`);
  }
  if (input.dropTasks?.length) {
    const emptied = catalog.categories.filter((c) => base.tasks.some((t) => t.category === c.no) && !catalog.tasks.some((t) => t.category === c.no));
    for (const c of emptied) problems.push(`类别“（${c.numeral}）${c.title}”至少要保留一项任务：请取消其中一项任务的“删去”`);
  }
  if (problems.length > 0) throw new AppError(ERROR_CODES.invalidInput, `任务清单未修订：${problems.join('；')}`);
  if (said.length === 0) throw new AppError(ERROR_CODES.invalidInput, '没有修改：任务、责任单位和指标都与现行任务清单相同');
  catalog.version = revisionVersion(catalog.version, ctx.today(), catalog, new Set(ctx.store.catalogs.versions().map((v) => v.version)));
  return { catalog, said: said.sort((a, b) => a.no - b.no || a.at - b.at).map((x) => x.text) };
}

async function revisionFile(ctx: CoreContext, input: Revision): Promise<{ data: Buffer; name: string; said: string[] }> {
  ctx.requireBureau('修订任务清单');
  const payload = setupPayload(ctx);
  const r = revised(ctx, payload.catalog, input);
  payload.catalog = r.catalog;
  // The targets handed down for indicators the revision leaves out (its own, or a task's) stay in this database for
  // the periods on the plan before; the file, like any set-up file, lists those of the plan it carries.
  const kept = new Set(r.catalog.tasks.flatMap((t) => t.indicators.map((i) => i.id)));
  payload.targets = payload.targets.filter((t) => kept.has(t.indicatorId));
  return { data: await writeSetupWorkbook(payload, ctx.nowIso()), name: `任务清单修订（${payload.catalog.version}）`, said: r.said };
}

/**
 * What a set-up file's preview says that the revision's `changes` say already, each on its own: the plan-against-plan
 * line (setup-workbook.ts planDiff), the tasks added and the leads changed (taskChanges).
 */
const notAgain = (warnings: string[]): string[] =>
  warnings.filter((w) => !w.startsWith('任务清单的变化：') && !w.startsWith('新增任务：') && !w.startsWith('以下任务不在新的任务清单中') && !/^第 \d+ 项牵头单位由/.test(w));

/** What adopting the revision would do, writing nothing: the changes in words, then what they do to what is held. */
export async function previewRevision(ctx: CoreContext, input: Revision): Promise<SetupPreview> {
  const f = await revisionFile(ctx, input);
  const p = await previewSetup(ctx, f.data, f.name);
  return { ...p, warnings: notAgain(p.warnings), changes: f.said };
}

/** Adopts the revision: a new catalog version for the periods due from now on. */
export async function adoptRevision(ctx: CoreContext, input: Revision): Promise<SetupImportResult> {
  const f = await revisionFile(ctx, input);
  const r = await importSetup(ctx, f.data, f.name);
  return { ...r, warnings: notAgain(r.warnings), changes: f.said };
}
