import { Space, Tooltip } from 'antd';
import { useRef, useState, type KeyboardEvent } from 'react';
import { reviewState } from '../../shared/period';
import { STATUSES, UNREGISTERED } from '../../shared/report';
import type { SummaryView } from '../../shared/views';
import { STATUS_FILL } from '../common/format';
import { ROLE_LABELS } from '../common/ReportParts';

/** A task the return names (a return naming none concerns every task). */
const returnedHere = (tasks: ReadonlySet<number> | undefined, no: number): boolean => tasks !== undefined && (tasks.size === 0 || tasks.has(no));

/** Rows a PageDown or PageUp moves the grid's cell by. */
const PAGE_ROWS = 5;

/**
 * Tasks × units: one coloured cell per responsible unit, blank where a unit
 * is not responsible. A grid for the keyboard too: one Tab stop, the arrow
 * keys (Home/End, Ctrl+Home/End) move between cells, Enter opens the cell's
 * task; the cell under the focus is said in words below the grid.
 */
export function StatusGrid({ summary, onOpenTask }: { summary: SummaryView; onOpenTask: (no: number) => void }) {
  const units = summary.units.filter((u) => u.responsible > 0);
  // Units whose submission was sent back and not yet sent again (退回待重报): marked on their column, said with each cell.
  const returned = new Map(units.flatMap((u) => (u.returned && u.returned.resubmittedRevision === null ? [[u.unit, new Set(u.returned.tasks)] as const] : [])));
  // Units whose submission the bureau approved as held (审核通过): marked on their column, said with each cell.
  const approved = new Set(units.filter((u) => reviewState(u) === 'approved').map((u) => u.unit));
  const [at, setAt] = useState<[number, number]>([0, 0]);
  const [focused, setFocused] = useState(false);
  const table = useRef<HTMLTableElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const said = useRef<HTMLDivElement>(null);
  // The grid scrolls in a box of its own, as tall as the window allows, its unit names and task names kept in view
  // (sticky): a cell moved to is brought out from under them (scrollIntoView would leave it under the sticky header).
  const reveal = (cell: HTMLElement): void => {
    const b = box.current;
    const t = table.current;
    if (!b || !t) return;
    const head = t.tHead?.getBoundingClientRect().height ?? 0;
    const first = cell.parentElement?.querySelector('th')?.getBoundingClientRect().width ?? 0;
    const r = b.getBoundingClientRect();
    const c = cell.getBoundingClientRect();
    if (c.top < r.top + head) b.scrollTop -= r.top + head - c.top;
    else if (c.bottom > r.top + b.clientHeight) b.scrollTop += c.bottom - (r.top + b.clientHeight);
    if (c.left < r.left + first) b.scrollLeft -= r.left + first - c.left;
    else if (c.right > r.left + b.clientWidth) b.scrollLeft += c.right - (r.left + b.clientWidth);
  };
  // The sentence under the grid says the focused cell: scrolled into view with it (a cell at the window's foot had
  // its sentence below the fold), unless the two do not fit the window together, when the cell wins.
  // Scrolled down only (never sideways: the grid may be scrolled to a unit far right), by no more than keeps the cell.
  const keepSaid = (cell: HTMLElement): void => {
    const s = said.current?.getBoundingClientRect();
    // The page's scrolled part (under the app's header), else the window.
    const pane = cell.closest<HTMLElement>('.app-content');
    const box = pane?.getBoundingClientRect() ?? { top: 0, bottom: window.innerHeight };
    if (!s || s.bottom <= box.bottom) return;
    const by = Math.min(s.bottom - box.bottom, cell.getBoundingClientRect().top - box.top);
    if (by <= 0) return;
    if (pane) pane.scrollBy(0, by);
    else window.scrollBy(0, by);
  };
  const rows = summary.tasks.length;
  const cols = units.length;

  const describe = (r: number, c: number): string => {
    const t = summary.tasks[r];
    const u = units[c];
    if (!t || !u) return '';
    const e = t.entries.find((x) => x.code === u.unit);
    const back = returned.get(u.unit);
    const note = back && e ? (back.size === 0 || back.has(t.no) ? '，已退回待重报' : '，本单位报送已退回（未涉及此项）') : approved.has(u.unit) && e ? '，本单位报送已审核通过' : '';
    const state = e?.unregistered ? `未报（${UNREGISTERED}）` : (e?.report?.status ?? '未报');
    return `第 ${t.no} 项 · ${u.unitName}：${e ? `${ROLE_LABELS[e.role]}，${state}${note}` : '不负责此项'}`;
  };

  const move = (e: KeyboardEvent<HTMLTableElement>): void => {
    const [r, c] = at;
    const next: Record<string, [number, number]> = {
      ArrowRight: [r, Math.min(cols - 1, c + 1)],
      ArrowLeft: [r, Math.max(0, c - 1)],
      ArrowDown: [Math.min(rows - 1, r + 1), c],
      ArrowUp: [Math.max(0, r - 1), c],
      Home: e.ctrlKey ? [0, 0] : [r, 0],
      End: e.ctrlKey ? [rows - 1, cols - 1] : [r, cols - 1],
      // A page of rows (the page itself would scroll the cell with the keyboard out of view).
      PageDown: [Math.min(rows - 1, r + PAGE_ROWS), c],
      PageUp: [Math.max(0, r - PAGE_ROWS), c],
    };
    if (e.key === 'Enter' || e.key === ' ') {
      if ((e.target as HTMLElement).dataset.cell === undefined) return;
      e.preventDefault();
      const t = summary.tasks[r];
      if (t) onOpenTask(t.no);
      return;
    }
    const to = next[e.key];
    if (!to || (e.target as HTMLElement).dataset.cell === undefined) return;
    e.preventDefault();
    setAt(to);
    const cell = table.current?.querySelector<HTMLElement>(`[data-cell="${to[0]}-${to[1]}"]`);
    cell?.focus({ preventScroll: true });
    if (cell) {
      reveal(cell);
      keepSaid(cell);
    }
  };

  return (
    <div>
      <Space wrap style={{ marginBottom: 8 }} aria-label="图例">
        {[...STATUSES, '未报' as const].map((s) => (
          <span key={s}>
            <span className="grid-cell" style={{ background: STATUS_FILL[s], verticalAlign: 'middle' }} /> {s}
          </span>
        ))}
        {/* The lead unit's frame, with the colours (said under the grid too, but not while the grid has the keyboard). */}
        <span>
          <span className="grid-cell" style={{ background: '#fff', outline: '2px solid #262626', verticalAlign: 'middle' }} /> 牵头单位
        </span>
        {summary.tasks.some((t) => t.entries.some((e) => e.unregistered)) && (
          <span>
            <span className="grid-cell unregistered-cell" style={{ background: STATUS_FILL['未报'], verticalAlign: 'middle' }} /> {UNREGISTERED}
          </span>
        )}
      </Space>
      <div ref={box} className="status-grid-box">
        <table ref={table} className="status-grid" role="grid" aria-label="任务与单位进展状态表（方向键移动，回车打开任务）" onKeyDown={move}>
          <thead>
            <tr>
              <th scope="col">任务</th>
              {units.map((u) => (
                <th
                  key={u.unit}
                  scope="col"
                  className={returned.has(u.unit) ? 'unit-col returned-unit' : approved.has(u.unit) ? 'unit-col approved-unit' : 'unit-col'}
                  title={returned.has(u.unit) ? `${u.unitName}：已退回，待重报` : approved.has(u.unit) ? `${u.unitName}：审核通过` : undefined}
                >
                  {u.unitName}
                  {/* The mark for the eye; in words for a screen reader (not read as part of the name). */}
                  {returned.has(u.unit) && (
                    <>
                      <span className="returned-mark" aria-hidden="true">退</span>
                      <span className="sr-only">（已退回）</span>
                    </>
                  )}
                  {approved.has(u.unit) && (
                    <>
                      <span className="approved-mark" aria-hidden="true">审</span>
                      <span className="sr-only">（审核通过）</span>
                    </>
                  )}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {summary.tasks.map((t, ri) => {
              const byUnit = new Map(t.entries.map((e) => [e.code, e]));
              return (
                <tr key={t.no}>
                  <th scope="row" className="task-col">
                    <a onClick={() => onOpenTask(t.no)} role="link" tabIndex={0} onKeyDown={(e) => e.key === 'Enter' && onOpenTask(t.no)}>
                      {t.no}. {t.title}
                    </a>
                  </th>
                  {units.map((u, ci) => {
                    const e = byUnit.get(u.unit);
                    // Typed in by the bureau and not registered: the unit's 未报 (said so in the cell's words).
                    const s = e ? (e.report && !e.unregistered ? e.report.status : '未报') : null;
                    return (
                      <td
                        key={u.unit}
                        role="gridcell"
                        data-cell={`${ri}-${ci}`}
                        tabIndex={at[0] === ri && at[1] === ci ? 0 : -1}
                        aria-label={describe(ri, ci)}
                        onFocus={(ev) => {
                          setAt([ri, ci]);
                          setFocused(true);
                          // The keyboard's (a click leaves the page where the mouse is).
                          if (ev.currentTarget.matches(':focus-visible')) {
                            reveal(ev.currentTarget);
                            keepSaid(ev.currentTarget);
                          }
                        }}
                        onBlur={() => setFocused(false)}
                        onClick={() => setAt([ri, ci])}
                      >
                        {e && s && (
                          <Tooltip title={describe(ri, ci)}>
                            <span
                              // Typed in by the bureau and not registered: 未报's colour, dashed (said in words too).
                            className={`grid-cell${returnedHere(returned.get(u.unit), t.no) ? ' returned-cell' : ''}${e.unregistered ? ' unregistered-cell' : ''}`}
                              style={{ backgroundColor: STATUS_FILL[s], outline: e.role === 'lead' ? '2px solid #262626' : undefined }}
                            />
                          </Tooltip>
                        )}
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <div ref={said} className="ant-form-item-extra" aria-live="polite">
        {focused
          ? `${describe(at[0], at[1])}（回车打开任务详情）`
          : `黑框为牵头单位${returned.size > 0 ? '；单位名后标“退”的，其报送已退回、待重报（斜纹为退回涉及的任务）' : ''}${approved.size > 0 ? `；${returned.size > 0 ? '' : '单位名后'}标“审”的，其报送已审核通过` : ''}。在表中可用方向键逐格查看，回车打开该任务。`}
      </div>
    </div>
  );
}
