/**
 * 修订任务清单 in the app: the bureau changes who is responsible for a task (牵头, 配合, 各镇（街道）) or an
 * indicator's numeric target, and the change becomes a revised plan exactly as one loaded from a set-up file would:
 * the same preview (what it does to the periods, reports and approvals held), the same refusals, a new catalog
 * version for the periods due from now on, earlier periods kept on theirs. It goes through the set-up workbook itself
 * (written, then read back), so there is one route by which a plan changes.
 */
import type { HandlerInput } from '../../../shared/api';
import type { SetupImportResult, SetupPreview } from '../../../shared/api/exchange';
import type { Catalog, Task } from '../../../shared/catalog/types';
import { AppError, ERROR_CODES } from '../../../shared/errors';
import type { CoreContext } from '../context';
import { importSetup, previewSetup, setupPayload, writeSetupWorkbook } from './setup-workbook';

type Revision = HandlerInput<'catalog.revise'>;

/** The next version after this one: jiyang-2021.1 → jiyang-2021.2 (one not used by a plan held here). */
export function nextVersion(version: string, taken: ReadonlySet<string>): string {
  const m = /^(.*?)(\d+)$/.exec(version);
  const stem = m ? m[1]! : `${version}.`;
  let n = m ? Number(m[2]) + 1 : 2;
  while (taken.has(`${stem}${n}`)) n++;
  return `${stem}${n}`;
}

/** The bracket as printed: （责任单位：牵头、配合…、各镇（街道））. */
function unitsText(task: Task, names: ReadonlyMap<string, string>): string {
  const listed = task.units.map((u) => names.get(u.code) ?? u.code);
  return `（责任单位：${[...listed, ...(task.allTowns ? ['各镇（街道）'] : [])].join('、')}）`;
}

/**
 * The catalog (as the set-up file carries it: the units of this database) with the revision applied; refused, naming
 * each problem, when it is not one that can be made.
 */
function revised(ctx: CoreContext, base: Catalog, input: Revision): Catalog {
  const catalog = structuredClone(base);
  const units = new Map(catalog.units.map((u) => [u.code, u]));
  const names = new Map(catalog.units.map((u) => [u.code, u.name]));
  const problems: string[] = [];
  let changed = 0;
  for (const edit of input.tasks ?? []) {
    const task = catalog.tasks.find((t) => t.no === edit.no);
    if (!task) {
      problems.push(`没有第 ${edit.no} 项重点任务`);
      continue;
    }
    const said = `第 ${edit.no} 项任务`;
    const lead = units.get(edit.lead);
    if (!lead) problems.push(`${said}：没有代码为 ${edit.lead} 的单位`);
    else if (!lead.active) problems.push(`${said}：牵头单位“${lead.name}”已停用`);
    const support: string[] = [];
    for (const code of edit.support) {
      const u = units.get(code);
      if (!u) problems.push(`${said}：没有代码为 ${code} 的单位`);
      else if (!u.active) problems.push(`${said}：配合单位“${u.name}”已停用`);
      else if (code === edit.lead) problems.push(`${said}：“${u.name}”已是牵头单位，不能同时列为配合单位`);
      else if (support.includes(code)) problems.push(`${said}：配合单位“${u.name}”列了两次`);
      else if (edit.allTowns && u.kind === 'town') problems.push(`${said}：已选“各镇（街道）”，不必再单列“${u.name}”`);
      else support.push(code);
    }
    const next = [{ code: edit.lead, role: 'lead' as const }, ...support.map((code) => ({ code, role: 'support' as const }))];
    if (JSON.stringify(next) === JSON.stringify(task.units) && edit.allTowns === task.allTowns) continue;
    task.units = next;
    task.allTowns = edit.allTowns;
    task.unitsText = unitsText(task, names);
    changed++;
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
    if (ind.target === edit.target) continue;
    ind.target = edit.target;
    changed++;
  }
  if (problems.length > 0) throw new AppError(ERROR_CODES.invalidInput, `任务清单未修订：${problems.join('；')}`);
  if (changed === 0) throw new AppError(ERROR_CODES.invalidInput, '没有修改：责任单位和指标目标都与现行任务清单相同');
  catalog.version = nextVersion(catalog.version, new Set(ctx.store.catalogs.versions().map((v) => v.version)));
  return catalog;
}

async function revisionFile(ctx: CoreContext, input: Revision): Promise<{ data: Buffer; name: string }> {
  ctx.requireBureau('修订任务清单');
  const payload = setupPayload(ctx);
  payload.catalog = revised(ctx, payload.catalog, input);
  return { data: await writeSetupWorkbook(payload, ctx.nowIso()), name: `任务清单修订（${payload.catalog.version}）` };
}

/** What adopting the revision would do, writing nothing. */
export async function previewRevision(ctx: CoreContext, input: Revision): Promise<SetupPreview> {
  const f = await revisionFile(ctx, input);
  return previewSetup(ctx, f.data, f.name);
}

/** Adopts the revision: a new catalog version for the periods due from now on. */
export async function adoptRevision(ctx: CoreContext, input: Revision): Promise<SetupImportResult> {
  const f = await revisionFile(ctx, input);
  return importSetup(ctx, f.data, f.name);
}
