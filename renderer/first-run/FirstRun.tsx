import { ApartmentOutlined, BankOutlined, FileExcelOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Card, Checkbox, Col, Descriptions, Form, Radio, Row, Select, Space, Typography, Upload } from 'antd';
import { useState } from 'react';
import type { FileBlob, SetupPreview } from '../../shared/api/exchange';
import defaultCatalog from '../../shared/catalog/default-catalog.json';
import type { Catalog, Unit } from '../../shared/catalog/types';
import type { ApiError } from '../../shared/errors';
import { defaultFirstPeriod, firstPeriodChoices, firstPeriodLateSaid, formatChineseDate, parsePeriod, PERIOD_KIND_LABELS, PERIOD_KINDS, type PeriodKind } from '../../shared/period';
import type { AppInfo, Role } from '../../shared/views';
import { api } from '../api/client';
import { fileToBlob } from '../api/files';
import { errorText } from '../common/errors';
import { byNameOrId } from '../common/PeriodPicker';
import { RestoreCopy } from '../backup/RestoreCopy';
import { SetupWarnings } from '../common/SetupImport';
import { workingPeriod } from '../common/useDefaultPeriod';

const DEFAULT_UNITS = (defaultCatalog as Catalog).units;
/** The day the plan was issued: the 起报周期 is not before the first period of its year (nor, by default, before its own period). */
const ISSUED_ON = (defaultCatalog as Catalog).plan.issuedOn;

function unitOptions(units: Unit[]) {
  const active = units.filter((u) => u.active);
  return [
    { label: '镇（街道）', options: active.filter((u) => u.kind === 'town').map((u) => ({ value: u.code, label: u.name })) },
    { label: '区直部门', options: active.filter((u) => u.kind === 'department').map((u) => ({ value: u.code, label: u.name })) },
  ].filter((g) => g.options.length > 0);
}

/** The bureau's set-up workbook, read (not yet adopted) on the first-run screen. */
interface LoadedSetup {
  file: FileBlob;
  preview: SetupPreview;
}

/** An empty database: choose who uses this computer, and optionally fill demo data. */
export function FirstRun({ info, onDone }: { info: AppInfo; onDone: () => void }) {
  const { message } = AntApp.useApp();
  const [role, setRole] = useState<Role | null>(null);
  const [unit, setUnit] = useState<string | undefined>();
  const [kind, setKind] = useState<PeriodKind>(info.periodKind);
  // The bureau's 起报周期: null keeps the default (the period still being reported today, of the kind chosen).
  const [first, setFirst] = useState<string | null>(null);
  const defaultFirst = defaultFirstPeriod(kind, ISSUED_ON, info.today).id;
  // A 起报周期 past its deadline: every unit's file of it will count as late (said under the field).
  const lateSaid = firstPeriodLateSaid(parsePeriod(first ?? defaultFirst), info.today);
  const [demo, setDemo] = useState(false);
  const [busy, setBusy] = useState(false);
  const [setup, setSetup] = useState<LoadedSetup | null>(null);
  const [reading, setReading] = useState(false);
  const [setupError, setSetupError] = useState<ApiError | null>(null);

  /** Reads the picked workbook through the core (nothing is written yet) and offers its unit list. */
  const loadSetup = async (picked: File): Promise<void> => {
    setReading(true);
    setSetupError(null);
    const file = await fileToBlob(picked, picked.name);
    const r = await api('exchange.setupPreview', { file });
    setReading(false);
    if (!r.ok) {
      setSetupError(r.error);
      return;
    }
    setSetup({ file, preview: r.value });
    // A file made for one unit is that unit's alone: chosen for the clerk. Otherwise keep the choice when the file has the same unit.
    const only = r.value.forUnit;
    setUnit((u) => (only !== null ? only : u && r.value.units.some((x) => x.code === u) ? u : undefined));
  };

  const dropSetup = (): void => {
    setSetup(null);
    setSetupError(null);
    setUnit((u) => (u && DEFAULT_UNITS.some((x) => x.code === u && x.active) ? u : undefined));
  };

  const start = async (): Promise<void> => {
    if (!role) return;
    setBusy(true);
    let currentPeriod: string;
    if (role === 'unit' && setup && unit) {
      const r = await api('exchange.setupImport', { file: setup.file, unit });
      const i = r.ok ? await api('app.info', {}) : r;
      if (!i.ok) {
        setBusy(false);
        message.error(errorText(i.error));
        return;
      }
      currentPeriod = i.value.currentPeriod;
    } else {
      const r = await api('app.init', { role, periodKind: kind, ...(role === 'unit' ? { unit } : {}), ...(role === 'bureau' ? { firstPeriod: first ?? defaultFirst } : {}) });
      if (!r.ok) {
        setBusy(false);
        message.error(errorText(r.error));
        return;
      }
      currentPeriod = r.value.currentPeriod;
    }
    if (demo) {
      // The period the app opens on (the quarter just ended while its deadline is ahead), not always the current one.
      const d = await api('demo.fill', { period: await workingPeriod(currentPeriod, role) });
      if (d.ok) message.success(`已填入演示数据：${parsePeriod(d.value.period).label}，${d.value.units} 个单位、${d.value.reports} 条报告`);
      else message.error(errorText(d.error));
    }
    onDone();
  };

  return (
    <div className="first-run">
      <Typography.Title level={2}>生态文明建设任务进度填报</Typography.Title>
      <Typography.Paragraph type="secondary">
        首次使用，请选择本机的用途。数据只保存在本机（{info.dbPath}），不会通过网络发送。
      </Typography.Paragraph>
      {/* One group (本机用途): one Tab stop, the arrow keys choose, a screen reader says what is asked. */}
      <Radio.Group className="first-run-roles" aria-label="本机用途" name="role" value={role} onChange={(e) => setRole(e.target.value as 'unit' | 'bureau')} style={{ display: 'block', width: '100%' }}>
      <Row gutter={16}>
        <Col span={12}>
          <Card hoverable className={role === 'unit' ? 'ant-card-bordered selected-card' : ''} onClick={() => setRole('unit')} style={{ borderColor: role === 'unit' ? '#2f7d4f' : undefined }}>
            <Space align="start">
              <ApartmentOutlined style={{ fontSize: 32, color: '#2f7d4f' }} />
              <div>
                <Radio value="unit">
                  <Typography.Text strong>填报单位</Typography.Text>
                </Radio>
                <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
                  镇（街道）或区直部门：填写本单位负责的重点任务进展，导出工作簿报送区局。
                </Typography.Paragraph>
              </div>
            </Space>
          </Card>
        </Col>
        <Col span={12}>
          <Card hoverable onClick={() => setRole('bureau')} style={{ borderColor: role === 'bureau' ? '#2f7d4f' : undefined }}>
            <Space align="start">
              <BankOutlined style={{ fontSize: 32, color: '#2f7d4f' }} />
              <div>
                <Radio value="bureau">
                  <Typography.Text strong>区局汇总</Typography.Text>
                </Radio>
                <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
                  市生态环境局济阳分局：导入各单位工作簿，查看报送情况和任务进展，打印汇总表和督办单。
                </Typography.Paragraph>
              </div>
            </Space>
          </Card>
        </Col>
      </Row>
      </Radio.Group>
      {role && (
        <Card style={{ marginTop: 16 }}>
          <Form layout="vertical" onFinish={() => void start()}>
            {role === 'unit' && (
              <Form.Item
                label="本单位"
                required
                htmlFor="first-run-unit"
                extra={setup ? (setup.preview.forUnit !== null ? `此设置文件是区局专门发给${setup.preview.units.find((u) => u.code === setup.preview.forUnit)?.name ?? setup.preview.forUnit}的，只能用于该单位。` : '单位名单来自区局设置文件。') : '可从默认名单中选择；收到区局下发的设置文件时，请点击“载入区局设置文件”，按文件中的任务清单、单位名单和报送周期开始使用。'}
              >
                <Space wrap>
                  <Select
                    id="first-run-unit"
                    aria-label="本单位"
                    showSearch={{ optionFilterProp: 'label' }}
                    placeholder="请选择或输入单位名称"
                    value={unit}
                    onChange={setUnit}
                    options={unitOptions(setup ? setup.preview.units.filter((u) => setup.preview.forUnit === null || u.code === setup.preview.forUnit) : DEFAULT_UNITS)}
                    style={{ width: 360 }}
                  />
                  <Upload accept=".xlsx" showUploadList={false} maxCount={1} beforeUpload={(f) => (void loadSetup(f), false)}>
                    <Button icon={<FileExcelOutlined />} loading={reading}>
                      载入区局设置文件
                    </Button>
                  </Upload>
                </Space>
              </Form.Item>
            )}
            {role === 'unit' && setupError && (
              <Alert type="error" showIcon title="无法载入设置文件" description={errorText(setupError)} style={{ marginBottom: 16 }} />
            )}
            {role === 'unit' && setup && (
              <Card size="small" type="inner" title="区局设置文件" style={{ marginBottom: 16 }} extra={<Button size="small" type="link" onClick={dropSetup}>改用默认名单</Button>} data-testid="setup-preview">
                <Descriptions size="small" column={1}>
                  <Descriptions.Item label="文件">{setup.preview.fileName}</Descriptions.Item>
                  {setup.preview.forUnit !== null && (
                    <Descriptions.Item label="发给">{setup.preview.units.find((u) => u.code === setup.preview.forUnit)?.name ?? setup.preview.forUnit}（含该单位的退回原因、审核备注和督办单）</Descriptions.Item>
                  )}
                  <Descriptions.Item label="工作方案">{setup.preview.planTitle}</Descriptions.Item>
                  <Descriptions.Item label="任务清单版本">{setup.preview.catalogVersion}</Descriptions.Item>
                  <Descriptions.Item label="报送周期">{PERIOD_KIND_LABELS[setup.preview.periodKind]}</Descriptions.Item>
                  <Descriptions.Item label="内容">
                    {`重点任务 ${setup.preview.tasks} 项，填报单位 ${setup.preview.units.length} 个：镇（街道）${setup.preview.units.filter((u) => u.kind === 'town').length} 个，区直部门 ${setup.preview.units.filter((u) => u.kind === 'department').length} 个`}
                  </Descriptions.Item>
                </Descriptions>
                <SetupWarnings warnings={setup.preview.warnings} title="请注意" />
              </Card>
            )}
            {!(role === 'unit' && setup) && (
              <Form.Item label="报送周期" extra={role === 'bureau' ? '各单位按此周期填报；以后可在“设置”中更改。' : '须与区局的要求一致，区局可在设置中更改。'}>
                <Radio.Group
                  value={kind}
                  onChange={(e) => {
                    setKind(e.target.value as PeriodKind);
                    setFirst(null);
                  }}
                  aria-label="报送周期"
                >
                  {PERIOD_KINDS.map((k) => (
                    <Radio.Button key={k} value={k}>
                      {PERIOD_KIND_LABELS[k]}
                    </Radio.Button>
                  ))}
                </Radio.Group>
              </Form.Item>
            )}
            {role === 'bureau' && (
              <Form.Item
                label="起报周期"
                htmlFor="first-run-first-period"
                extra={`各单位从此周期起报送，此前结束的各期不要求报送（不列为未报，不督办）。默认为正在报送的一期（最近结束、截止日期未过的一期，否则为当前的一期）；工作方案于${formatChineseDate(ISSUED_ON)}印发，如需收取此前各期，最早可选${firstPeriodChoices(kind, ISSUED_ON, info.today).at(-1)?.label ?? ''}。以后可在“设置”中更改。`}
              >
                <Select
                  id="first-run-first-period"
                  aria-label="起报周期"
                  showSearch={{ filterOption: byNameOrId }}
                  value={first ?? defaultFirst}
                  onChange={setFirst}
                  options={firstPeriodChoices(kind, ISSUED_ON, info.today).map((p) => ({ value: p.id, label: p.label }))}
                  style={{ width: 240 }}
                />
              </Form.Item>
            )}
            {role === 'bureau' && lateSaid !== null && (
              <Alert type="warning" showIcon data-testid="first-late" title={`${lateSaid}如从本期起收取，可在开始使用后到“设置”中推迟其截止日期；否则请选截止日期未过的一期。`} style={{ marginBottom: 16 }} />
            )}
            <Form.Item>
              <Checkbox checked={demo} onChange={(e) => setDemo(e.target.checked)}>
                同时填入 <span className="demo-badge">演示数据</span>（用于熟悉系统，内容均标有“【演示数据】”，正式使用前请新建数据库）
              </Checkbox>
            </Form.Item>
            {role === 'unit' && !unit && <Alert type="info" showIcon title="请先选择本单位" style={{ marginBottom: 16 }} />}
            <Button type="primary" htmlType="submit" loading={busy} disabled={role === 'unit' && !unit}>
              开始使用
            </Button>
          </Form>
        </Card>
      )}
      <RestoreCopy onDone={onDone} />
    </div>
  );
}
