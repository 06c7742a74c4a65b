/**
 * A plan against another, in words: what a set-up file's preview says it changes (setup-workbook.ts), and what the
 * settings log says a revision changed (services/setup.ts).
 */
import type { Catalog, Task, Unit } from '../../../shared/catalog/types';
import { describeTarget, targetInSentence } from '../../../shared/report';
import { squeezed } from '../../../shared/text';

/** Tasks the revised plan adds or leaves out, and leads that change. */
export function taskChanges(held: Catalog, next: Catalog, units: readonly Unit[], bureau: boolean): string[] {
  const name = (code: string): string => next.units.find((u) => u.code === code)?.name ?? units.find((u) => u.code === code)?.name ?? code;
  const lead = (t: Task): string | null => t.units.find((u) => u.role === 'lead')?.code ?? null;
  const heldTasks = new Map(held.tasks.map((t) => [t.no, t]));
  const nextTasks = new Map(next.tasks.map((t) => [t.no, t]));
  const added = next.tasks.filter((t) => !heldTasks.has(t.no));
  const gone = held.tasks.filter((t) => !nextTasks.has(t.no));
  const leads = next.tasks.flatMap((t) => {
    const was = heldTasks.get(t.no);
    const a = was ? lead(was) : null;
    const b = lead(t);
    return was && a !== b ? [`第 ${t.no} 项牵头单位由${a ? name(a) : '无'}改为${b ? name(b) : '无'}`] : [];
  });
  // Units that answered for something and no longer do (a revision took their last task): they drop out of the periods on it.
  const answering = (c: Catalog): Set<string> => {
    const towns = c.tasks.some((t) => t.allTowns) ? c.units.filter((u) => u.kind === 'town').map((u) => u.code) : [];
    return new Set([...c.tasks.flatMap((t) => t.units.map((u) => u.code)), ...towns]);
  };
  const [before, after] = [answering(held), answering(next)];
  // Said to the bureau (a unit is told of itself: planDiff).
  const idle = bureau ? [...before].filter((code) => !after.has(code) && next.units.some((u) => u.code === code && u.active)) : [];
  return [
    ...(added.length > 0 ? [`新增任务：${added.map((t) => `第 ${t.no} 项“${t.title}”`).join('、')}`] : []),
    ...(idle.length > 0 ? [`以下单位在新的任务清单中没有负责的任务，按新清单的各期不再需要报送、不再列入统计：${idle.map(name).join('、')}`] : []),
    ...(gone.length > 0 ? [`以下任务不在新的任务清单中（已有填报内容仍保存，但不再显示、统计或导出）：${gone.map((t) => `第 ${t.no} 项“${t.title}”`).join('、')}`] : []),
    ...leads,
  ];
}

/**
 * The revised plan against the one in force, whatever is held: task titles, indicators added, left out or given
 * another target, responsible units added or taken off (the lead's change and tasks added or left out are said by
 * taskChanges). A unit's database says first what changes for the unit itself.
 */
export function planDiff(held: Catalog, next: Catalog, units: readonly Unit[], own: string | null): string[] {
  const name = (code: string): string => next.units.find((u) => u.code === code)?.name ?? units.find((u) => u.code === code)?.name ?? code;
  const heldTasks = new Map(held.tasks.map((t) => [t.no, t]));
  const changes: string[] = [];
  for (const t of next.tasks) {
    const was = heldTasks.get(t.no);
    if (!was) continue;
    const at = `第 ${t.no} 项`;
    if (squeezed(was.title) !== squeezed(t.title)) changes.push(`${at}任务名称改为“${t.title}”`);
    const before = new Map(was.indicators.map((i) => [i.id, i]));
    const after = new Map(t.indicators.map((i) => [i.id, i]));
    const added = t.indicators.filter((i) => !before.has(i.id));
    const gone = was.indicators.filter((i) => !after.has(i.id));
    if (added.length > 0) changes.push(`${at}新增指标${added.map((i) => ` ${i.id}“${i.name}”（${targetInSentence(i)}）`).join('、')}`);
    if (gone.length > 0) changes.push(`${at}删去指标${gone.map((i) => ` ${i.id}“${i.name}”`).join('、')}`);
    for (const i of t.indicators) {
      const b = before.get(i.id);
      if (b && describeTarget(b) !== describeTarget(i)) changes.push(`指标 ${i.id}“${i.name}”的目标由“${targetInSentence(b)}”改为“${targetInSentence(i)}”`);
    }
    const codes = (x: Task): Set<string> => new Set(x.units.filter((u) => u.role !== 'lead').map((u) => u.code));
    const [a, b] = [codes(was), codes(t)];
    const plus = [...b].filter((c) => !a.has(c)).map(name);
    const minus = [...a].filter((c) => !b.has(c)).map(name);
    if (plus.length > 0 || minus.length > 0) changes.push(`${at}配合单位${plus.length > 0 ? `增加${plus.join('、')}` : ''}${plus.length > 0 && minus.length > 0 ? '，' : ''}${minus.length > 0 ? `不再包括${minus.join('、')}` : ''}`);
    if (was.allTowns !== t.allTowns) changes.push(`${at}${t.allTowns ? '改由各镇（街道）配合' : '不再由各镇（街道）配合'}`);
  }
  const out = changes.length > 0 ? [`任务清单的变化：${changes.join('；')}`] : [];
  if (own === null) return out;
  // The unit's own: tasks it now answers for, and those it no longer does.
  const unit = [...next.units, ...units].find((u) => u.code === own);
  const mine = (c: Catalog): Map<number, string> =>
    new Map(c.tasks.flatMap((t) => {
      const r = t.units.find((u) => u.code === own);
      return r ? [[t.no, r.role === 'lead' ? '牵头' : '配合'] as const] : t.allTowns && unit?.kind === 'town' ? [[t.no, '配合'] as const] : [];
    }));
  const [was, now] = [mine(held), mine(next)];
  const gained = [...now].filter(([no]) => !was.has(no)).map(([no, role]) => `第 ${no} 项（${role}）`);
  const turned = [...now].filter(([no, role]) => was.has(no) && was.get(no) !== role).map(([no, role]) => `第 ${no} 项改为${role}`);
  const lost = [...was.keys()].filter((no) => !now.has(no)).map((no) => `第 ${no} 项`);
  // Indicators come from the lead: those added to or left out of a task it leads still, named for it.
  const measured = [...now].flatMap(([no, role]) => {
    const [w, t] = [held.tasks.find((x) => x.no === no), next.tasks.find((x) => x.no === no)];
    if (role !== '牵头' || was.get(no) !== '牵头' || !w || !t) return [];
    const said = [
      ...t.indicators.filter((i) => !w.indicators.some((x) => x.id === i.id)).map((i) => `新增指标 ${i.id}“${i.name}”`),
      ...w.indicators.filter((i) => !t.indicators.some((x) => x.id === i.id)).map((i) => `删去指标 ${i.id}“${i.name}”`),
    ];
    return said.length > 0 ? [`第 ${no} 项${said.join('、')}`] : [];
  });
  const ownSaid = [
    ...(gained.length > 0 ? [`本单位新负责${gained.join('、')}`] : []),
    ...(turned.length > 0 ? [`本单位${turned.join('、')}`] : []),
    ...(lost.length > 0 ? [`本单位不再负责${lost.join('、')}${now.size === 0 ? '，在新的任务清单中没有负责的任务：按新清单的各期无需报送，此前各期照常报送' : ''}`] : []),
    ...(measured.length > 0 ? [`本单位牵头的${measured.join('；')}`] : []),
  ];
  return [...(ownSaid.length > 0 ? [`采用后，${ownSaid.join('；')}`] : []), ...out];
}

/** A revision's changes, one by one (the settings log): plan against plan and tasks added, left out or led by another. */
export function planChanges(held: Catalog, next: Catalog, units: readonly Unit[]): string[] {
  const [diff] = planDiff(held, next, units, null);
  return [...(diff ? diff.replace(/^任务清单的变化：/, '').split('；') : []), ...taskChanges(held, next, units, true).filter((l) => !l.startsWith('以下单位'))];
}
