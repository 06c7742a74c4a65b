import { Alert, App as AntApp, Button, Card, Collapse, Divider, Drawer, Form, Input, Radio, Space } from 'antd';
import { NumberBox } from '../common/NumberBox';
import { useEffect, useMemo, useRef, useState } from 'react';
import { STATUSES, LIMITS, phoneLooksOff, statusPercentMismatch, type IndicatorValue, type Report, type ReportFields } from '../../shared/report';
import type { MissingEvidence } from '../../shared/api/exchange';
import type { MyTaskView, TaskView } from '../../shared/views';
import { MissingEvidenceLine } from '../common/EvidenceList';
import { ErrorNote } from '../common/ErrorNote';
import { formatChineseDateTime } from '../common/format';
import { ReportHistory } from '../common/ReportHistory';
import { RoleTag } from '../common/ReportParts';
import { api } from '../api/client';
import { errorText } from '../common/errors';
import { clearDraft, loadDraft, takeOverDrafts } from './draft';
import { EvidenceBox } from './EvidenceBox';
import { fieldIssues, fieldsOf, sameFields } from './fields';
import { TaskText } from '../common/TaskText';
import { IndicatorField } from './IndicatorField';
import { asOneLine, withoutInvisible } from '../../shared/text';
import { SaveStateTag } from './SaveStateTag';
import { useAutosave, type SaveState } from './useAutosave';
import { refocusIfLost } from '../common/focus';

interface Props {
  unit: string;
  period: string;
  task: TaskView;
  mine: MyTaskView;
  /** The period is closed: everything shown, nothing editable (a local draft is not brought back). */
  readOnly?: boolean;
  onSaved: (r: Report) => void;
  /** Hands the parent a way to save what is pending at once (before an export). */
  registerFlush?: (flush: (() => Promise<void>) | null) => void;
  /** Raised each time a banner's 转到第 N 项 brings this task up: the keyboard goes to the form's title (`onJumped` then). */
  jump?: number;
  onJumped?: () => void;
  /** 代为填报: the unit's name (its 修改记录 says whose it is). */
  unitName?: string;
  /** 代为填报: the evidence files the unit's file listed without bringing them (named above its evidence box). */
  missingEvidence?: readonly MissingEvidence[];
  /** How those stop being counted missing (missingHint). */
  missingHint?: string;
}

/**
 * The count as the core and the import make it (a character outside the BMP is one). Not a maxLength: the browser
 * would cut a long paste off without a word; a text over the limit is said under the field and not saved.
 */
const TEXT_COUNT = { show: true, max: LIMITS.text, strategy: (t: string) => [...t].length };

/**
 * The start: the saved report, or a newer local draft left by a crash or a closed window. A draft typed over another
 * version than the one held now (saved meanwhile in another window, or imported) is not saved over it unasked:
 * `conflict`, from the version it was typed over (`base`).
 */
function startingPoint(p: Props): { fields: ReportFields; state: SaveState; restored: boolean; chosen: boolean; base: number } {
  const saved = fieldsOf(p.mine.report);
  const held = p.mine.report?.version ?? 0;
  const draft = p.readOnly ? null : loadDraft(p.unit, p.period, p.task.no);
  if (draft && !sameFields(draft.fields, saved) && draft.base !== undefined && draft.base !== held) {
    return { fields: draft.fields, state: 'conflict', restored: true, chosen: true, base: draft.base };
  }
  if (draft && !sameFields(draft.fields, saved) && (!p.mine.report || draft.at > p.mine.report.updatedAt)) {
    return { fields: draft.fields, state: 'dirty', restored: true, chosen: p.mine.report !== null || (draft.chosen ?? true), base: held };
  }
  return { fields: saved, state: p.mine.report ? 'saved' : 'empty', restored: false, chosen: p.mine.report !== null, base: held };
}

/**
 * One task's report. Shown afresh (`reload`) with the newest content when it was saved elsewhere: on the user's
 * choice after a save was refused over it, or by itself when the window comes back to the front with nothing unsaved.
 */
export function TaskForm(props: Props) {
  const { message } = AntApp.useApp();
  const [fresh, setFresh] = useState<{ n: number; mine: MyTaskView; focus: boolean } | null>(null);
  // `discard`: this window's edit given up (载入最新内容); not when it had nothing unsaved (another window's draft stays).
  // `fetched`: the newest, read already; `still`: whether to go on once it is read (nothing typed meanwhile).
  const reload = async (discard: boolean, fetched?: MyTaskView, still: () => boolean = () => true): Promise<boolean> => {
    let mine = fetched;
    if (!mine) {
      const r = await api('reports.forUnit', { unit: props.unit, period: props.period });
      mine = r.ok ? r.value.tasks.find((t) => t.task === props.task.no) : undefined;
      if (!r.ok || !mine) {
        message.error(r.ok ? '未能载入最新内容' : errorText(r.error));
        return false;
      }
    }
    if (!still()) return false;
    if (discard) clearDraft(props.unit, props.period, props.task.no);
    // Loaded at the user's word (载入最新内容): the keyboard goes to the form's title (the button pressed is gone).
    setFresh((f) => ({ n: (f?.n ?? 0) + 1, mine, focus: discard }));
    if (mine.report) props.onSaved(mine.report);
    return true;
  };
  return <TaskFormBody key={fresh?.n ?? 0} {...props} mine={fresh?.mine ?? props.mine} reload={reload} jump={fresh?.focus ? fresh.n : props.jump} />;
}

/** One task's report: every field, checked as typed, saved automatically. */
function TaskFormBody(props: Props & { reload: (discard: boolean, fetched?: MyTaskView, still?: () => boolean) => Promise<boolean> }) {
  const { unit, period, task, mine } = props;
  const ro = props.readOnly ?? false;
  const { message } = AntApp.useApp();
  const start = useMemo(() => startingPoint(props), []);
  // A closed period shows what was saved; edits typed before it closed and never saved stay on this computer, and are said.
  const unsavedDraft = useMemo(() => {
    if (!props.readOnly) return null;
    const d = loadDraft(unit, period, task.no);
    return d && !sameFields(d.fields, fieldsOf(mine.report)) ? d : null;
  }, []);
  const [fields, setFields] = useState<ReportFields>(start.fields);
  const [report, setReport] = useState<Report | null>(mine.report);
  const [historyOpen, setHistoryOpen] = useState(false);
  // A task never filled in has no status until the clerk picks one (未启动 included): nothing is saved as
  // 未启动 for them, and picking 未启动 is a choice that is saved like any other.
  const [chosen, setChosen] = useState(start.chosen);
  const chosenRef = useRef(chosen);
  chosenRef.current = chosen;
  // Number fields holding text that is not a number (六十, 1/2), by field: said there, and nothing saved meanwhile (the
  // value held stays as it was; a draft keeps it too).
  const [unreadable, setUnreadable] = useState<Record<string, string>>({});
  const unreadableRef = useRef(unreadable);
  const issues: Record<string, string> = { ...fieldIssues(fields, task.indicators), ...unreadable, ...(chosen ? {} : { status: '请选择进展状态' }) };
  const autosave = useAutosave({
    unit,
    period,
    task: task.no,
    initialState: start.state,
    baseVersion: start.base,
    isValid: (f) => chosenRef.current && Object.keys(unreadableRef.current).length === 0 && Object.keys(fieldIssues(f, task.indicators)).length === 0,
    onSaved: (r) => {
      setReport(r);
      props.onSaved(r);
    },
  });

  useEffect(() => {
    if (start.restored) {
      message.info({ key: `draft-${period}-${task.no}`, content: '已恢复上次未保存的内容' });
      // Kept as this window's own from now on (another window's left by a crash or a closed tab included).
      takeOverDrafts(unit, period, task.no);
      autosave.change(start.fields, start.chosen);
    }
  }, []);

  // Back to this window with nothing unsaved: content saved meanwhile elsewhere (another window, an import) is shown,
  // so what is seen is what an export will hold.
  const stateRef = useRef(autosave.state);
  stateRef.current = autosave.state;
  const reportRef = useRef(report);
  reportRef.current = report;
  // Evidence files being added or removed from this window: a version they make is this window's own.
  const ownWrites = useRef(0);
  const reload = props.reload;
  useEffect(() => {
    if (ro) return;
    const clean = (): boolean => stateRef.current === 'saved' || stateRef.current === 'empty';
    const check = async (): Promise<void> => {
      if (document.visibilityState !== 'visible' || !clean() || ownWrites.current > 0) return;
      const r = await api('reports.forUnit', { unit, period });
      const mineNow = r.ok ? r.value.tasks.find((t) => t.task === task.no) : undefined;
      const now = mineNow?.report;
      // Typed into meanwhile, or a version this window made itself (an evidence file added as the file picker closed and
      // brought the window back: its version may come back before the add's answer): nothing to show afresh.
      if (!mineNow || !now || now.version <= (reportRef.current?.version ?? 0) || ownWrites.current > 0 || !clean()) return;
      if (await reload(false, mineNow, clean)) message.info({ key: `fresh-${period}-${task.no}`, content: `第 ${task.no} 项任务已在别处修改（第 ${now.version} 次保存），已显示最新内容` });
    };
    const onVisible = (): void => void check();
    window.addEventListener('focus', onVisible);
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      window.removeEventListener('focus', onVisible);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [ro, unit, period, task.no, reload, message]);

  useEffect(() => {
    props.registerFlush?.(autosave.flush);
    return () => props.registerFlush?.(null);
  }, [autosave.flush]);

  // Brought up from a banner (转到第 N 项): the keyboard follows, to the task's title (a click in the list keeps it there).
  const title = useRef<HTMLSpanElement>(null);
  const onJumped = props.onJumped;
  useEffect(() => {
    if (!props.jump) return;
    title.current?.focus();
    // Done: a later redraw of the form (沿用上期) leaves the keyboard where it is.
    onJumped?.();
  }, [props.jump, onJumped]);

  // Saved over the other version (以此处的内容保存): its alert and button are gone; the keyboard goes to the title.
  const wasInConflict = useRef(autosave.inConflict);
  useEffect(() => {
    if (wasInConflict.current && !autosave.inConflict) refocusIfLost(() => title.current);
    wasInConflict.current = autosave.inConflict;
  }, [autosave.inConflict]);

  // Ctrl+S saves at once (and never opens the browser's "save page").
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
        e.preventDefault();
        void autosave.flush();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [autosave]);

  const set = <K extends keyof ReportFields>(k: K, v: ReportFields[K]): void => {
    if (ro) return;
    const next = { ...fields, [k]: v };
    setFields(next);
    autosave.change(next, chosenRef.current);
  };
  const setIndicator = (id: string, v: IndicatorValue): void => set('indicators', { ...fields.indicators, [id]: v });
  const unread = (key: string) => (said: string | null): void => {
    if ((unreadableRef.current[key] ?? null) === said) return;
    const next = Object.fromEntries([...Object.entries(unreadableRef.current).filter(([k]) => k !== key), ...(said === null ? [] : [[key, said]])]) as Record<string, string>;
    unreadableRef.current = next;
    setUnreadable(next);
    // Said as not saved (or saved again once it reads).
    autosave.change(fields, chosenRef.current);
  };
  // An untouched empty task shows no error yet, only the fields it will need (and text that is not a number).
  const shown: Record<string, string | undefined> = autosave.state === 'empty' ? unreadable : issues;
  const status = (k: string) => (shown[k] ? ('error' as const) : undefined);
  // A field's message is tied to its control, so a screen reader says it with the field.
  const helpOf = (k: string) => (shown[k] ? <span id={`f-${k}-help`}>{shown[k]}</span> : undefined);
  const invalid = (k: string) => (shown[k] ? { 'aria-invalid': true, 'aria-describedby': `f-${k}-help` } : {});
  const mismatch = ro ? null : statusPercentMismatch(fields.status, fields.percent);

  return (
    <Card
      className={props.readOnly ? 'task-card read-only' : 'task-card'}
      title={
        <Space wrap>
          <span ref={title} tabIndex={-1} className="focus-target" data-testid="task-form-title">
            {task.no}. {task.title}
          </span>
          <RoleTag role={mine.role} />
        </Space>
      }
      extra={
        <Space>
          {report && (
            <Button size="small" onClick={() => setHistoryOpen(true)}>
              修改记录
            </Button>
          )}
          <SaveStateTag state={autosave.state} error={autosave.error} />
        </Space>
      }
    >
      <Drawer open={historyOpen} onClose={() => setHistoryOpen(false)} title={`${props.unitName ? `${props.unitName} · ` : ''}第 ${task.no} 项任务的修改记录`} size="large">
        {historyOpen && (report || autosave.state === 'conflict') && (
          <ReportHistory
            key={report?.version ?? 0}
            unit={unit}
            period={period}
            task={task.no}
            indicators={task.indicators}
            {...(ro
              ? {}
              : {
                  // An earlier version taken back: into the form, saved as a new version like any edit.
                  onRestore: (restored: ReportFields, version: number) => {
                    chosenRef.current = true;
                    setChosen(true);
                    setFields(restored);
                    autosave.change(restored, true);
                    setHistoryOpen(false);
                    message.info({
                      key: `restored-${period}-${task.no}`,
                      content: autosave.inConflict
                        ? `已填入第 ${version} 次保存的内容；此项已在别处修改，请点“以此处的内容保存”保存（佐证材料不随之改变）`
                        : `已填入第 ${version} 次保存的内容，将自动保存为新的一次保存（佐证材料不随之改变）`,
                    });
                  },
                })}
          />
        )}
      </Drawer>
      {/* Why a save failed, as text (not only in the tag's tooltip, which the keyboard does not reach): the clerk acts on it. */}
      {autosave.state === 'error' && autosave.error && (
        <Alert type="error" showIcon className="save-failed" style={{ marginBottom: 12 }} title={`保存失败：${errorText(autosave.error)}`} description="已输入的内容暂存在本机，修改后会自动重试" />
      )}
      <Collapse
        size="small"
        items={[
          {
            key: 'body',
            label: '任务内容与责任单位',
            children: <TaskText task={task} />,
          },
        ]}
        style={{ marginBottom: 16 }}
      />
      {unsavedDraft && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title="本机还有此任务未保存的修改"
          description={`这些修改（最后编辑于 ${formatChineseDateTime(unsavedDraft.at)}）在本期关闭前没有保存，不在导出的文件中，也无法再保存；修改内容仍保留在本机。如需补报，请与区局联系，由区局重新开放本期。`}
        />
      )}
      {autosave.error && autosave.state === 'error' && <ErrorNote error={autosave.error} title="保存失败，已输入的内容暂存在本机，修改后会自动重试" />}
      {autosave.inConflict && (
        <Alert
          type="warning"
          showIcon
          role="alert"
          data-testid="save-conflict"
          style={{ marginBottom: 16 }}
          title="此项任务已在别处修改，此处的修改尚未保存"
          description={
            <>
              <div>
                {autosave.error?.code === 'conflict'
                  ? autosave.error.message
                  : `此处的内容${start.base === 0 ? '是在此项任务还没有保存过时填写的' : `是在第 ${start.base} 次保存的基础上编辑的`}（暂存在本机），此后又有新的保存，可能是在另一个窗口中修改，或导入了新的报送文件。`}
              </div>
              <div>载入最新内容会放弃此处的修改；以此处的内容保存会替换最新内容（被替换的内容仍在修改记录中）。</div>
              <Space wrap style={{ marginTop: 8 }}>
                <Button size="small" onClick={() => setHistoryOpen(true)}>
                  查看修改记录
                </Button>
                <Button size="small" onClick={() => void props.reload(true)}>
                  载入最新内容
                </Button>
                <Button size="small" danger onClick={() => void autosave.overwrite()}>
                  以此处的内容保存
                </Button>
              </Space>
            </>
          }
        />
      )}
      {/* Read-only, not disabled: a closed period's texts stay reachable by Tab, scrollable and copyable. */}
      <Form layout="vertical" component="div">
        <Form.Item label="进展状态" required validateStatus={status('status')} help={helpOf('status')}>
          <Radio.Group
            aria-label="进展状态"
            disabled={ro}
            {...invalid('status')}
            value={chosen ? fields.status : undefined}
            onChange={(e) => {
              chosenRef.current = true;
              setChosen(true);
              set('status', e.target.value as ReportFields['status']);
            }}
            optionType="button"
            buttonStyle="solid"
            options={STATUSES.map((s) => ({ value: s, label: s }))}
          />
        </Form.Item>
        {/* A status and a percentage that disagree: asked about (a warning; saved as typed). */}
        <Form.Item
          label="完成比例"
          htmlFor="f-percent"
          validateStatus={status('percent') ?? (mismatch ? 'warning' : undefined)}
          help={helpOf('percent') ?? (mismatch ? <span data-testid="percent-mismatch">{mismatch}</span> : undefined)}
        >
          {/* Kept as typed (no clamping or rounding): 150 or 18.6 gets the field's message, never a silent change. */}
          <NumberBox id="f-percent" readOnly={ro} {...invalid('percent')} suffix="%" value={fields.percent} onChange={(v) => set('percent', v)} onUnreadable={unread('percent')} style={{ width: 160 }} placeholder="0–100" />
        </Form.Item>
        <Form.Item label="工作进展" htmlFor="f-progress" validateStatus={status('progress')} help={helpOf('progress')}>
          <Input.TextArea id="f-progress" readOnly={ro} {...invalid('progress')} autoSize={{ minRows: 3, maxRows: 12 }} count={TEXT_COUNT} value={fields.progress} onChange={(e) => set('progress', withoutInvisible(e.target.value))} placeholder="本期开展的工作、取得的成效" />
        </Form.Item>
        <Form.Item label="存在问题" htmlFor="f-problems" required={fields.status === '进度滞后'} validateStatus={status('problems')} help={helpOf('problems')}>
          <Input.TextArea id="f-problems" readOnly={ro} {...invalid('problems')} autoSize={{ minRows: 2, maxRows: 10 }} count={TEXT_COUNT} value={fields.problems} onChange={(e) => set('problems', withoutInvisible(e.target.value))} placeholder={fields.status === '进度滞后' ? '进度滞后时必须说明原因' : '没有可不填'} />
        </Form.Item>
        <Form.Item label="下步计划" htmlFor="f-next" validateStatus={status('next')} help={helpOf('next')}>
          <Input.TextArea id="f-next" readOnly={ro} {...invalid('next')} autoSize={{ minRows: 2, maxRows: 10 }} count={TEXT_COUNT} value={fields.next} onChange={(e) => set('next', withoutInvisible(e.target.value))} />
        </Form.Item>
        {task.indicators.length > 0 && <Divider titlePlacement="start">指标数值</Divider>}
        {task.indicators.map((ind) => (
          <IndicatorField key={ind.id} readOnly={ro} proven={(report?.evidence.length ?? 0) > 0} ind={ind} value={fields.indicators[ind.id] ?? null} error={shown[`indicators.${ind.id}`]} onChange={(v) => setIndicator(ind.id, v)} onUnreadable={unread(`indicators.${ind.id}`)} />
        ))}
        <Divider titlePlacement="start">佐证材料</Divider>
        <MissingEvidenceLine task={task.no} missing={props.missingEvidence} hint={props.missingHint ?? ''} />
        <EvidenceBox
          report={report}
          readOnly={ro}
          unit={unit}
          period={period}
          task={task.no}
          writing={ownWrites}
          onChanged={(r) => {
            reportRef.current = r;
            setReport(r);
            autosave.rebase(r.version);
            props.onSaved(r);
          }}
        />
        <Divider titlePlacement="start">填报人</Divider>
        <Space wrap size="large">
          <Form.Item label="填报人" htmlFor="f-filledBy" validateStatus={status('filledBy')} help={helpOf('filledBy')}>
            <Input id="f-filledBy" readOnly={ro} {...invalid('filledBy')} count={{ max: LIMITS.filledBy, strategy: (t: string) => [...t].length }} value={fields.filledBy} onChange={(e) => set('filledBy', asOneLine(e.target.value))} style={{ width: 200 }} />
          </Form.Item>
          {/* A number too short to be one (0531-8422): asked to be checked, not refused (an extension alone may be right). */}
          <Form.Item
            label="联系电话"
            htmlFor="f-phone"
            validateStatus={status('phone') ?? (phoneLooksOff(fields.phone) ? 'warning' : undefined)}
            help={helpOf('phone') ?? (phoneLooksOff(fields.phone) ? '号码似乎不完整（座机如 0531-84239999，手机 11 位），请核对' : undefined)}
          >
            <Input id="f-phone" readOnly={ro} {...invalid('phone')} count={{ max: LIMITS.phone }} value={fields.phone} onChange={(e) => set('phone', asOneLine(e.target.value))} style={{ width: 200 }} />
          </Form.Item>
        </Space>
      </Form>
      {mine.role === 'support' && <Alert type="info" showIcon title="本单位为配合单位：请填写本单位承担的配合工作，指标数值以牵头单位报送为准。" />}
    </Card>
  );
}
