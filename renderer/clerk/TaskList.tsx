import { Input, Tag } from 'antd';
import type { Category } from '../../shared/catalog/types';
import type { MyTaskView } from '../../shared/views';
import { STATUS_COLORS } from '../common/format';
import { RoleTag } from '../common/ReportParts';

/** My tasks grouped by category, with lead/support and status, filtered by the search box. */
export function TaskList({
  tasks,
  returnedTasks = [],
  noticedTasks = [],
  unsavedTasks = [],
  categories,
  selected,
  query,
  onQuery,
  onSelect,
}: {
  tasks: MyTaskView[];
  /** Tasks the bureau's standing 退回 names: marked 退回. */
  returnedTasks?: readonly number[];
  /** Tasks of the period a 督办单 awaiting the unit's answer names: marked 督办. */
  noticedTasks?: readonly number[];
  /** Tasks with edits on this computer that are not saved (a check failed): marked 未保存. */
  unsavedTasks?: readonly number[];
  categories: Category[];
  selected: number | null;
  query: string;
  onQuery: (q: string) => void;
  onSelect: (no: number) => void;
}) {
  const q = query.trim();
  const shown = tasks.filter((t) => !q || t.title.includes(q) || String(t.task) === q || (t.report?.progress ?? '').includes(q));
  return (
    <nav aria-label="我的任务">
      <div style={{ padding: 12 }}>
        <Input.Search aria-label="搜索任务" placeholder="搜索任务（序号或关键词）" allowClear value={query} onChange={(e) => onQuery(e.target.value)} />
      </div>
      {categories.map((c) => {
        const mine = shown.filter((t) => t.category === c.no);
        if (mine.length === 0) return null;
        return (
          <section key={c.no} aria-label={c.title}>
            <div className="category-head">
              （{c.numeral}）{c.title}
            </div>
            {mine.map((t) => {
              const status = t.report?.status ?? '未报';
              return (
                <button type="button" key={t.task} className={`task-item${selected === t.task ? ' active' : ''}`} aria-current={selected === t.task ? 'true' : undefined} data-testid={`task-${t.task}`} onClick={() => onSelect(t.task)}>
                  <span className="task-title">
                    {t.task}. {t.title}
                  </span>
                  <RoleTag role={t.role} />
                  <Tag color={STATUS_COLORS[status]}>{t.report ? status : '未填'}</Tag>
                  {returnedTasks.includes(t.task) && <Tag color="magenta">退回</Tag>}
                  {noticedTasks.includes(t.task) && <Tag color="volcano">督办</Tag>}
                  {unsavedTasks.includes(t.task) && <Tag color="warning">未保存</Tag>}
                </button>
              );
            })}
          </section>
        );
      })}
      {/* Said as it appears (the keyboard is in the search field). */}
      <div role="status" style={shown.length === 0 ? { padding: 12, color: '#8c8c8c' } : undefined}>
        {shown.length === 0 ? (tasks.length === 0 ? '本期本单位没有负责的任务，无需报送' : '没有找到匹配的任务') : ''}
      </div>
    </nav>
  );
}
