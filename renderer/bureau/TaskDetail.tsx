import { Alert, Button, Card, Collapse, Descriptions, Drawer, Select, Space, Spin, Tag, Typography } from 'antd';
import { useState } from 'react';
import { parsePeriod, reviewState } from '../../shared/period';
import { UNREGISTERED } from '../../shared/report';
import type { SummaryEntry } from '../../shared/views';
import { ErrorNote } from '../common/ErrorNote';
import { EvidenceList, missingHint, MissingEvidenceLine } from '../common/EvidenceList';
import type { SubmissionStatusView } from '../../shared/views';
import { ReportHistory } from '../common/ReportHistory';
import { indicatorItems, percentItem, reportTextItems, RoleTag, savedItem } from '../common/ReportParts';
import { STATUS_COLORS } from '../common/format';
import { TaskText } from '../common/TaskText';
import { useCall } from '../common/useCall';

/** A unit's evidence files for the task, listed to be saved; those its file listed and did not bring, named (`hint`: missingHint). */
function UnitEvidence({ unit, period, task, hint }: { unit: string; period: string; task: number; hint: string }) {
  const view = useCall('reports.forUnit', { unit, period });
  if (view.error) return <ErrorNote error={view.error} />;
  const evidence = view.data?.tasks.find((x) => x.task === task)?.report?.evidence ?? [];
  return (
    <div>
      <Typography.Text type="secondary">佐证材料（{evidence.length || '…'}）</Typography.Text>
      <EvidenceList unit={unit} period={period} task={task} evidence={evidence} />
      <MissingEvidenceLine task={task} missing={view.data?.evidenceMissing} hint={hint} />
    </div>
  );
}

/**
 * Last period's status and 下步计划 under this period's text: whether what was planned happened, whether it still lags.
 * `last` is the unit's entry for the task then (none: it did not answer for the task then, or no period was owed before:
 * nothing said); its content typed in by the bureau and not registered, marked so, and no 连续两期滞后 counted from it
 * (nor from this period's such content), as 督办管理 counts none.
 */
function LastPeriod({ label, last, now }: { label: string; last: SummaryEntry | undefined; now: SummaryEntry | null }) {
  if (!last) return null;
  const report = last.report;
  if (!report) return <Typography.Paragraph type="secondary" className="last-period">{`${label}：未报`}</Typography.Paragraph>;
  const mine = now?.report ?? null;
  const same = mine !== null && report.progress.trim() !== '' && report.progress.trim() === mine.progress.trim();
  const lagging = mine !== null && !now?.unregistered && !last.unregistered && report.status === '进度滞后' && mine.status === '进度滞后';
  return (
    <div className="last-period">
      <Typography.Text type="secondary">{`${label}：`}</Typography.Text>
      <Tag color={STATUS_COLORS[report.status]}>{report.status}</Tag>
      {last.unregistered && <Tag>{UNREGISTERED}</Tag>}
      {lagging && <Tag color="error">连续两期滞后</Tag>}
      {same && <Tag color="warning">工作进展与上期相同</Tag>}
      <div className="pre-wrap">
        <Typography.Text type="secondary">上期下步计划：</Typography.Text>
        {report.next || '—'}
      </div>
    </div>
  );
}

/** One task: every responsible unit's text for the period side by side, each with its evidence files and revision history. */
export function TaskDetail({ period, task, onTask }: { period: string; task: number; onTask: (no: number) => void }) {
  const summary = useCall('summary.get', { period });
  // The period's plan: the task's indicators, their units and targets.
  const catalog = useCall('catalog.get', { period });
  // Last period, beside this one: what each unit said it would do next, and how it stood (did it happen? still lagging?).
  // (The one owed before: after a switch to 月报, the quarter before the first month.)
  const before = useCall('summary.get', summary.data?.period.previous ? { period: summary.data.period.previous } : null);
  const [historyOf, setHistoryOf] = useState<SummaryEntry | null>(null);
  if (summary.error) return <ErrorNote error={summary.error} />;
  if (!summary.data) return <Spin />;
  const t = summary.data.tasks.find((x) => x.no === task) ?? summary.data.tasks[0]!;
  const planned = catalog.data?.tasks.find((x) => x.no === t.no);
  const indicators = planned?.indicators ?? [];
  const prevLabel = summary.data.period.previous ? parsePeriod(summary.data.period.previous).label : '上期';
  // Each unit's entry for the task last period: none where no period was owed before, or the unit did not answer for the
  // task then (a revised plan gave it the task): no 上期 line then, not 未报.
  const lastOf = new Map((summary.data.period.previous ? (before.data?.tasks.find((x) => x.no === t.no)?.entries ?? []) : []).map((x) => [x.code, x]));
  const statusOf = new Map<string, SubmissionStatusView>(summary.data.units.map((u) => [u.unit, u]));
  const hintFor = (code: string): string => {
    const s = statusOf.get(code);
    return missingHint('review', { approved: s !== undefined && reviewState(s) === 'approved', closed: summary.data?.period.closed ?? false });
  };
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Select aria-label="选择任务" showSearch={{ optionFilterProp: 'label' }} value={t.no} onChange={onTask} style={{ width: 480, maxWidth: '100%' }} options={summary.data.tasks.map((x) => ({ value: x.no, label: `${x.no}. ${x.title}` }))} />
      {/* The task asked for is not on this period's plan (another period picked, a revised plan): said, not shown silently as another. */}
      {t.no !== task && <Alert type="info" showIcon title={`第 ${task} 项任务不在${summary.data.period.label}的任务清单中，下面显示第 ${t.no} 项`} />}
      {planned && <Collapse size="small" items={[{ key: 'body', label: '任务内容与责任单位', children: <TaskText task={planned} /> }]} />}
      <Space wrap>
        {Object.entries(t.statusCounts).map(([s, n]) => (
          <Tag key={s} color={STATUS_COLORS[s as keyof typeof STATUS_COLORS]}>
            {s} {n}
          </Tag>
        ))}
      </Space>
      <div className="side-by-side">
        {t.entries.map((e) => (
          <Card
            key={e.code}
            size="small"
            title={
              <Space>
                {e.name}
                <RoleTag role={e.role} />
              </Space>
            }
            extra={
              e.report ? (
                <Space size={4}>
                  {/* Typed in by the bureau, not registered as received: the unit's 未报 until it is (counted nowhere). */}
                  {e.unregistered && <Tag color="warning">{UNREGISTERED}</Tag>}
                  <Tag color={STATUS_COLORS[e.report.status]}>{e.report.status}</Tag>
                </Space>
              ) : (
                <Tag color="warning">未报</Tag>
              )
            }
          >
            {e.report ? (
              <>
                <Descriptions
                  size="small"
                  column={1}
                  items={[percentItem(e.report), ...reportTextItems(e.report), ...indicatorItems(e.report, indicators), savedItem(e.report)]}
                />
                {e.report.evidenceCount > 0 ? (
                  <UnitEvidence unit={e.code} period={period} task={t.no} hint={hintFor(e.code)} />
                ) : (
                  // None came: the files its workbook listed, named (the summary has them; no call per unit).
                  <MissingEvidenceLine task={t.no} missing={statusOf.get(e.code)?.evidenceMissingFiles} hint={hintFor(e.code)} />
                )}
                <LastPeriod label={prevLabel} last={lastOf.get(e.code)} now={e} />
                <Button size="small" style={{ marginTop: 8 }} aria-label={`${e.name}的修改记录`} onClick={() => setHistoryOf(e)}>
                  修改记录
                </Button>
              </>
            ) : (
              <>
                <Typography.Text type="secondary">本期尚未报送</Typography.Text>
                <LastPeriod label={prevLabel} last={lastOf.get(e.code)} now={null} />
              </>
            )}
          </Card>
        ))}
      </div>
      <Drawer open={historyOf !== null} onClose={() => setHistoryOf(null)} title={historyOf ? `${historyOf.name} · 第 ${t.no} 项任务的修改记录` : ''} size="large">
        {historyOf && <ReportHistory unit={historyOf.code} period={period} task={t.no} indicators={planned?.indicators ?? []} />}
      </Drawer>
    </Space>
  );
}
