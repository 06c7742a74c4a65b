import { Alert, App as AntApp, Button, Card, Checkbox, Descriptions, Input, Select, Space, Table, Tag, Tooltip, Typography, type GetRef } from 'antd';
import { useEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import type { SetupImportResult, SetupPreview } from '../../shared/api/exchange';
import type { ApiError } from '../../shared/errors';
import type { CallInput } from '../../shared/api';
import type { TaskView } from '../../shared/views';

type RevisionInput = CallInput<'catalog.revise'>;
type RefSelect = GetRef<typeof Select>;
import { api } from '../api/client';
import { ConfirmButton } from '../common/ConfirmButton';
import { ErrorNote } from '../common/ErrorNote';
import { NumberBox } from '../common/NumberBox';
import { MultiSelect } from '../common/MultiSelect';
import { SetupWarnings } from '../common/SetupImport';
import { useCall } from '../common/useCall';

interface Duty {
  lead: string;
  support: string[];
  allTowns: boolean;
}

/** A set with `item` in it (`on`) or not. */
function toggled<T>(set: ReadonlySet<T>, item: T, on: boolean): Set<T> {
  const next = new Set(set);
  if (on) next.add(item);
  else next.delete(item);
  return next;
}

/** The units a narrow 配合单位 box cannot show: counted, and named when pointed at. */
const moreUnits = (omitted: { label?: ReactNode }[]): ReactNode => (
  <Tooltip title={omitted.map((o) => (typeof o.label === 'string' ? o.label : '')).join('、')}>
    <span>{`+${omitted.length}`}</span>
  </Tooltip>
);

/** A task's responsibilities as the plan names them: the lead, the units named to support, 各镇（街道）. */
function dutyOf(t: TaskView): Duty {
  return {
    lead: t.units.find((u) => u.role === 'lead')?.code ?? '',
    support: t.units.filter((u) => u.role === 'support' && !(t.allTowns && u.kind === 'town')).map((u) => u.code),
    allTowns: t.allTowns,
  };
}

/** The same units in whatever order: a list merely reordered is no revision. */
const sameDuty = (a: Duty, b: Duty): boolean => a.lead === b.lead && a.allTowns === b.allTowns && [...a.support].sort().join() === [...b.support].sort().join();

const NUMERIC = new Set(['>=', '<=', '=']);
const SIGN: Record<string, string> = { '>=': '≥', '<=': '≤', '=': '=' };

type NewIndicator = NonNullable<RevisionInput['addIndicators']>[number];
type NewTask = NonNullable<RevisionInput['addTasks']>[number];

/** How an added indicator is judged, as the bureau picks it. */
const KINDS: { value: NewIndicator['comparator']; label: string }[] = [
  { value: '>=', label: '不低于（≥）' },
  { value: '<=', label: '不高于（≤）' },
  { value: '=', label: '等于（=）' },
  { value: 'yes', label: '是/否（附佐证材料）' },
  { value: 'not_lower', label: '不低于上期' },
  { value: 'meets_assigned', label: '完成上级下达目标（目标按年在“上级下达目标”中录入）' },
];
const EMPTY_INDICATOR: NewIndicator = { task: 0, name: '', comparator: '>=', target: null, unit: '%' };
const EMPTY_TASK: NewTask = { category: 0, title: '', lead: '', support: [], allTowns: false };

/** An added indicator in words, as the list before the preview shows it. */
const indicatorSaid = (i: NewIndicator): string =>
  `第 ${i.task} 项：${i.name}（${NUMERIC.has(i.comparator) ? `${SIGN[i.comparator]}${i.target ?? ''}${i.unit}` : `${KINDS.find((k) => k.value === i.comparator)?.label ?? ''}${i.comparator === 'not_lower' && i.unit ? `，单位 ${i.unit}` : ''}`}）`;

/**
 * 修订任务清单 in the app: who leads and who supports each task, and the numeric targets. The edits are previewed
 * (what the revised plan does to the periods, reports and approvals held, as for a set-up file) and adopted as a new
 * version of the task list for the periods due from now on.
 */
export function RevisionCard({ onAdopted, unitsSaved = 0 }: { onAdopted: (r: SetupImportResult) => void; unitsSaved?: number }) {
  const { message } = AntApp.useApp();
  const catalog = useCall('catalog.get', {});
  const units = useCall('units.list', {});
  // A unit added or (de)activated in 设置: offered as it is now, the edits on screen kept.
  const reloadUnits = units.reload;
  useEffect(() => {
    if (unitsSaved > 0) reloadUnits();
  }, [unitsSaved, reloadUnits]);
  const [duties, setDuties] = useState<Map<number, Duty>>(new Map());
  const [targets, setTargets] = useState<Map<string, number | null>>(new Map());
  const [titles, setTitles] = useState<Map<number, string>>(new Map());
  const [drops, setDrops] = useState<Set<string>>(new Set());
  // Tasks ticked 删去: left out of the plan, whatever else their row says.
  const [dropTasks, setDropTasks] = useState<Set<number>>(new Set());
  const [addIndicators, setAddIndicators] = useState<NewIndicator[]>([]);
  const [addTasks, setAddTasks] = useState<NewTask[]>([]);
  // The forms for one more indicator or task, filled in before 添加 puts it on the list.
  const [indicatorDraft, setIndicatorDraft] = useState<NewIndicator>(EMPTY_INDICATOR);
  const [taskDraft, setTaskDraft] = useState<NewTask>(EMPTY_TASK);
  // The preview with the very edits it was made of: those are what 采用此修订 adopts.
  const [preview, setPreview] = useState<{ view: SetupPreview; input: RevisionInput } | null>(null);
  const asked = useRef(0);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState<'preview' | 'adopt' | null>(null);
  // Where the keyboard goes when the buttons it was on are gone or disabled (放弃修改, the preview's 取消).
  const intro = useRef<HTMLDivElement>(null);
  const lookButton = useRef<HTMLButtonElement>(null);
  // Once a preview (or its refusal) is there: the keyboard on it, scrolled into view.
  const outcome = useRef<HTMLDivElement>(null);
  const [shown, setShown] = useState(0);
  useEffect(() => {
    if (shown > 0) outcome.current?.focus();
  }, [shown]);
  const tasks = catalog.data?.tasks ?? [];
  const options = (units.data ?? []).filter((u) => u.active).map((u) => ({ value: u.code, label: u.name, kind: u.kind }));

  const kept = tasks.filter((t) => !dropTasks.has(t.no));
  // A task ticked 删去 shows the plan's own (its edits are not part of the revision; unticked, they are back).
  const shownTitle = (t: TaskView): string => (dropTasks.has(t.no) ? t.title : (titles.get(t.no) ?? t.title));
  const shownDuty = (t: TaskView): Duty => (dropTasks.has(t.no) ? dutyOf(t) : (duties.get(t.no) ?? dutyOf(t)));
  const changedTasks = kept.filter((t) => duties.has(t.no) && !sameDuty(duties.get(t.no)!, dutyOf(t)));
  // An indicator ticked 删去 is left out whatever its target says.
  const changedTargets = kept.flatMap((t) => t.indicators).filter((i) => targets.has(i.id) && targets.get(i.id) !== i.target && !drops.has(i.id));
  const changedTitles = kept.filter((t) => titles.has(t.no) && titles.get(t.no)!.trim() !== t.title);
  const droppedIndicators = kept.flatMap((t) => t.indicators).filter((i) => drops.has(i.id)).map((i) => i.id);
  const changes = changedTasks.length + changedTargets.length + changedTitles.length + droppedIndicators.length + dropTasks.size + addIndicators.length + addTasks.length;
  const noTitle = changedTitles.some((t) => titles.get(t.no)!.trim() === '');
  const blank = changedTargets.some((i) => targets.get(i.id) === null);
  // Targets typed that are not numbers (NumberBox), by indicator: said, and nothing previewed until they read.
  const [unreadable, setUnreadable] = useState<Map<string, string>>(new Map());
  const unread = kept.flatMap((t) => t.indicators).filter((i) => unreadable.has(i.id));
  // A task whose lead was deactivated shows none: a lead must be picked before anything is previewed.
  const leaderless = changedTasks.filter((t) => duties.get(t.no)!.lead === '').map((t) => t.no);
  const input: RevisionInput = {
    tasks: changedTasks.map((t) => ({ no: t.no, ...duties.get(t.no)! })),
    indicators: changedTargets.filter((i) => !drops.has(i.id)).map((i) => ({ id: i.id, target: targets.get(i.id) as number })),
    ...(changedTitles.length > 0 ? { titles: changedTitles.map((t) => ({ no: t.no, title: titles.get(t.no)!.trim() })) } : {}),
    ...(droppedIndicators.length > 0 ? { dropIndicators: droppedIndicators } : {}),
    ...(dropTasks.size > 0 ? { dropTasks: [...dropTasks].sort((a, b) => a - b) } : {}),
    ...(addIndicators.length > 0 ? { addIndicators } : {}),
    ...(addTasks.length > 0 ? { addTasks } : {}),
  };
  const changed = (): void => setPreview(null);

  const edit = (t: TaskView, change: Partial<Duty>): void => {
    const next = new Map(duties);
    next.set(t.no, { ...(duties.get(t.no) ?? dutyOf(t)), ...change });
    setDuties(next);
    setPreview(null);
  };
  const reset = (): void => {
    asked.current++;
    setBusy(null);
    setDuties(new Map());
    setTargets(new Map());
    setTitles(new Map());
    setDrops(new Set());
    setDropTasks(new Set());
    setUnreadable(new Map());
    setAddIndicators([]);
    setAddTasks([]);
    setIndicatorDraft(EMPTY_INDICATOR);
    setTaskDraft(EMPTY_TASK);
    setPreview(null);
    setError(null);
  };
  const look = async (): Promise<void> => {
    const mine = ++asked.current;
    const sent = input;
    setBusy('preview');
    setError(null);
    const r = await api('catalog.revisePreview', sent);
    // An edit made meanwhile asked again (or cleared it): this answer is of edits no longer on screen.
    if (mine !== asked.current) return;
    setBusy(null);
    if (r.ok) setPreview({ view: r.value, input: sent });
    else setError(r.error);
    setShown((n) => n + 1);
  };
  const adopt = async (): Promise<void> => {
    if (!preview) return;
    setBusy('adopt');
    const r = await api('catalog.revise', preview.input);
    setBusy(null);
    if (!r.ok) {
      setError(r.error);
      setPreview(null);
      return;
    }
    message.success(`已采用修订的任务清单：${r.value.catalogVersion}`);
    onAdopted(r.value);
  };

  return (
    <Card size="small" title="修订任务清单（任务、责任分工与指标）">
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <div ref={intro} tabIndex={-1} className="focus-target">
          <Typography.Text>
          修改任务名称、牵头单位、配合单位或指标目标值，删去或新增指标，删去或新增任务后，先“预览修订”查看影响，确认后采用：形成新的任务清单版本，今天及以后结束的报送周期按新清单填报、统计和打印，已经结束的各期（包括截止日期还没到的）仍按原清单（本机还没有任何填报内容时，各期都按新清单）。采用后请导出设置文件下发各单位，各单位导入后才能按新清单报送。上级下达目标请在上方按年录入。
          </Typography.Text>
        </div>
        {catalog.error && <ErrorNote error={catalog.error} />}
        {units.error && <ErrorNote error={units.error} />}
        <Table<TaskView>
          size="small"
          rowKey="no"
          loading={catalog.loading || units.loading}
          dataSource={tasks}
          pagination={false}
          // Wider than a laptop's pane at 125%: scrolled sideways rather than the task names squeezed to nothing (every
          // other column has its width); no taller than the window leaves.
          scroll={{ x: 1240, y: 'max(240px, min(480px, calc(100vh - 220px)))' }}
          rowClassName={(t) =>
            dropTasks.has(t.no) ? 'row-changed row-dropped' : changedTasks.includes(t) || changedTitles.includes(t) || t.indicators.some((i) => changedTargets.includes(i) || drops.has(i.id)) ? 'row-changed' : ''
          }
          columns={[
            {
              title: '序号',
              width: 64,
              render: (_, t) => (
                <Space orientation="vertical" size={2}>
                  {t.no}
                  <Checkbox
                    aria-label={`删去第 ${t.no} 项任务`}
                    checked={dropTasks.has(t.no)}
                    style={{ whiteSpace: 'nowrap', fontSize: 12 }}
                    onChange={(e) => {
                      setDropTasks(toggled(dropTasks, t.no, e.target.checked));
                      changed();
                    }}
                  >
                    删去
                  </Checkbox>
                </Space>
              ),
            },
            {
              title: '重点任务',
              width: 260,
              render: (_, t) => (
                <Input.TextArea
                  aria-label={`第 ${t.no} 项任务名称`}
                  disabled={dropTasks.has(t.no)}
                  size="small"
                  autoSize={{ minRows: 1, maxRows: 4 }}
                  count={{ max: 200 }}
                  value={shownTitle(t)}
                  status={titles.has(t.no) && titles.get(t.no)!.trim() === '' ? 'error' : undefined}
                  onChange={(e) => {
                    setTitles(new Map(titles).set(t.no, e.target.value));
                    changed();
                  }}
                />
              ),
            },
            {
              title: '牵头单位',
              width: 200,
              render: (_, t) => (
                <Select
                  aria-label={`第 ${t.no} 项牵头单位`}
                  disabled={dropTasks.has(t.no)}
                  size="small"
                  style={{ width: '100%' }}
                  showSearch={{ optionFilterProp: 'label' }}
                  placeholder="原牵头单位已停用，请另选"
                  status={shownDuty(t).lead === '' ? 'error' : undefined}
                  value={shownDuty(t).lead || undefined}
                  options={options}
                  onChange={(lead: string) => {
                    const d = duties.get(t.no) ?? dutyOf(t);
                    edit(t, { lead, support: d.support.filter((c) => c !== lead) });
                  }}
                />
              ),
            },
            {
              title: '配合单位',
              width: 320,
              render: (_, t) => {
                const d = shownDuty(t);
                return (
                  <MultiSelect
                    aria-label={`第 ${t.no} 项配合单位`}
                    disabled={dropTasks.has(t.no)}
                    size="small"
                    maxTagCount="responsive"
                    maxTagPlaceholder={moreUnits}
                    style={{ width: '100%' }}
                    placeholder="无"
                    showSearch={{ optionFilterProp: 'label' }}
                    value={d.support}
                    options={options.filter((o) => o.value !== d.lead && !(d.allTowns && o.kind === 'town'))}
                    onChange={(support: string[]) => edit(t, { support })}
                  />
                );
              },
            },
            {
              title: '各镇（街道）',
              width: 104,
              render: (_, t) => {
                const d = shownDuty(t);
                const towns = new Set(options.filter((o) => o.kind === 'town').map((o) => o.value));
                return (
                  <Checkbox
                    aria-label={`第 ${t.no} 项由各镇（街道）配合`}
                    disabled={dropTasks.has(t.no)}
                    checked={d.allTowns}
                    onChange={(e) => edit(t, { allTowns: e.target.checked, support: e.target.checked ? d.support.filter((c) => !towns.has(c)) : d.support })}
                  />
                );
              },
            },
            {
              title: '指标（目标，删去）',
              width: 290,
              render: (_, t) =>
                t.indicators.length === 0 ? (
                  <Typography.Text type="secondary">—</Typography.Text>
                ) : (
                  <Space orientation="vertical" size={2}>
                    {t.indicators.map((i) => (
                      <div key={i.id}>
                      {/* Which indicator, in words: 16.1 and 16.2 are both 完成上级下达目标. */}
                      <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>{`${i.id} ${i.name}`}</Typography.Text>
                      <Space size={4} align="center" className={drops.has(i.id) ? 'indicator-dropped' : undefined}>
                      {NUMERIC.has(i.comparator) ? (
                        <NumberBox
                          key={i.id}
                          aria-label={`指标 ${i.id} ${i.name}的目标`}
                          disabled={dropTasks.has(t.no)}
                          size="small"
                          // No min or max: a target out of range is refused by the preview with its reason, not clamped to another one.
                          style={{ width: 180 }}
                          prefix={SIGN[i.comparator]}
                          suffix={i.unit || undefined}
                          title={i.name}
                          value={targets.has(i.id) && !dropTasks.has(t.no) ? (targets.get(i.id) ?? null) : i.target}
                          status={(targets.has(i.id) && targets.get(i.id) === null) || unreadable.has(i.id) ? 'error' : undefined}
                          onChange={(v) => {
                            const next = new Map(targets);
                            next.set(i.id, v);
                            setTargets(next);
                            setPreview(null);
                          }}
                          onUnreadable={(said) => {
                            setUnreadable((m) => {
                              const next = new Map(m);
                              if (said === null) next.delete(i.id);
                              else next.set(i.id, said);
                              return next;
                            });
                            setPreview(null);
                          }}
                        />
                      ) : (
                        <Typography.Text key={i.id} type="secondary" title={i.name}>
                          {i.targetText}
                        </Typography.Text>
                      )}
                        <Checkbox
                          aria-label={`删去指标 ${i.id} ${i.name}`}
                          disabled={dropTasks.has(t.no)}
                          checked={drops.has(i.id) && !dropTasks.has(t.no)}
                          style={{ whiteSpace: 'nowrap' }}
                          onChange={(e) => {
                            setDrops(toggled(drops, i.id, e.target.checked));
                            changed();
                          }}
                        >
                          删去
                        </Checkbox>
                      </Space>
                      </div>
                    ))}
                  </Space>
                ),
            },
          ]}
        />
        <NewIndicators
          // Not to a task ticked 删去 (one added before the task was ticked: the preview says why it is refused).
          tasks={kept}
          draft={indicatorDraft}
          onDraft={setIndicatorDraft}
          list={addIndicators}
          onList={(list) => {
            setAddIndicators(list);
            changed();
          }}
        />
        <NewTasks
          categories={catalog.data?.categories ?? []}
          options={options}
          draft={taskDraft}
          onDraft={setTaskDraft}
          list={addTasks}
          onList={(list) => {
            setAddTasks(list);
            changed();
          }}
        />
        {blank && <Alert type="error" showIcon title="指标目标值不能为空：请填写数值" />}
        {unread.length > 0 && <Alert type="error" showIcon title={unread.map((i) => `指标 ${i.id} ${i.name}的目标：${unreadable.get(i.id)}`).join('；')} />}
        {noTitle && <Alert type="error" showIcon title="任务名称不能为空" />}
        {leaderless.length > 0 && <Alert type="error" showIcon title={`第 ${leaderless.join('、')} 项任务的原牵头单位已停用：请先选择牵头单位`} />}
        <Space>
          <Button ref={lookButton} type="primary" disabled={changes === 0 || blank || unread.length > 0 || noTitle || leaderless.length > 0} loading={busy === 'preview'} onClick={() => void look()}>
            {changes > 0 ? `预览修订（${changes} 处修改）` : '预览修订'}
          </Button>
          <ConfirmButton
            disabled={changes === 0}
            title={`放弃 ${changes} 处修改？`}
            description="任务名称、牵头单位、配合单位和指标恢复为现行任务清单中的内容，新增的指标和任务不再保留。"
            okText="放弃修改"
            okDanger
            onConfirm={() => {
              reset();
              intro.current?.focus();
            }}
          >
            放弃修改
          </ConfirmButton>
        </Space>
        {/* What 预览修订 brought (the preview, or why it is refused), below the table: the keyboard and the view go there. */}
        <div ref={outcome} tabIndex={-1} className="focus-target" aria-label={error ? '修订未能预览的原因' : '修订后的任务清单（尚未采用）'}>
        {/* The title says it: the message without its own 任务清单未修订 (the command line's). */}
        {error && <ErrorNote error={{ ...error, message: error.message.replace(/^任务清单未修订：/, '') }} title="未修订任务清单" />}
        {preview && (
          <Card size="small" type="inner" title="修订后的任务清单（尚未采用）">
            <Descriptions size="small" column={1}>
              <Descriptions.Item label="任务清单版本">{`本机 ${preview.view.currentCatalogVersion ?? ''} → 修订后 ${preview.view.catalogVersion}`}</Descriptions.Item>
            </Descriptions>
            <Space orientation="vertical" style={{ width: '100%', marginTop: 12 }}>
              <Alert
                type="info"
                showIcon
                title="修订内容"
                description={
                  <ul className="error-details">
                    {(preview.view.changes ?? []).map((c, i) => (
                      <li key={i}>{c}</li>
                    ))}
                  </ul>
                }
              />
              <SetupWarnings warnings={preview.view.warnings} title="采用后" />
              <Space>
                <Button type="primary" loading={busy === 'adopt'} onClick={() => void adopt()}>
                  采用此修订
                </Button>
                <Button
                  disabled={busy === 'adopt'}
                  onClick={() => {
                    setPreview(null);
                    lookButton.current?.focus();
                  }}
                >
                  取消
                </Button>
              </Space>
            </Space>
          </Card>
        )}
        </div>
      </Space>
    </Card>
  );
}

/**
 * A small form's first field, and a way back to it: the button pressed (添加…, a tag's ×) is disabled or gone, so the
 * keyboard goes back to the form's first field.
 */
function useFirstField(): [RefObject<RefSelect | null>, () => void] {
  const first = useRef<RefSelect>(null);
  return [first, () => void requestAnimationFrame(() => first.current?.focus())];
}

/** 新增指标: a form for one (its task, name, how it is judged, target and unit), and the list of those added. */
function NewIndicators({ tasks, draft, onDraft, list, onList }: { tasks: TaskView[]; draft: NewIndicator; onDraft: (d: NewIndicator) => void; list: NewIndicator[]; onList: (l: NewIndicator[]) => void }) {
  const numeric = NUMERIC.has(draft.comparator);
  const [first, back] = useFirstField();
  // A target typed that is not a number: said beside the form, and not added until it reads.
  const [unreadable, setUnreadable] = useState<string | null>(null);
  const ready = draft.task > 0 && draft.name.trim() !== '' && (!numeric || (draft.target !== null && unreadable === null));
  return (
    <Space orientation="vertical" size={4} style={{ width: '100%' }}>
      <Typography.Text strong>新增指标</Typography.Text>
      <Space wrap>
        <Select
          ref={first}
          aria-label="新增指标所属任务"
          size="small"
          style={{ width: 220 }}
          placeholder="所属任务"
          showSearch={{ optionFilterProp: 'label' }}
          value={draft.task || undefined}
          options={tasks.map((t) => ({ value: t.no, label: `第 ${t.no} 项 ${t.title}` }))}
          onChange={(task: number) => onDraft({ ...draft, task })}
        />
        <Input aria-label="新增指标名称" size="small" style={{ width: 220 }} placeholder="指标名称" count={{ max: 100 }} value={draft.name} onChange={(e) => onDraft({ ...draft, name: e.target.value })} />
        <Select
          aria-label="新增指标的考核方式"
          size="small"
          style={{ width: 170 }}
          value={draft.comparator}
          options={KINDS}
          onChange={(comparator: NewIndicator['comparator']) => onDraft({ ...draft, comparator, ...(NUMERIC.has(comparator) ? {} : { target: null }), ...(comparator === 'yes' ? { unit: '' as const } : {}) })}
        />
        {numeric && (
          <NumberBox
            aria-label="新增指标的目标值"
            size="small"
            style={{ width: 120 }}
            placeholder="目标值"
            status={unreadable ? 'error' : undefined}
            value={draft.target}
            onChange={(v) => onDraft({ ...draft, target: v })}
            onUnreadable={setUnreadable}
          />
        )}
        {draft.comparator !== 'yes' && (
          <>
            <Select
              aria-label="新增指标的计量单位"
              size="small"
              style={{ width: 90 }}
              value={draft.unit}
              options={[
                { value: '%', label: '%' },
                { value: '', label: '无单位' },
              ]}
              onChange={(unit: NewIndicator['unit']) => onDraft({ ...draft, unit })}
            />
          </>
        )}
        <Button
          size="small"
          disabled={!ready}
          onClick={() => {
            onList([...list, { ...draft, name: draft.name.trim() }]);
            onDraft({ ...EMPTY_INDICATOR, task: draft.task });
            back();
          }}
        >
          添加指标
        </Button>
      </Space>
      {numeric && unreadable && <Typography.Text type="danger">{`新增指标的目标值：${unreadable}`}</Typography.Text>}
      {list.length > 0 && (
        <Space wrap data-testid="added-indicators">
          {list.map((i, n) => (
            <Tag
              key={`${i.task}-${i.name}`}
              closable
              closeIcon={<span aria-label={`不新增指标“${i.name}”`}>×</span>}
              onClose={() => {
                onList(list.filter((_, k) => k !== n));
                back();
              }}
            >
              {indicatorSaid(i)}
            </Tag>
          ))}
        </Space>
      )}
    </Space>
  );
}

/** 新增任务: a form for one (its category, title, lead, supporting units), and the list of those added. */
function NewTasks({
  categories,
  options,
  draft,
  onDraft,
  list,
  onList,
}: {
  categories: { no: number; numeral: string; title: string }[];
  options: { value: string; label: string; kind: string }[];
  draft: NewTask;
  onDraft: (d: NewTask) => void;
  list: NewTask[];
  onList: (l: NewTask[]) => void;
}) {
  const ready = draft.category > 0 && draft.title.trim() !== '' && draft.lead !== '';
  const name = (code: string): string => options.find((o) => o.value === code)?.label ?? code;
  const [first, back] = useFirstField();
  return (
    <Space orientation="vertical" size={4} style={{ width: '100%' }}>
      <Typography.Text strong>新增任务</Typography.Text>
      <Space wrap>
        <Select
          ref={first}
          aria-label="新增任务所属类别"
          size="small"
          style={{ width: 200 }}
          placeholder="所属类别"
          value={draft.category || undefined}
          options={categories.map((c) => ({ value: c.no, label: `（${c.numeral}）${c.title}` }))}
          onChange={(category: number) => onDraft({ ...draft, category })}
        />
        <Input aria-label="新增任务名称" size="small" style={{ width: 260 }} placeholder="任务名称" count={{ max: 200 }} value={draft.title} onChange={(e) => onDraft({ ...draft, title: e.target.value })} />
        <Select
          aria-label="新增任务的牵头单位"
          size="small"
          style={{ width: 180 }}
          placeholder="牵头单位"
          showSearch={{ optionFilterProp: 'label' }}
          value={draft.lead || undefined}
          options={options}
          onChange={(lead: string) => onDraft({ ...draft, lead, support: draft.support.filter((c) => c !== lead) })}
        />
        <MultiSelect
          aria-label="新增任务的配合单位"
          size="small"
          maxTagCount="responsive"
          maxTagPlaceholder={moreUnits}
          style={{ width: 240 }}
          placeholder="配合单位（可不选）"
          showSearch={{ optionFilterProp: 'label' }}
          value={draft.support}
          options={options.filter((o) => o.value !== draft.lead && !(draft.allTowns && o.kind === 'town'))}
          onChange={(support: string[]) => onDraft({ ...draft, support })}
        />
        <Checkbox aria-label="新增任务由各镇（街道）配合" checked={draft.allTowns} onChange={(e) => onDraft({ ...draft, allTowns: e.target.checked })}>
          各镇（街道）配合
        </Checkbox>
        <Button
          size="small"
          disabled={!ready}
          onClick={() => {
            onList([...list, { ...draft, title: draft.title.trim() }]);
            onDraft(EMPTY_TASK);
            back();
          }}
        >
          添加任务
        </Button>
      </Space>
      {list.length > 0 && (
        <Space wrap data-testid="added-tasks">
          {list.map((t, n) => (
            <Tag
              key={t.title}
              closable
              closeIcon={<span aria-label={`不新增任务“${t.title}”`}>×</span>}
              onClose={() => {
                onList(list.filter((_, k) => k !== n));
                back();
              }}
            >
              {`${t.title}（牵头：${name(t.lead)}${t.support.length > 0 ? `；配合：${t.support.map(name).join('、')}` : ''}${t.allTowns ? '；各镇、街道配合' : ''}）`}
            </Tag>
          ))}
        </Space>
      )}
    </Space>
  );
}
