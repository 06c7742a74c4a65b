import { Alert, App as AntApp, Card, Radio, Space, Typography } from 'antd';
import { useState } from 'react';
import type { SetupImportResult } from '../../shared/api/exchange';
import { PERIOD_KIND_LABELS, PERIOD_KINDS, type PeriodKind } from '../../shared/period';
import type { AppInfo } from '../../shared/views';
import { api } from '../api/client';
import { errorText } from '../common/errors';
import { ExportButton } from '../common/ExportButton';
import { SetupImport } from '../common/SetupImport';
import { DeadlinesCard } from './DeadlinesCard';
import { RevisionCard } from './RevisionCard';
import { SettingsLog } from './SettingsLog';
import { TargetsCard } from './TargetsCard';
import { UnitsCard } from './UnitsCard';

/** The bureau's settings: units, period kind and deadlines, the set-up workbook for units. */
export function SettingsPage({ info, onChanged }: { info: AppInfo; onChanged: () => void }) {
  const { message } = AntApp.useApp();
  // The outcome of a revision made here: said above the card (which is read afresh for the new version).
  const [revised, setRevised] = useState<SetupImportResult | null>(null);
  const [unitsSaved, setUnitsSaved] = useState(0);
  const setKind = async (kind: PeriodKind): Promise<void> => {
    const r = await api('periods.setKind', { kind });
    if (r.ok) {
      message.success(`已改为${PERIOD_KIND_LABELS[kind]}`);
      onChanged();
    } else message.error(errorText(r.error));
  };
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small" title="报送周期">
        <Space orientation="vertical">
          <Radio.Group aria-label="报送周期类型" value={info.periodKind} onChange={(e) => void setKind(e.target.value as PeriodKind)} optionType="button" options={PERIOD_KINDS.map((k) => ({ value: k, label: PERIOD_KIND_LABELS[k] }))} />
          <Typography.Text type="secondary">更改后请重新导出设置文件下发各单位。</Typography.Text>
        </Space>
      </Card>
      <DeadlinesCard info={info} />
      <UnitsCard onSaved={() => setUnitsSaved((n) => n + 1)} />
      <TargetsCard info={info} />
      <TargetsCard info={info} kind="baseline" />
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
        <Alert
          type="success"
          showIcon
          closable={{ onClose: () => setRevised(null) }}
          title={`已采用修订的任务清单：${revised.previousCatalogVersion ?? ''} → ${revised.catalogVersion}`}
          description="请在上方“设置文件”中导出设置文件，下发各单位；各单位导入后才能按新清单报送。"
        />
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
