import { Alert, App as AntApp, Button, Card, Checkbox, Descriptions, InputNumber, Select, Space, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import type { SetupImportResult, SetupPreview } from '../../shared/api/exchange';
import type { ApiError } from '../../shared/errors';
import type { TaskView } from '../../shared/views';
import { api } from '../api/client';
import { ErrorNote } from '../common/ErrorNote';
import { SetupWarnings } from '../common/SetupImport';
import { useCall } from '../common/useCall';

interface Duty {
  lead: string;
  support: string[];
  allTowns: boolean;
}

/** A task's responsibilities as the plan names them: the lead, the units named to support, 各镇（街道）. */
function dutyOf(t: TaskView): Duty {
  return {
    lead: t.units.find((u) => u.role === 'lead')?.code ?? '',
    support: t.units.filter((u) => u.role === 'support' && !(t.allTowns && u.kind === 'town')).map((u) => u.code),
    allTowns: t.allTowns,
  };
}

const sameDuty = (a: Duty, b: Duty): boolean => a.lead === b.lead && a.allTowns === b.allTowns && a.support.join() === b.support.join();

const NUMERIC = new Set(['>=', '<=', '=']);
const SIGN: Record<string, string> = { '>=': '≥', '<=': '≤', '=': '=' };

/**
 * 修订任务清单 in the app: who leads and who supports each task, and the numeric targets. The edits are previewed
 * (what the revised plan does to the periods, reports and approvals held, as for a set-up file) and adopted as a new
 * version of the task list for the periods due from now on.
 */
export function RevisionCard({ onAdopted }: { onAdopted: () => void }) {
  const { message } = AntApp.useApp();
  const catalog = useCall('catalog.get', {});
  const units = useCall('units.list', {});
  const [duties, setDuties] = useState<Map<number, Duty>>(new Map());
  const [targets, setTargets] = useState<Map<string, number | null>>(new Map());
  const [preview, setPreview] = useState<SetupPreview | null>(null);
  const [done, setDone] = useState<SetupImportResult | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState<'preview' | 'adopt' | null>(null);
  const tasks = catalog.data?.tasks ?? [];
  const options = (units.data ?? []).filter((u) => u.active).map((u) => ({ value: u.code, label: u.name, kind: u.kind }));

  const changedTasks = tasks.filter((t) => duties.has(t.no) && !sameDuty(duties.get(t.no)!, dutyOf(t)));
  const changedTargets = tasks.flatMap((t) => t.indicators).filter((i) => targets.has(i.id) && targets.get(i.id) !== i.target);
  const changes = changedTasks.length + changedTargets.length;
  const blank = changedTargets.some((i) => targets.get(i.id) === null);
  const input = useMemo(
    () => ({
      tasks: changedTasks.map((t) => ({ no: t.no, ...duties.get(t.no)! })),
      indicators: changedTargets.map((i) => ({ id: i.id, target: targets.get(i.id) as number })),
    }),
    [changedTasks, changedTargets, duties, targets],
  );

  const edit = (t: TaskView, change: Partial<Duty>): void => {
    const next = new Map(duties);
    next.set(t.no, { ...(duties.get(t.no) ?? dutyOf(t)), ...change });
    setDuties(next);
    setPreview(null);
    setDone(null);
  };
  const reset = (): void => {
    setDuties(new Map());
    setTargets(new Map());
    setPreview(null);
    setError(null);
  };
  const look = async (): Promise<void> => {
    setBusy('preview');
    setError(null);
    const r = await api('catalog.revisePreview', input);
    setBusy(null);
    if (r.ok) setPreview(r.value);
    else setError(r.error);
  };
  const adopt = async (): Promise<void> => {
    setBusy('adopt');
    const r = await api('catalog.revise', input);
    setBusy(null);
    if (!r.ok) {
      setError(r.error);
      setPreview(null);
      return;
    }
    message.success(`已采用修订的任务清单：${r.value.catalogVersion}`);
    reset();
    setDone(r.value);
    catalog.reload();
    onAdopted();
  };

  return (
    <Card size="small" title="修订任务清单（责任分工与指标目标）">
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Typography.Text>
          修改任务的牵头单位、配合单位或指标目标值后，先“预览修订”查看影响，确认后采用：形成新的任务清单版本，截止日期未过的周期起按新清单填报、统计和打印，此前各期仍按原清单。采用后请导出设置文件下发各单位。上级下达目标请在上方按年录入。
        </Typography.Text>
        {catalog.error && <ErrorNote error={catalog.error} />}
        {units.error && <ErrorNote error={units.error} />}
        <Table<TaskView>
          size="small"
          rowKey="no"
          loading={catalog.loading || units.loading}
          dataSource={tasks}
          pagination={false}
          scroll={{ y: 480 }}
          rowClassName={(t) => (changedTasks.includes(t) || t.indicators.some((i) => changedTargets.includes(i)) ? 'row-changed' : '')}
          columns={[
            { title: '序号', width: 56, render: (_, t) => t.no },
            { title: '重点任务', ellipsis: true, render: (_, t) => t.title },
            {
              title: '牵头单位',
              width: 200,
              render: (_, t) => (
                <Select
                  aria-label={`第 ${t.no} 项牵头单位`}
                  size="small"
                  style={{ width: '100%' }}
                  showSearch={{ optionFilterProp: 'label' }}
                  value={(duties.get(t.no) ?? dutyOf(t)).lead}
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
                const d = duties.get(t.no) ?? dutyOf(t);
                return (
                  <Select
                    aria-label={`第 ${t.no} 项配合单位`}
                    size="small"
                    mode="multiple"
                    maxTagCount="responsive"
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
                const d = duties.get(t.no) ?? dutyOf(t);
                const towns = new Set(options.filter((o) => o.kind === 'town').map((o) => o.value));
                return (
                  <Checkbox
                    aria-label={`第 ${t.no} 项由各镇（街道）配合`}
                    checked={d.allTowns}
                    onChange={(e) => edit(t, { allTowns: e.target.checked, support: e.target.checked ? d.support.filter((c) => !towns.has(c)) : d.support })}
                  />
                );
              },
            },
            {
              title: '指标目标',
              width: 220,
              render: (_, t) =>
                t.indicators.length === 0 ? (
                  <Typography.Text type="secondary">—</Typography.Text>
                ) : (
                  <Space orientation="vertical" size={2}>
                    {t.indicators.map((i) =>
                      NUMERIC.has(i.comparator) ? (
                        <InputNumber
                          key={i.id}
                          aria-label={`指标 ${i.id} ${i.name}的目标`}
                          size="small"
                          min={0}
                          max={100000}
                          style={{ width: 190 }}
                          prefix={SIGN[i.comparator]}
                          suffix={i.unit || undefined}
                          title={i.name}
                          value={targets.has(i.id) ? targets.get(i.id) : i.target}
                          status={targets.has(i.id) && targets.get(i.id) === null ? 'error' : undefined}
                          onChange={(v) => {
                            const next = new Map(targets);
                            next.set(i.id, typeof v === 'number' ? v : null);
                            setTargets(next);
                            setPreview(null);
                            setDone(null);
                          }}
                        />
                      ) : (
                        <Typography.Text key={i.id} type="secondary" title={i.name}>
                          {`${i.id} ${i.targetText}`}
                        </Typography.Text>
                      ),
                    )}
                  </Space>
                ),
            },
          ]}
        />
        {blank && <Alert type="error" showIcon title="指标目标值不能为空：请填写数值，或点“放弃修改”" />}
        <Space>
          <Button type="primary" disabled={changes === 0 || blank} loading={busy === 'preview'} onClick={() => void look()}>
            {changes > 0 ? `预览修订（${changes} 处修改）` : '预览修订'}
          </Button>
          <Button disabled={changes === 0} onClick={reset}>
            放弃修改
          </Button>
        </Space>
        {error && <ErrorNote error={error} title="未修订任务清单" />}
        {done && <Alert type="success" showIcon title={`已采用：任务清单版本 ${done.previousCatalogVersion ?? ''} → ${done.catalogVersion}。请在上方“设置文件”中导出设置文件，下发各单位。`} />}
        {preview && (
          <Card size="small" type="inner" title="修订后的任务清单（尚未采用）">
            <Descriptions size="small" column={1}>
              <Descriptions.Item label="任务清单版本">{`本机 ${preview.currentCatalogVersion ?? ''} → 修订后 ${preview.catalogVersion}`}</Descriptions.Item>
            </Descriptions>
            <Space orientation="vertical" style={{ width: '100%', marginTop: 12 }}>
              <Alert
                type="info"
                showIcon
                title="修订内容"
                description={
                  <ul className="error-details">
                    {(preview.changes ?? []).map((c, i) => (
                      <li key={i}>{c}</li>
                    ))}
                  </ul>
                }
              />
              <SetupWarnings warnings={preview.warnings} title="采用后" />
              <Space>
                <Button type="primary" loading={busy === 'adopt'} onClick={() => void adopt()}>
                  采用此修订
                </Button>
                <Button disabled={busy === 'adopt'} onClick={() => setPreview(null)}>
                  取消
                </Button>
              </Space>
            </Space>
          </Card>
        )}
      </Space>
    </Card>
  );
}
