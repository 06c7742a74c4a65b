import { Alert, App as AntApp, Button, Card, Form, Input, Modal, Radio, Space, Table, Tag, Typography } from 'antd';
import { ProblemText } from '../common/ReportParts';
import { NumberBox } from '../common/NumberBox';
import { useEffect, useRef, useState } from 'react';
import { DEFAULT_DEMANDS, dueOnAllowed, NOTICE_DAYS, NOTICE_STATE_LABELS, notHeldText, NUMBERS_UNSURE, refusedFileText } from '../../shared/notice';
import { addDays } from '../../shared/period';
import type { NoticeCandidate, NoticeView } from '../../shared/views';
import { api } from '../api/client';
import { ConfirmButton } from '../common/ConfirmButton';
import { useDraftText } from '../common/draft-text';
import { focusOnMount, useFocusReturn } from '../common/focus';
import { ErrorNote } from '../common/ErrorNote';
import { ExportMenu } from '../common/ExportButton';
import { errorText } from '../common/errors';
import { DayPicker } from '../common/DayPicker';
import { formatChineseDate } from '../common/format';
import { PrintButton } from '../common/PrintPreview';
import { useCall } from '../common/useCall';

const keyOf = (c: NoticeCandidate): string => `${c.reason}/${c.unit}/${c.reason === 'lagging' ? c.tasks[0]!.no : ''}`;

const tasksText = (tasks: readonly { no: number; title: string }[]): string =>
  tasks.length === 1 ? `第 ${tasks[0]!.no} 项 ${tasks[0]!.title}` : `第 ${tasks.map((t) => t.no).join('、')} 项（共 ${tasks.length} 项）`;

/** A day picked in a dialog (办理时限, 反馈日期): shown as 2021年10月18日, never empty, only the days `allowed`. */
function DayField({
  label,
  value,
  allowed,
  notAllowed,
  onChange,
  onInvalid,
}: {
  label: string;
  value: string;
  allowed: (iso: string) => boolean;
  notAllowed: string;
  onChange: (iso: string) => void;
  onInvalid: (invalid: boolean) => void;
}) {
  return (
    <Form.Item label={label} required>
      <DayPicker
        label={label}
        style={{ width: 180 }}
        value={value}
        allowed={allowed}
        notAllowed={notAllowed}
        onInvalid={onInvalid}
        onChange={(d) => {
          if (d) onChange(d);
        }}
      />
    </Form.Item>
  );
}

const STATE_COLORS = { pending: 'processing', overdue: 'error', answered: 'success', voided: 'default' } as const;

/** 签发: the 办理时限 and 督办要求 of the notices picked, the defaults offered. */
function IssueDialog({
  period,
  picked,
  today,
  beforeDeadline,
  onClose,
  onIssued,
  onRefused,
}: {
  period: string;
  picked: NoticeCandidate[];
  today: string;
  /** The period's deadline not passed yet: the units may still update what they reported. */
  beforeDeadline: string | null;
  onClose: () => void;
  onIssued: (n: NoticeView[]) => void;
  onRefused: () => void;
}) {
  const { message } = AntApp.useApp();
  useFocusReturn();
  const [due, setDue] = useState(addDays(today, NOTICE_DAYS));
  // A day typed in 办理时限 and refused: 签发 waits (it would go ahead with the day before).
  const [badDay, setBadDay] = useState(false);
  const [demand, setDemand] = useState<Record<'lagging' | 'missing', string>>({ ...DEFAULT_DEMANDS });
  const [busy, setBusy] = useState(false);
  const kinds = (['lagging', 'missing'] as const).filter((k) => picked.some((c) => c.reason === k));
  const empty = kinds.some((k) => demand[k].trim() === '');
  const issue = async (): Promise<void> => {
    setBusy(true);
    const r = await api('notices.issue', {
      period,
      items: picked.map((c) => (c.reason === 'lagging' ? { unit: c.unit, task: c.tasks[0]!.no } : { unit: c.unit })),
      dueOn: due,
      demand: Object.fromEntries(kinds.map((k) => [k, demand[k]])),
    });
    setBusy(false);
    if (!r.ok) {
      // Something changed meanwhile (issued elsewhere, a report updated): the list is read again.
      message.error(errorText(r.error));
      onRefused();
      return;
    }
    onIssued(r.value);
  };
  return (
    <Modal
      open
      title={`签发督办单（${picked.length} 份）`}
      okText="签发"
      cancelText="取消"
      onOk={() => void issue()}
      onCancel={onClose}
      confirmLoading={busy}
      okButtonProps={{ disabled: empty || badDay }}
      width={640}
    >
      {/* The keyboard starts on what is being issued (read first), not on the dialog's close button. */}
      <div ref={focusOnMount} tabIndex={-1} role="group" className="focus-target notice-matters" aria-label={`督办事项（${picked.length} 项）`}>
        <ol>
          {picked.map((c) => (
            <li key={keyOf(c)}>
              {c.unitName}：{c.reason === 'lagging' ? `${tasksText(c.tasks)}（进度滞后）` : `逾期未报送（${c.tasks.length} 项任务未报）`}
            </li>
          ))}
        </ol>
      </div>
      <Typography.Paragraph type="secondary">签发后按年度顺序编号（编号不再变更），以今天为签发日期；再次打印时内容与签发时相同。</Typography.Paragraph>
      {beforeDeadline && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={`本期报送截止日期（${formatChineseDate(beforeDeadline)}）尚未到，单位仍可更新填报内容。`} />}
      <Form layout="vertical">
        <DayField label="办理时限" value={due} allowed={(d) => dueOnAllowed(today, d)} notAllowed="办理时限须在今天之后的一年以内" onChange={setDue} onInvalid={setBadDay} />
        {kinds.map((k) => (
          <Form.Item
            key={k}
            label={k === 'lagging' ? '督办要求（进度滞后）' : '督办要求（逾期未报送）'}
            required
            validateStatus={demand[k].trim() === '' ? 'error' : undefined}
            help={demand[k].trim() === '' ? '督办要求不能为空' : undefined}
          >
            <Input.TextArea
              aria-label={k === 'lagging' ? '督办要求（进度滞后）' : '督办要求（逾期未报送）'}
              value={demand[k]}
              count={{ show: true, max: 500 }}
              autoSize={{ minRows: 2, maxRows: 5 }}
              onChange={(e) => setDemand({ ...demand, [k]: e.target.value })}
            />
          </Form.Item>
        ))}
      </Form>
    </Modal>
  );
}

/**
 * After a restore that could not read the database it replaced: the bureau says the highest number of the year sent on
 * paper (its 督办台账), and 签发 numbers above it.
 */
function NumbersUnsure({ year, onDone }: { year: number; onDone: () => void }) {
  const { message } = AntApp.useApp();
  const [seq, setSeq] = useState<number | null>(null);
  // Text typed that is not a number: said, and nothing taken.
  const [unreadable, setUnreadable] = useState<string | null>(null);
  const save = async (): Promise<void> => {
    if (seq === null || unreadable !== null) return;
    const r = await api('notices.useUpTo', { year, seq });
    if (!r.ok) return void message.error(errorText(r.error));
    message.success(seq === 0 ? `已核定：${year}年尚未签发督办单` : `已核定：${year}年督办单已用到第 ${seq} 号，下一份为第 ${r.value.next} 号`);
    onDone();
  };
  return (
    <Alert
      className="notices-unsure"
      type="error"
      showIcon
      title={NUMBERS_UNSURE}
      description={
        <Space wrap>
          <span>{`${year}年已用到第`}</span>
          <NumberBox aria-label={`${year}年督办单已用到的最大编号`} status={unreadable ? 'error' : undefined} value={seq} onChange={setSeq} onUnreadable={setUnreadable} onPressEnter={() => void save()} style={{ width: 100 }} />
          <span>号（本年尚未签发的，填 0）</span>
          <Button type="primary" disabled={seq === null || unreadable !== null} onClick={() => void save()}>
            确定
          </Button>
          {unreadable && <Typography.Text type="danger">{unreadable}</Typography.Text>}
        </Space>
      }
    />
  );
}

/** 登记反馈: the day the unit's written answer came, and a note. */
function AnswerDialog({ notice, today, onClose, onDone }: { notice: NoticeView; today: string; onClose: () => void; onDone: () => void }) {
  const { message } = AntApp.useApp();
  useFocusReturn();
  const [on, setOn] = useState(today);
  // A day typed in 反馈日期 and refused: 登记 waits.
  const [badDay, setBadDay] = useState(false);
  const [note, setNote, noteSent] = useDraftText(`answer:${notice.id}`);
  const [busy, setBusy] = useState(false);
  const save = async (): Promise<void> => {
    setBusy(true);
    const r = await api('notices.answer', { id: notice.id, on, note });
    setBusy(false);
    if (!r.ok) {
      message.error(errorText(r.error));
      return;
    }
    message.success(`已登记反馈：${notice.number}`);
    noteSent();
    onDone();
  };
  return (
    <Modal open title={`登记反馈：${notice.number}`} okText="登记" okButtonProps={{ disabled: badDay }} cancelText="取消" onOk={() => void save()} onCancel={onClose} confirmLoading={busy}>
      <Typography.Paragraph type="secondary">{`${notice.unitName}：${notice.matter}`}</Typography.Paragraph>
      <Form layout="vertical">
        <DayField label="反馈日期" value={on} allowed={(d) => d <= today && d >= notice.issuedOn} notAllowed="反馈日期须在签发之日到今天之间" onChange={setOn} onInvalid={setBadDay} />
        <Form.Item label="反馈说明">
          <Input.TextArea autoFocus aria-label="反馈说明" value={note} count={{ show: true, max: 500 }} placeholder="如：书面整改报告已收到" autoSize={{ minRows: 2, maxRows: 4 }} onChange={(e) => setNote(e.target.value)} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 作废: the reason asked for; the number stays used. */
function VoidDialog({ notice, onClose, onDone }: { notice: NoticeView; onClose: () => void; onDone: () => void }) {
  const { message } = AntApp.useApp();
  useFocusReturn();
  const [reason, setReason, reasonSent] = useDraftText(`void:${notice.id}`);
  const [busy, setBusy] = useState(false);
  const save = async (): Promise<void> => {
    setBusy(true);
    const r = await api('notices.void', { id: notice.id, reason });
    setBusy(false);
    if (!r.ok) {
      message.error(errorText(r.error));
      return;
    }
    message.success(`已作废：${notice.number}`);
    reasonSent();
    onDone();
  };
  return (
    <Modal open title={`作废：${notice.number}`} okText="作废" okButtonProps={{ danger: true, disabled: reason.trim() === '' }} cancelText="取消" onOk={() => void save()} onCancel={onClose} confirmLoading={busy}>
      <Typography.Paragraph type="secondary">{`${notice.unitName}：${notice.matter}。作废后此编号不再使用，该事项可以重新签发。`}</Typography.Paragraph>
      <Form layout="vertical">
        <Form.Item label="作废原因" required>
          <Input.TextArea autoFocus aria-label="作废原因" value={reason} count={{ show: true, max: 500 }} placeholder="如：事项选错、督办要求有误需重新签发" autoSize={{ minRows: 2, maxRows: 4 }} onChange={(e) => setReason(e.target.value)} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/**
 * 督办管理: pick the lagging matters of the period to send a 督办单 for, issue them (签发: numbered, dated, with the
 * 办理时限 and 督办要求 as worded here), print them, and follow them up in the 督办台账.
 */
export function NoticesPage({ period, today: startedOn }: { period: string; today: string }) {
  const { message } = AntApp.useApp();
  // Today as the core has it when a dialog opens (an app left open overnight is not a day behind): the dialogs'
  // default dates and the days they allow.
  const [today, setToday] = useState(startedOn);
  const fresh = async (then: () => void): Promise<void> => {
    const r = await api('app.info', {});
    if (r.ok) setToday(r.value.today);
    then();
  };
  const candidates = useCall('notices.candidates', { period });
  const [all, setAll] = useState(false);
  const ledger = useCall('notices.list', all ? {} : { period });
  // Numbers issued before a backup was restored and not held now: said, and never issued again.
  const notHeld = useCall('notices.notHeld', {});
  const [selected, setSelected] = useState<string[]>([]);
  const [issuing, setIssuing] = useState(false);
  const [issued, setIssued] = useState<NoticeView[] | null>(null);
  // Once issued, the keyboard goes to what was issued (its print and set-up file buttons).
  const issuedNote = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (issued) issuedNote.current?.focus();
  }, [issued]);
  const [answering, setAnswering] = useState<NoticeView | null>(null);
  const [voiding, setVoiding] = useState<NoticeView | null>(null);
  const periodView = useCall('periods.get', { period });
  const rows = candidates.data ?? [];
  const picked = rows.filter((c) => selected.includes(keyOf(c)) && !c.issued);
  const open = rows.filter((c) => !c.issued).length;

  const reload = (): void => {
    candidates.reload();
    ledger.reload();
    notHeld.reload();
  };
  // After a step on a notice of the ledger (登记反馈, 撤销反馈, 作废) its row is read again and its buttons change: the
  // keyboard goes to the row's first button once the new row is there (a voided row has none: the ledger itself).
  const ledgerBox = useRef<HTMLDivElement>(null);
  const [ledgerFocus, setLedgerFocus] = useState<{ id: string; before: unknown } | null>(null);
  useEffect(() => {
    if (!ledgerFocus || ledger.loading || ledger.data === ledgerFocus.before) return;
    const row = ledgerBox.current?.querySelector(`tr[data-row-key="${CSS.escape(ledgerFocus.id)}"]`);
    (row?.querySelector<HTMLElement>('button') ?? ledgerBox.current)?.focus();
    setLedgerFocus(null);
  }, [ledgerFocus, ledger.loading, ledger.data]);
  const afterStep = (n: NoticeView): void => setLedgerFocus({ id: n.id, before: ledger.data });
  const clearAnswer = async (n: NoticeView): Promise<void> => {
    const r = await api('notices.answer', { id: n.id, on: null });
    if (!r.ok) message.error(errorText(r.error));
    else message.success(`已撤销反馈：${n.number}`);
    afterStep(n);
    ledger.reload();
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {issued && (
        <div ref={issuedNote} tabIndex={-1} className="focus-target">
        <Alert
          type="success"
          showIcon
          closable={{
            onClose: () => {
              setIssued(null);
              // What was issued is in the ledger below: the keyboard goes there.
              ledgerBox.current?.focus();
            },
          }}
          title={`已签发 ${issued.length} 份督办单：${issued.length === 1 ? issued[0]!.number : `${issued[0]!.number} 至 ${issued[issued.length - 1]!.number}`}`}
          description="请打印后由领导签发、加盖公章，送达责任单位。使用本系统的单位导入区局的设置文件后，在填报界面看到督办单：发给各单位的设置文件只写督办事项和办理时限，全文在发给该单位的设置文件中。单位反馈后在下方督办台账中登记。"
          action={
            <Space orientation="vertical" size={4}>
              <PrintButton input={{ form: 'notice', period, notices: issued.map((n) => n.id) }} label="打印刚签发的督办单" />
              <ExportMenu
                label="导出发给该单位的设置文件"
                items={[...new Map(issued.map((n) => [n.unit, n.unitName])).entries()].map(([code, name]) => ({
                  key: code,
                  label: `发给${name}的设置文件（含督办单全文）`,
                  run: () => api('exchange.setupExport', { unit: code }),
                }))}
              />
            </Space>
          }
        />
        </div>
      )}
      {/* Before 签发: the numbers it will not take again, and where their notices are. */}
      {(notHeld.data?.years ?? []).map((y) => (
        <Alert key={y.year} className="notices-not-held" type="warning" showIcon title={notHeldText(y)} />
      ))}
      {notHeld.data?.unsureSince && <NumbersUnsure year={Number(today.slice(0, 4))} onDone={reload} />}
      <Card
        size="small"
        title={`待督办事项（${open} 项未签发）`}
        extra={
          <Space>
            <PrintButton input={{ form: 'notice', period, draft: true }} label="预览草稿" />
            <Button type="primary" disabled={picked.length === 0} onClick={() => void fresh(() => setIssuing(true))}>
              {`签发督办单${picked.length > 0 ? `（${picked.length} 份）` : ''}`}
            </Button>
          </Space>
        }
      >
        <Typography.Paragraph type="secondary">
          进度滞后的任务每项一份；截止日期后仍未报送的，每个单位一份（列明未报的全部任务）。勾选要督办的事项后签发。已停用的单位不发督办单。
        </Typography.Paragraph>
        {candidates.error && <ErrorNote error={candidates.error} />}
        <Table<NoticeCandidate>
          size="small"
          rowKey={keyOf}
          loading={candidates.loading}
          dataSource={rows}
          pagination={false}
          locale={{ emptyText: '本期没有进度滞后或逾期未报送的事项，无需督办' }}
          rowSelection={{
            selectedRowKeys: selected,
            onChange: (keys) => setSelected(keys.map(String)),
            getCheckboxProps: (c) => ({ disabled: c.issued !== null, 'aria-label': `选择：${c.unitName} ${tasksText(c.tasks)}` }),
            getTitleCheckboxProps: () => ({ 'aria-label': '全选未签发的督办事项' }),
          }}
          columns={[
            {
              title: '情况',
              width: 110,
              render: (_, c) =>
                c.reason === 'lagging' ? (
                  <Tag color="error">进度滞后</Tag>
                ) : (
                  <Space orientation="vertical" size={2}>
                    <Tag color="warning">逾期未报</Tag>
                    {/* It may have sent on time: its file was refused. Said before a notice goes out for it. */}
                    {c.refusedFile && (
                      <Typography.Text type="danger" style={{ fontSize: 12 }} data-testid={`refused-${c.unit}`}>
                        {`${refusedFileText(c.refusedFile.at)}，见报送详情`}
                      </Typography.Text>
                    )}
                  </Space>
                ),
            },
            { title: '责任单位', width: 180, render: (_, c) => c.unitName },
            {
              title: '督办事项',
              render: (_, c) => (
                <Space size={4} wrap>
                  <span>{tasksText(c.tasks)}</span>
                  {c.streak >= 2 && <Tag color="red">{`连续 ${c.streak} 期滞后`}</Tag>}
                </Space>
              ),
            },
            { title: '存在问题', render: (_, c) => (c.reason === 'lagging' ? <ProblemText text={c.problems || '（未说明）'} /> : '—') },
            { title: '督办单', width: 200, render: (_, c) => (c.issued ? c.issued.number : <Typography.Text type="secondary">未签发</Typography.Text>) },
          ]}
        />
        {/* 签发 again after the matters ticked, where the keyboard is once they are (the one above is before them). */}
        {picked.length > 0 && (
          <div style={{ marginTop: 8, textAlign: 'right' }}>
            <Button type="primary" onClick={() => void fresh(() => setIssuing(true))}>{`签发所选督办单（${picked.length} 份）`}</Button>
          </div>
        )}
      </Card>
      <Card
        size="small"
        title="督办台账"
        extra={
          <Space>
            {/* Both choices named (a switch shows only the one it is on, and reads as off). */}
            {/* A group of two choices: one Tab stop, the arrow keys choose (antd's Segmented took two stops). */}
            <Radio.Group
              aria-label="督办台账的范围"
              optionType="button"
              size="small"
              value={all ? 'all' : 'period'}
              onChange={(e) => setAll(e.target.value === 'all')}
              options={[
                { label: '本期', value: 'period' },
                { label: '全部周期', value: 'all' },
              ]}
            />
            <PrintButton input={{ form: 'notice', period }} label="打印本期督办单" />
          </Space>
        }
      >
        {ledger.error && <ErrorNote error={ledger.error} />}
        <div ref={ledgerBox} tabIndex={-1} role="group" className="focus-target" aria-label="督办台账">
        <Table<NoticeView>
          size="small"
          rowKey="id"
          loading={ledger.loading}
          dataSource={ledger.data ?? []}
          pagination={false}
          // A laptop at 125%: scrolled sideways rather than 督办事项 squeezed to a few characters a line and dates broken.
          scroll={{ x: 1240 }}
          locale={{ emptyText: all ? '还没有签发督办单' : '本期还没有签发督办单' }}
          columns={[
            { title: '文号', width: 170, render: (_, n) => n.number },
            ...(all ? [{ title: '周期', width: 120, render: (_: unknown, n: NoticeView) => n.periodLabel }] : []),
            { title: '责任单位', width: 150, render: (_, n) => n.unitName },
            {
              title: '督办事项',
              render: (_, n) => (
                <Space size={4} wrap>
                  {n.reason === 'lagging' ? <Tag color="error">进度滞后</Tag> : <Tag color="warning">逾期未报</Tag>}
                  <span>{tasksText(n.tasks)}</span>
                </Space>
              ),
            },
            {
              title: '签发日期 / 办理时限',
              width: 160,
              render: (_, n) => (
                <Space orientation="vertical" size={0}>
                  <span>{formatChineseDate(n.issuedOn)}</span>
                  <Typography.Text type="secondary">{`${formatChineseDate(n.dueOn)}前`}</Typography.Text>
                </Space>
              ),
            },
            {
              title: '反馈',
              width: 150,
              render: (_, n) => (
                <Space orientation="vertical" size={0}>
                  <Tag color={STATE_COLORS[n.state]}>{NOTICE_STATE_LABELS[n.state]}</Tag>
                  {n.answeredOn && <span>{formatChineseDate(n.answeredOn)}</span>}
                  {n.answerNote && <Typography.Text type="secondary">{n.answerNote}</Typography.Text>}
                  {n.voidedOn && <span>{formatChineseDate(n.voidedOn)}</span>}
                  {n.voidReason && <Typography.Text type="secondary">{n.voidReason}</Typography.Text>}
                </Space>
              ),
            },
            { title: '现状', width: 130, render: (_, n) => (n.state === 'voided' ? '—' : (
                <Space orientation="vertical" size={2}>
                  <Tag color={n.settled ? 'success' : 'default'}>{n.now}</Tag>
                  {n.deadlineMoved ? <Typography.Text type="secondary">{`截止日期已改为${formatChineseDate(n.deadlineMoved)}`}</Typography.Text> : null}
                </Space>
              )) },
            {
              title: '操作',
              width: 230,
              render: (_, n) =>
                n.state === 'voided' ? null : (
                <Space size={4}>
                  {n.answeredOn ? (
                    <ConfirmButton title={`撤销 ${n.number} 的反馈登记？`} okText="撤销" onConfirm={() => void clearAnswer(n)} size="small" aria-label={`撤销反馈：${n.number}`}>
                      撤销反馈
                    </ConfirmButton>
                  ) : (
                    <Button size="small" aria-label={`登记反馈：${n.number}`} onClick={() => void fresh(() => setAnswering(n))}>
                      登记反馈
                    </Button>
                  )}
                  <PrintButton size="small" input={{ form: 'notice', period: n.period, notices: [n.id] }} name={`打印：${n.number}`} />
                  {!n.answeredOn && (
                    <Button size="small" danger aria-label={`作废：${n.number}`} onClick={() => setVoiding(n)}>
                      作废
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
        </div>
      </Card>
      {issuing && (
        <IssueDialog
          period={period}
          picked={picked}
          today={today}
          beforeDeadline={periodView.data && periodView.data.daysLeft >= 0 ? periodView.data.deadline : null}
          onClose={() => setIssuing(false)}
          onRefused={reload}
          onIssued={(n) => {
            setIssuing(false);
            setSelected([]);
            setIssued(n);
            reload();
          }}
        />
      )}
      {voiding && (
        <VoidDialog
          notice={voiding}
          onClose={() => setVoiding(null)}
          onDone={() => {
            afterStep(voiding);
            setVoiding(null);
            reload();
          }}
        />
      )}
      {answering && (
        <AnswerDialog
          notice={answering}
          today={today}
          onClose={() => setAnswering(null)}
          onDone={() => {
            afterStep(answering);
            setAnswering(null);
            ledger.reload();
          }}
        />
      )}
    </Space>
  );
}
