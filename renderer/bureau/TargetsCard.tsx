import { App as AntApp, Button, Card, Space, Table, Tag, Typography } from 'antd';
import { NumberBox } from '../common/NumberBox';
import { useEffect, useState } from 'react';
import type { AssignedTargetView } from '../../shared/views';
import { api } from '../api/client';
import { ErrorNote } from '../common/ErrorNote';
import { errorText } from '../common/errors';
import { useCall } from '../common/useCall';
import { YearPicker } from '../common/YearPicker';

/** The two numbers the bureau enters per indicator and year. */
const KINDS = {
  target: {
    list: 'targets.list',
    set: 'targets.set',
    title: '上级下达目标',
    word: '目标',
    placeholder: '上级下达的数值',
    intro: '工作方案要求“完成上级管控目标”的指标，没有固定数值：请按上级当年下达的目标录入。未录入的，指标看板和指标达标情况表中判定为“待定”。录入或更改后请重新导出设置文件下发各单位。',
  },
  baseline: {
    list: 'baselines.list',
    set: 'baselines.set',
    title: '“不降低”类指标的基准值',
    word: '基准值',
    placeholder: '上年的数值',
    intro: '“不降低”类指标（如林草覆盖率）与上期数值比较；当年第一个数值之前没有数值可比时，与这里录入的当年基准值（如上年统计数或创建时的数值）比较。两者都没有的，判定为“待定”。',
  },
} as const;

type Kind = keyof typeof KINDS;

/** One indicator's number for the year: typed, then saved with Enter or 保存; 清除 takes an entered one back. */
function TargetInput({ t, year, kind, onSaved }: { t: AssignedTargetView; year: number; kind: Kind; onSaved: () => void }) {
  const { set, word, placeholder } = KINDS[kind];
  const { message } = AntApp.useApp();
  const [value, setValue] = useState<number | null>(t.target);
  const [busy, setBusy] = useState(false);
  // A refusal stays beside the value refused (a toast would go while the value stays).
  const [error, setError] = useState<string | null>(null);
  // Text typed that is not a number: said, and nothing saved until it reads.
  const [unreadable, setUnreadable] = useState<string | null>(null);
  useEffect(() => setValue(t.target), [t.target, year]);
  const changed = value !== t.target && unreadable === null;
  const save = async (target: number | null): Promise<void> => {
    setBusy(true);
    const r = await api(set, { indicator: t.indicator, year, target });
    setBusy(false);
    if (!r.ok) {
      setError(errorText(r.error));
      return;
    }
    setError(null);
    message.success(target === null ? `已清除 ${t.indicator} ${t.name}的${year}年${word}` : `已保存：${t.indicator} ${t.name}，${year}年${word} ${target}${t.unit}`);
    onSaved();
  };
  const errorId = `target-error-${kind}-${t.indicator}`;
  return (
    <Space orientation="vertical" size={2}>
    <Space>
      <NumberBox
        aria-label={`${t.name}${year}年${word}`}
        status={error || unreadable ? 'error' : undefined}
        {...(error || unreadable ? { 'aria-invalid': true, 'aria-describedby': errorId } : {})}
        value={value}
        // No min or max: a value out of range is refused by the core with its reason, not clamped without a word.
        suffix={t.unit || undefined}
        style={{ width: 150 }}
        placeholder={placeholder}
        onChange={(v) => {
          setValue(v);
          setError(null);
        }}
        onUnreadable={setUnreadable}
        onPressEnter={() => changed && value !== null && void save(value)}
      />
      <Button type={changed ? 'primary' : 'default'} disabled={!changed || value === null} loading={busy} onClick={() => value !== null && void save(value)} aria-label={`保存${t.name}${year}年${word}`}>
        保存
      </Button>
      {t.target !== null && (
        <Button type="link" size="small" disabled={busy} onClick={() => void save(null)} aria-label={`清除${t.name}${year}年${word}`}>
          清除
        </Button>
      )}
    </Space>
    {(unreadable ?? error) && (
      <Typography.Text type="danger" id={errorId}>
        {unreadable ?? error}
      </Typography.Text>
    )}
    </Space>
  );
}

/**
 * Targets handed down from above (完成上级管控目标: the plan names no number, the city or province sets one each
 * year), or the 基准值 of indicators that must not fall (不降低): entered here by year; until then such an indicator
 * is judged 待定 everywhere it is shown and printed (one that must not fall: when no earlier value is held either).
 */
export function TargetsCard({ year: opened, kind = 'target' }: { year: number; kind?: Kind }) {
  const { list, title, word, intro } = KINDS[kind];
  const [year, setYear] = useState(opened);
  const targets = useCall(list, { year });
  if (targets.data && targets.data.length === 0) return null;
  return (
    <Card size="small" title={title} extra={<YearPicker label={`${word}年份`} year={year} onYear={setYear} within={[2000, 2099]} />}>
      {targets.error && <ErrorNote error={targets.error} />}
      <Typography.Paragraph type="secondary">{intro}</Typography.Paragraph>
      <Table<AssignedTargetView>
        size="small"
        rowKey="indicator"
        loading={targets.loading}
        dataSource={targets.data ?? []}
        pagination={false}
        columns={[
          { title: '指标', render: (_, t) => `${t.indicator} ${t.name}` },
          { title: '所属任务', render: (_, t) => `${t.task}. ${t.taskTitle}` },
          { title: '状态', width: 90, render: (_, t) => (t.target === null ? <Tag color="orange">未录入</Tag> : <Tag color="green">已录入</Tag>) },
          { title: `${year}年${word}`, width: 330, render: (_, t) => <TargetInput t={t} year={year} kind={kind} onSaved={targets.reload} /> },
        ]}
      />
    </Card>
  );
}
