import { Alert, App as AntApp, Button, Card, Modal, Radio, Select, Space, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { SetupImportResult } from '../../shared/api/exchange';
import { firstPeriodChoices, formatChineseDate, periodsFromTo, kindSwitchSaid, parsePeriod, PERIOD_KIND_LABELS, PERIOD_KINDS, periodContaining, previousPeriod, type PeriodKind } from '../../shared/period';
import type { AppInfo } from '../../shared/views';
import { api } from '../api/client';
import { errorText } from '../common/errors';
import { ExportButton } from '../common/ExportButton';
import { byNameOrId, PERIODS_CHANGED } from '../common/PeriodPicker';
import { SetupImport } from '../common/SetupImport';
import { DeadlinesCard } from './DeadlinesCard';
import { RevisionCard } from './RevisionCard';
import { SettingsLog } from './SettingsLog';
import { TargetsCard } from './TargetsCard';
import { UnitsCard } from './UnitsCard';

/** What a change of period kind does, said before it is made. */
const KIND_CHANGE =
  '更改后，从今天起结束的各期按新的周期报送、统计和打印；今天以前已结束的原周期各期（如仍在报送期内的上一期）照常收取、统计和督办，在周期选择中照常列出，报送内容保留不变；按新周期今天以前已结束的各期不要求报送，也不能为其签发督办单。各单位须导入重新导出的设置文件后才按新周期填报。此项更改记入设置变更记录，可以改回。';

/**
 * 报送周期: the kind in use, changed only through a dialog that says what changing it does (it is the setting that
 * reaches furthest: what every unit is asked for and what every view counts).
 */
function PeriodKindCard({ info, onChanged }: { info: AppInfo; onChanged: () => void }) {
  const { message } = AntApp.useApp();
  const [open, setOpen] = useState(false);
  const [kind, setKind] = useState<PeriodKind>(info.periodKind);
  const [busy, setBusy] = useState(false);
  // The keyboard starts on the kind in use (the arrow keys pick another), not on the dialog's close button.
  const choices = useRef<HTMLDivElement>(null);
  const save = async (): Promise<void> => {
    setBusy(true);
    const r = await api('periods.setKind', { kind });
    setBusy(false);
    if (!r.ok) return void message.error(errorText(r.error));
    setOpen(false);
    message.success(`报送周期已改为${PERIOD_KIND_LABELS[kind]}；请重新导出设置文件下发各单位`);
    onChanged();
  };
  return (
    <Card size="small" title="报送周期">
      <Space wrap>
        <span>
          当前按<strong data-testid="period-kind">{PERIOD_KIND_LABELS[info.periodKind]}</strong>填报
        </span>
        <Button
          onClick={() => {
            setKind(info.periodKind);
            setOpen(true);
          }}
        >
          更改报送周期…
        </Button>
        <Typography.Text type="secondary">更改后请重新导出设置文件下发各单位。</Typography.Text>
      </Space>
      <div style={{ marginTop: 8 }}>
        <FirstPeriodRow key={`first-${info.periodKind}-${info.firstOwed?.id ?? ''}`} info={info} onChanged={onChanged} />
      </div>
      <Modal
        open={open}
        title="更改报送周期"
        okText={kind === info.periodKind ? '确定' : `改为${PERIOD_KIND_LABELS[kind]}`}
        cancelText="取消"
        okButtonProps={{ disabled: kind === info.periodKind }}
        confirmLoading={busy}
        onOk={() => void save()}
        onCancel={() => setOpen(false)}
        afterOpenChange={(o) => o && choices.current?.querySelector<HTMLInputElement>('input:checked')?.focus()}
        destroyOnHidden
      >
        <Space ref={choices} orientation="vertical" style={{ width: '100%' }}>
          <Radio.Group aria-label="报送周期类型" value={kind} onChange={(e) => setKind(e.target.value as PeriodKind)} optionType="button" options={PERIOD_KINDS.map((k) => ({ value: k, label: PERIOD_KIND_LABELS[k] }))} />
          {kind !== info.periodKind && (
            <Alert
              type="warning"
              showIcon
              title={`由${PERIOD_KIND_LABELS[info.periodKind]}改为${PERIOD_KIND_LABELS[kind]}`}
              description={
                <>
                  {/* By name first: which period stays owed, which is dropped, from which the new kind begins. */}
                  <p style={{ margin: '0 0 4px' }} data-testid="kind-switch-said">
                    今天更改：{kindSwitchSaid(info.periodKind, kind, info.today, info.kindSpans)}
                  </p>
                  <p style={{ margin: 0 }}>{KIND_CHANGE}</p>
                </>
              }
            />
          )}
        </Space>
      </Modal>
    </Card>
  );
}

/** What moving the 起报周期 does, said before it is made. */
function firstMoveSaid(was: AppInfo['firstOwed'], to: string): string {
  const p = parsePeriod(to);
  const before = `${previousPeriod(p).label}及以前结束的各期不要求报送：不列为未报，不计入报送率，不能为其签发督办单，也不接收这些期的报送文件。`;
  // Moved on: not past a period holding work (the core refuses, saying which).
  const held = '已收到报送、已审核、退回或签发督办单的周期须照常统计和办理，起报周期不能改到它们以后。';
  if (was === null) return `${before}${held}`;
  if (was.id === to) return before;
  const w = parsePeriod(was.id);
  if (w.startsOn < p.startsOn) return `${before}${held}（原从${w.label}起报送。）`;
  // Owed again: the run between, where both are of one kind (else from the new first on).
  return `${before}${w.kind === p.kind ? periodsFromTo(p, previousPeriod(w)) : `${p.label}起各期`}现要求报送，各单位未报的显示为未报（原从${w.label}起报送）。`;
}

/**
 * 起报周期: the first period the units owe (before it, nobody is asked: the quarters before the plan was issued, or
 * those before the app came into use). Changed through a dialog that says what moving it does.
 */
function FirstPeriodRow({ info, onChanged }: { info: AppInfo; onChanged: () => void }) {
  const { message } = AntApp.useApp();
  const [open, setOpen] = useState(false);
  // (Of the kind in use: one set before a switch of kind is said as the period of this kind it began in.)
  const initial = info.firstOwed ? periodContaining(info.periodKind, parsePeriod(info.firstOwed.id).startsOn).id : info.currentPeriod;
  const [chosen, setChosen] = useState<string>(initial);
  const [busy, setBusy] = useState(false);
  // How far it may move on (past a period holding work it may not): asked each time the dialog opens.
  const [limit, setLimit] = useState<{ latest: { id: string; label: string; startsOn: string }; held: string } | null>(null);
  const latestStart = limit?.latest.startsOn;
  const choices = firstPeriodChoices(info.periodKind, info.planIssuedOn, info.today).map((p) => {
    const past = latestStart !== undefined && p.startsOn > latestStart;
    return { value: p.id, label: past ? `${p.label}（以前各期已有报送，不能改到此期）` : p.label, disabled: past };
  });
  useEffect(() => {
    if (!open) return;
    let live = true;
    void api('periods.firstLimit', {}).then((r) => {
      if (live && r.ok) setLimit(r.value.limit);
    });
    return () => {
      live = false;
    };
  }, [open]);
  const save = async (): Promise<void> => {
    setBusy(true);
    const r = await api('periods.setFirst', { period: chosen });
    setBusy(false);
    if (!r.ok) return void message.error(errorText(r.error));
    setOpen(false);
    message.success(`起报周期已改为${parsePeriod(chosen).label}；请重新导出设置文件下发各单位`);
    // Every period picker reads its list again (the periods owed changed).
    window.dispatchEvent(new Event(PERIODS_CHANGED));
    onChanged();
  };
  return (
    <Space wrap>
      <span>
        起报周期：<strong data-testid="first-owed">{info.firstOwed?.label ?? '各期都要求报送'}</strong>
        <Typography.Text type="secondary">
          {info.firstOwed === null
            ? '（本数据库在设置起报周期以前已开始使用）'
            : info.planIssuedOn && periodContaining(parsePeriod(info.firstOwed.id).kind, info.planIssuedOn).id === info.firstOwed.id
              ? `（工作方案于${formatChineseDate(info.planIssuedOn)}印发，此前结束的各期不要求报送）`
              : '（此前结束的各期不要求报送）'}
        </Typography.Text>
      </span>
      <Button
        onClick={() => {
          setChosen(initial);
          setOpen(true);
        }}
      >
        更改起报周期…
      </Button>
      <Modal
        open={open}
        title="更改起报周期"
        okText="确定"
        cancelText="取消"
        // (A database that owed every period has none: any period may be chosen, the one under way too.)
        okButtonProps={{ disabled: chosen === info.firstOwed?.id }}
        confirmLoading={busy}
        onOk={() => void save()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Text>各单位从起报周期起报送；开始使用本系统时，可设为开始收取报送的周期。</Typography.Text>
          <Select aria-label="起报周期" autoFocus showSearch={{ filterOption: byNameOrId }} value={chosen} onChange={setChosen} options={choices} style={{ width: 240 }} popupMatchSelectWidth={false} />
          {limit && latestStart !== undefined && choices.some((c) => c.disabled) && (
            <Typography.Text type="secondary" data-testid="first-limit">
              {`${limit.held}已有报送内容或督办，须照常统计和办理：起报周期最晚可改为${limit.latest.label}。`}
            </Typography.Text>
          )}
          {chosen !== info.firstOwed?.id && <Alert type="warning" showIcon title={`起报周期改为${parsePeriod(chosen).label}`} description={<span data-testid="first-move-said">{firstMoveSaid(info.firstOwed, chosen)}各单位须导入重新导出的设置文件。此项更改记入设置变更记录，可以改回。</span>} />}
        </Space>
      </Modal>
    </Space>
  );
}

/** The bureau's settings: units, period kind and deadlines, the set-up workbook for units. */
export function SettingsPage({ info, period, onChanged }: { info: AppInfo; period: string; onChanged: () => void }) {
  // The year the cards open on: the period in the header's (in January, last year's fourth quarter is still collected).
  const year = Number(period.slice(0, 4)) || Number(info.today.slice(0, 4));
  // The outcome of a revision made here: said above the card (which is read afresh for the new version).
  const [revised, setRevised] = useState<SetupImportResult | null>(null);
  const [unitsSaved, setUnitsSaved] = useState(0);
  // Adopted: the card is drawn afresh for the new version; the keyboard goes to what was said of it.
  const revisedRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (revised) revisedRef.current?.focus();
  }, [revised]);
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <PeriodKindCard info={info} onChanged={onChanged} />
      {/* Read afresh on another period kind (its periods), and on another version of the task list (its indicators). */}
      <DeadlinesCard key={`deadlines-${info.periodKind}-${info.kindSpans.length}-${info.firstOwed?.id ?? ''}`} year={year} />
      <UnitsCard onSaved={() => setUnitsSaved((n) => n + 1)} />
      <TargetsCard key={`targets-${info.catalogVersion ?? ''}`} year={year} />
      <TargetsCard key={`baseline-${info.catalogVersion ?? ''}`} year={year} kind="baseline" />
      <Card size="small" title="设置文件">
        <Space orientation="vertical">
          <Typography.Text>把任务清单、填报单位和报送周期导出为设置文件，下发各单位导入；各单位导入后也能看到本单位报送的退回、审核通过情况和督办单。其中不含退回原因、审核备注和督办单全文：它们只写在发给该单位的设置文件中（在汇总总览点开该单位的报送详情导出）。</Typography.Text>
          <ExportButton label="导出设置文件" run={() => api('exchange.setupExport', {})} />
        </Space>
      </Card>
      <Card size="small" title="载入修订的任务清单">
        <SetupImport
          intro="工作方案修订（如指标调整）时，选择载有新任务清单的设置文件：先显示将要发生的变化，确认后采用，无需升级程序。采用后请重新导出设置文件下发各单位。"
          onAdopted={() => onChanged()}
        />
      </Card>
      {revised && (
        <div ref={revisedRef} tabIndex={-1} className="focus-target">
          <Alert
            type="success"
            showIcon
            closable={{ onClose: () => setRevised(null) }}
            title={`已采用修订的任务清单：${revised.previousCatalogVersion ?? ''} → ${revised.catalogVersion}`}
            // Which periods took it (as the preview said): one still on the plan before shows no change, and is not meant to.
            description={`${revised.warnings.find((w) => /^采用后，.+按新的任务清单/.test(w)) ?? ''}请在上方“设置文件”中导出设置文件，下发各单位；各单位导入后才能按新清单报送。`}
          />
        </div>
      )}
      {/* Read afresh once another version of the task list is adopted (from a file too); its units once one is saved. */}
      <RevisionCard
        key={info.catalogVersion}
        unitsSaved={unitsSaved}
        onAdopted={(r) => {
          setRevised(r);
          onChanged();
        }}
      />
      <SettingsLog />
      <Typography.Text type="secondary">数据文件：{info.dbPath}</Typography.Text>
    </Space>
  );
}
