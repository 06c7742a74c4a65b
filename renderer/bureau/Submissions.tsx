import { App as AntApp, Button, Card, Radio, Space, Table, Tooltip, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { reviewState, revisionText, SENT_RULE, sentText } from '../../shared/period';
import { evidenceMissingText, missingEvidenceNames } from '../../shared/api/exchange';
import { refusedFileText } from '../../shared/notice';
import type { SubmissionStatusView, SummaryView } from '../../shared/views';
import { api } from '../api/client';
import { errorText } from '../common/errors';
import { formatChineseDateTime } from '../common/format';
import { PrintButton } from '../common/PrintPreview';
import { SubmissionStateTag } from '../common/SubmissionStateTag';
import { useCall } from '../common/useCall';
import { ApproveDialog } from './ApproveDialog';
import { ReturnDialog } from './ReturnDialog';
import { ReviewCell, type ReviewActions } from './ReviewCell';
import { UnitDetail } from './UnitDetail';

/** The bureau's queues in the submissions table: what awaits review, what was sent back, approved, a paper form owed, not sent. */
const REVIEW_FILTERS = [
  ['all', '全部', () => true],
  ['pending', '待审核', (u) => reviewState(u) === 'pending'],
  ['returned', '已退回', (u) => reviewState(u) === 'returned'],
  ['approved', '审核通过', (u) => reviewState(u) === 'approved'],
  ['paper', '纸质件未收', (u) => reviewState(u) === 'approved' && !u.approved!.paper],
  ['none', '未报送', (u) => u.revision === null],
] as const satisfies readonly (readonly [string, string, (u: SubmissionStatusView) => boolean])[];
export type ReviewFilter = (typeof REVIEW_FILTERS)[number][0];

const inQueue = (units: readonly SubmissionStatusView[], filter: ReviewFilter): SubmissionStatusView[] => units.filter(REVIEW_FILTERS.find(([k]) => k === filter)![2]);

/** Where the keyboard goes once the overview is read again after a step on `unit` (its place in the queue shown then). */
interface FocusAfter {
  unit: string;
  index: number;
  filter: ReviewFilter;
  /** The overview the step was taken on: the keyboard moves once another one is shown (null: the one shown now will do). */
  before: SummaryView | null;
}

/**
 * 各单位报送情况: every unit's submission for the period and the bureau's review of it (退回, 审核通过, the paper
 * form), one queue at a time, with steps on several units of a queue at once. After a step the buttons that took
 * it are replaced: the keyboard goes to the unit's new first button, or to the row now in its place when the step
 * took it out of the queue, or to the queue's choice when the queue is empty.
 */
export function Submissions({
  period,
  summary: s,
  reload,
  onOpenEntry,
  ask,
}: {
  period: string;
  summary: SummaryView;
  reload: () => void;
  onOpenEntry?: (unit: string) => void;
  /** A queue asked for from elsewhere on the overview (a count's 查看名单); `at` tells one ask from the next. */
  ask?: { filter: ReviewFilter; at: number } | null;
}) {
  const { message, modal } = AntApp.useApp();
  const [returning, setReturning] = useState<SubmissionStatusView | null>(null);
  const [approving, setApproving] = useState<SubmissionStatusView[] | null>(null);
  // The unit whose submission is open for review (by code: its row is read afresh after a step).
  const [reviewing, setReviewing] = useState<string | null>(null);
  /** Where the unit whose 报送详情 is open stood in the queue shown: a step there may take it out of the queue. */
  const reviewingAt = useRef(-1);
  const [focusAfter, setFocusAfter] = useState<FocusAfter | null>(null);
  const [filter, setFilter] = useState<ReviewFilter>('all');
  // A queue asked for by a count above: shown, and the keyboard on its choice.
  const card = useRef<HTMLDivElement>(null);
  const [askedAt, setAskedAt] = useState<number | null>(null);
  useEffect(() => {
    if (!ask) return;
    setFilter(ask.filter);
    setChosen([]);
    setAskedAt(ask.at);
    card.current?.scrollIntoView({ block: 'start' });
  }, [ask]);
  // Once the queue asked for is drawn (its choice checked): the keyboard on it. (A frame after asking was too early:
  // the choice checked then was the one before.)
  useEffect(() => {
    if (askedAt === null) return;
    card.current?.querySelector<HTMLElement>('.review-filter input:checked')?.focus();
    setAskedAt(null);
  }, [askedAt, filter]);
  // Units chosen in a queue for a step on them all (审核通过, 登记收到纸质件), by code.
  const [chosen, setChosen] = useState<string[]>([]);
  const [recording, setRecording] = useState(false);
  // Where the first unit a dialog approved was, for when the dialog, left open to say what was refused, is closed.
  const approvedPlace = useRef<FocusAfter | null>(null);
  const shown = inQueue(s.units, filter);
  // Whom to call at a unit not heard from: asked for once the 未报送 queue is shown.
  const contacts = useCall('units.contacts', filter === 'none' ? {} : null);
  const contactOf = new Map((contacts.data ?? []).map((c) => [c.unit, c]));
  // Of the units chosen, those still in the queue shown (a step, or a file imported meanwhile, takes units out of it).
  const picked = shown.filter((u) => chosen.includes(u.unit));
  const bulk = filter === 'pending' || filter === 'paper';

  const placeOf = (u: SubmissionStatusView, before: SummaryView | null): FocusAfter => ({ unit: u.unit, index: shown.findIndex((x) => x.unit === u.unit), filter, before });
  /** After a step on `u` (taken on the overview shown): read again, the keyboard then goes back to the queue; `u` no longer chosen. */
  const reviewed = (u: SubmissionStatusView): void => {
    setFocusAfter(placeOf(u, s));
    setChosen((c) => c.filter((code) => code !== u.unit));
    reload();
  };
  useEffect(() => {
    if (!focusAfter || s === focusAfter.before) return;
    setFocusAfter(null);
    // Another queue chosen meanwhile: its rows are not where the step was.
    if (focusAfter.filter !== filter) return;
    const rows = inQueue(s.units, filter);
    const unit = rows.some((x) => x.unit === focusAfter.unit) ? focusAfter.unit : rows[Math.min(focusAfter.index, rows.length - 1)]?.unit;
    const target = reviewing
      ? document.querySelector<HTMLElement>('.unit-detail-review button')
      : unit !== undefined
        ? document.querySelector<HTMLElement>(`[data-review-unit="${unit}"] button`)
        : document.querySelector<HTMLElement>('.review-filter input:checked');
    target?.focus();
  }, [s, focusAfter, reviewing, filter]);

  const recordPaper = async (u: SubmissionStatusView): Promise<void> => {
    const r = await api('submissions.recordPaper', { unit: u.unit, period });
    if (!r.ok) return void message.error(errorText(r.error));
    message.success(`已登记收到${u.unitName}的纸质填报表`);
    reviewed(u);
  };
  /** 登记收到纸质件 for the units chosen in the 纸质件未收 queue, once asked; what the core refuses is listed after. */
  const recordPapers = async (units: readonly SubmissionStatusView[]): Promise<void> => {
    const go = await modal.confirm({
      title: `登记收到 ${units.length} 个单位的纸质填报表？`,
      content: `已收到以下单位负责人签字并盖章的纸质填报表：${units.map((u) => u.unitName).join('、')}。`,
      okText: '登记收到',
      cancelText: '取消',
      focusable: { autoFocusButton: 'cancel' },
    });
    if (!go) return;
    setRecording(true);
    const refused: { unit: SubmissionStatusView; why: string }[] = [];
    for (const u of units) {
      const r = await api('submissions.recordPaper', { unit: u.unit, period });
      if (!r.ok) refused.push({ unit: u, why: errorText(r.error) });
    }
    setRecording(false);
    const done = units.length - refused.length;
    if (done > 0) message.success(`已登记收到 ${done} 个单位的纸质填报表`);
    // The units refused stay chosen, and are said until the bureau closes the note; the keyboard then goes back to the queue.
    setChosen(refused.map((x) => x.unit.unit));
    const place = placeOf(units[0]!, s);
    reload();
    if (refused.length > 0) {
      await modal.warning({
        title: `${refused.length} 个单位的纸质填报表未登记`,
        content: <div style={{ whiteSpace: 'pre-line' }}>{refused.map((x) => x.why).join('\n')}</div>,
        okText: '知道了',
      });
    }
    setFocusAfter(place);
  };
  /** Withdraws the bureau's decision on `u` (退回, 审核通过) after a question, 取消 having the keyboard; the record is kept. */
  const withdrawing =
    (what: { title: string; content: string; okText: string; call: 'submissions.withdrawReturn' | 'submissions.withdrawApproval'; done: string }) =>
    (u: SubmissionStatusView): void => {
      modal.confirm({
        title: what.title.replace('{unit}', u.unitName),
        content: what.content,
        okText: what.okText,
        cancelText: '取消',
        focusable: { autoFocusButton: 'cancel' },
        onOk: async () => {
          const r = await api(what.call, { unit: u.unit, period });
          if (!r.ok) return void message.error(errorText(r.error));
          message.success(what.done.replace('{unit}', u.unitName));
          reviewed(u);
        },
      });
    };
  const withdraw = withdrawing({
    title: '撤销对{unit}的退回？',
    content: '撤销后该单位的报送不再显示为已退回（退回记录仍保留）。',
    okText: '撤销退回',
    call: 'submissions.withdrawReturn',
    done: '已撤销对{unit}的退回',
  });
  const unapprove = withdrawing({
    title: '撤销对{unit}报送的审核？',
    content: '撤销后该单位的报送回到“待审核”，区局可以退回或重新审核（审核记录仍保留）。',
    okText: '撤销审核',
    call: 'submissions.withdrawApproval',
    done: '已撤销对{unit}报送的审核',
  });
  const actions: ReviewActions = { onApprove: (u) => setApproving([u]), onReturn: setReturning, onWithdraw: withdraw, onUnapprove: unapprove, onPaper: (u) => void recordPaper(u) };
  // Before the deadline nobody is overdue yet: not yet sent (as the statistic above says).
  const label = (key: ReviewFilter, text: string): string => (key === 'none' && s.period.daysLeft >= 0 ? '尚未报送' : text);

  return (
    <Card size="small" title="各单位报送情况" ref={card}>
      <Space wrap style={{ marginBottom: 8 }}>
        <Radio.Group
          className="review-filter"
          size="small"
          optionType="button"
          buttonStyle="solid"
          aria-label="按报送和审核情况筛选"
          value={filter}
          onChange={(e) => {
            setFilter(e.target.value as ReviewFilter);
            setChosen([]);
          }}
        >
          {REVIEW_FILTERS.map(([key, text, test]) => (
            <Radio.Button key={key} value={key}>{`${label(key, text)}（${s.units.filter(test).length}）`}</Radio.Button>
          ))}
        </Radio.Group>
        {filter === 'pending' && (
          <Button size="small" type="primary" disabled={picked.length === 0} onClick={() => setApproving(picked)}>
            {`批量审核通过（${picked.length}）`}
          </Button>
        )}
        {filter === 'paper' && (
          <Button size="small" type="primary" disabled={picked.length === 0} loading={recording} onClick={() => void recordPapers(picked)}>
            {`批量登记收到纸质件（${picked.length}）`}
          </Button>
        )}
        {bulk && (
          <Typography.Text type="secondary">
            {filter === 'pending' ? '勾选单位后一并审核通过，各单位分别审核；未能审核通过的，逐一说明原因。' : '勾选单位后一并登记收到纸质填报表；未能登记的，逐一说明原因。'}
          </Typography.Text>
        )}
      </Space>
      <Table<SubmissionStatusView>
        size="small"
        rowKey="unit"
        dataSource={shown}
        rowSelection={
          bulk
            ? {
                selectedRowKeys: picked.map((u) => u.unit),
                onChange: (keys) => setChosen(keys.map(String)),
                getCheckboxProps: (u) => ({ 'aria-label': `选择${u.unitName}` }),
                getTitleCheckboxProps: () => ({ 'aria-label': '全选本队列' }),
              }
            : undefined
        }
        locale={{ emptyText: '没有符合条件的单位' }}
        pagination={false}
        // A half-screen window or a laptop at 125%: scrolled sideways, not unit names and times squeezed to a character a line.
        scroll={{ x: 1120 }}
        data-testid="submissions-table"
        columns={[
          {
            title: '单位',
            width: 140,
            render: (_, u) => (
              <Button type="link" className="inline-link" onClick={() => {
                  reviewingAt.current = shown.findIndex((x) => x.unit === u.unit);
                  setReviewing(u.unit);
                }} aria-label={`查看${u.unitName}的报送详情`}>
                {u.unitName}
              </Button>
            ),
          },
          { title: '类型', width: 96, render: (_, u) => (u.kind === 'town' ? '镇（街道）' : '区直部门') },
          {
            title: '报送情况',
            render: (_, u) => (
              <>
                <SubmissionStateTag state={u.state} beforeDeadline={s.period.daysLeft >= 0} />
                {/* Nothing counted, but a file came and was refused: not silent (its reasons are in 报送详情). */}
                {u.refusedFile && (
                  <Typography.Text type="danger" style={{ display: 'block', fontSize: 12 }}>
                    {refusedFileText(u.refusedFile.at)}
                  </Typography.Text>
                )}
                {/* Texts taken, some listed evidence not (seen before 审核通过, not only in the import's report). */}
                {u.evidenceMissing > 0 && (
                  <Tooltip trigger={['hover', 'focus']} placement="bottom" title={`未能导入：${missingEvidenceNames(u.evidenceMissingFiles)}`}>
                    <Typography.Text
                      // The warning's own colour is too pale on white at this size (about 1.9:1): a darker one.
                      style={{ display: 'block', fontSize: 12, whiteSpace: 'nowrap', color: '#ad6800' }}
                      tabIndex={0}
                      role="note"
                      aria-label={`${evidenceMissingText(u.evidenceMissing, true)}：${missingEvidenceNames(u.evidenceMissingFiles)}`}
                      data-testid={`evidence-missing-${u.unit}`}
                    >
                      {evidenceMissingText(u.evidenceMissing, true)}
                    </Typography.Text>
                  </Tooltip>
                )}
              </>
            ),
          },
          { title: '已报任务', width: 80, render: (_, u) => `${u.reported}/${u.responsible}` },
          // Kept on one line: on a 1366 px screen 第 1 版 broke in two, doubling every row.
          { title: '版本', width: 72, render: (_, u) => <span style={{ whiteSpace: 'nowrap' }}>{revisionText(u.revision)}</span> },
          ...(filter === 'none'
            ? [
                {
                  title: '联系人（最近一次填报）',
                  render: (_: unknown, u: SubmissionStatusView) => {
                    const c = contactOf.get(u.unit);
                    return c ? `${[c.filledBy, c.phone].filter(Boolean).join('，')}（${c.periodLabel}）` : <Typography.Text type="secondary">没有填报记录</Typography.Text>;
                  },
                },
              ]
            : [
                { title: '首次报送', width: 150, render: (_: unknown, u: SubmissionStatusView) => sentText(u) || '—' },
                { title: '最近收到', width: 150, render: (_: unknown, u: SubmissionStatusView) => (u.lastReceivedAt ? formatChineseDateTime(u.lastReceivedAt) : '—') },
              ]),
          {
            title: '审核',
            width: 260,
            render: (_, u) => (
              <div data-review-unit={u.unit}>
                <ReviewCell unit={u} closed={s.period.closed} actions={actions} />
              </div>
            ),
          },
          {
            title: '单位填报表',
            width: 96,
            render: (_, u) => <PrintButton input={{ form: 'unit', period, unit: u.unit }} label="打印" name={`打印${u.unitName}的单位填报表`} size="small" />,
          },
        ]}
      />
      {/* The same step after the rows ticked, where the keyboard is once they are (the one above is before them). */}
      {bulk && picked.length > 0 && (
        <div style={{ marginTop: 8, textAlign: 'right' }}>
          {filter === 'pending' ? (
            <Button size="small" type="primary" onClick={() => setApproving(picked)}>{`审核通过所选单位（${picked.length}）`}</Button>
          ) : (
            <Button size="small" type="primary" loading={recording} onClick={() => void recordPapers(picked)}>{`登记所选单位收到纸质件（${picked.length}）`}</Button>
          )}
        </div>
      )}
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
        {SENT_RULE}
      </Typography.Paragraph>
      {reviewing && s.units.some((u) => u.unit === reviewing) && (
        <UnitDetail
          period={period}
          closed={s.period.closed}
          beforeDeadline={s.period.daysLeft >= 0}
          unit={s.units.find((u) => u.unit === reviewing)!}
          onClose={() => {
            // The drawer goes with its state (it is not there to give the keyboard back): its unit's link takes it; when a
            // step there took the unit out of the queue, the row now in its place (as after a row's own step), else the queue.
            const rows = inQueue(s.units, filter);
            const unit = rows.some((x) => x.unit === reviewing) ? reviewing : rows[Math.min(Math.max(reviewingAt.current, 0), rows.length - 1)]?.unit;
            const name = s.units.find((u) => u.unit === unit)?.unitName;
            setReviewing(null);
            requestAnimationFrame(() =>
              (name !== undefined ? document.querySelector<HTMLElement>(`button[aria-label="${CSS.escape(`查看${name}的报送详情`)}"]`) : document.querySelector<HTMLElement>('.review-filter input:checked'))?.focus(),
            );
          }}
          actions={actions}
          {...(onOpenEntry ? { onEnter: onOpenEntry } : {})}
        />
      )}
      {approving && (
        <ApproveDialog
          period={period}
          units={approving}
          onSettled={(approved, refused) => {
            setChosen((c) => c.filter((code) => !approved.some((u) => u.unit === code)));
            // The dialog stays open to say what was refused (it keeps the keyboard until closed); the overview is read again.
            if (refused > 0) {
              if (approved.length > 0 && !approvedPlace.current) approvedPlace.current = placeOf(approved[0]!, null);
              return void reload();
            }
            setApproving(null);
            reviewed(approved[0]!);
          }}
          onClose={() => {
            setApproving(null);
            // Closed after saying what was refused: the keyboard goes back to the queue, where the first approved was.
            if (approvedPlace.current) setFocusAfter(approvedPlace.current);
            approvedPlace.current = null;
          }}
        />
      )}
      {returning && (
        <ReturnDialog
          period={period}
          unit={returning}
          onClose={() => setReturning(null)}
          onReturned={() => {
            setReturning(null);
            reviewed(returning);
          }}
        />
      )}
    </Card>
  );
}
