import { Form, Radio, Space } from 'antd';
import { NumberBox } from '../common/NumberBox';
import type { Indicator } from '../../shared/catalog/types';
import { judgeIndicator, percentAsFraction, type IndicatorValue } from '../../shared/report';
import type { IndicatorView } from '../../shared/views';
import { ComplianceTag } from '../common/ComplianceTag';

/** One indicator: its target beside the input, checked as the clerk types. */
export function IndicatorField({
  ind,
  value,
  error,
  readOnly = false,
  proven = true,
  onChange,
  onUnreadable,
}: {
  ind: IndicatorView;
  value: IndicatorValue;
  error: string | undefined;
  /** A closed period: shown, not changed (the number stays reachable by Tab). */
  readOnly?: boolean;
  /** The report has evidence attached: a 是 without any is reminded of it (the bureau lists it as 待补佐证). */
  proven?: boolean;
  onChange: (v: IndicatorValue) => void;
  /** Text typed that is not a number: said (NumberBox). */
  onUnreadable?: (said: string | null) => void;
}) {
  const id = `indicator-${ind.id}`;
  // Against its target: whether it is not lower than before (不降低) the bureau judges, holding every unit's values and the 基准值.
  const verdict = judgeIndicator({ ...ind, notLower: false, source: '' } satisfies Indicator, value, null, ind.assigned, proven);
  const remind = !readOnly && ind.comparator === 'yes' && value === true && !proven;
  const pct = readOnly ? null : percentAsFraction(ind, value);
  const hint = remind
    ? '填“是”请在下方“佐证材料”中添加证明材料（区局整理复核材料时，未附材料的会列为待补佐证）'
    : pct !== null
      ? `如指 ${pct}%，请填 ${pct}（百分比指标填 0–100 的数）`
      : undefined;
  return (
    <Form.Item
      label={`${ind.id} ${ind.name}`}
      htmlFor={id}
      validateStatus={error ? 'error' : hint ? 'warning' : undefined}
      help={error ?? hint}
      extra={`目标：${ind.targetText}${ind.notLower ? '（是否低于上期，由区局汇总时比较）' : ''}`}
    >
      <Space>
        {ind.comparator === 'yes' ? (
          <Radio.Group id={id} aria-label={ind.name} disabled={readOnly} value={value === null ? 'blank' : value ? 'yes' : 'no'} onChange={(e) => onChange(e.target.value === 'blank' ? null : e.target.value === 'yes')}>
            <Radio value="yes">是</Radio>
            <Radio value="no">否</Radio>
            <Radio value="blank">暂不填</Radio>
          </Radio.Group>
        ) : (
          <NumberBox
            id={id}
            aria-label={ind.name}
            readOnly={readOnly}
            value={typeof value === 'number' ? value : null}
            onChange={(v) => onChange(v)}
            {...(onUnreadable ? { onUnreadable } : {})}
            suffix={ind.unit || undefined}
            style={{ width: 180 }}
            placeholder="请输入数值"
          />
        )}
        {/* No verdict on a value that is not taken (out of range): 未达标 beside its error would read as one. */}
        {value !== null && !error && <ComplianceTag compliance={verdict} />}
      </Space>
    </Form.Item>
  );
}
