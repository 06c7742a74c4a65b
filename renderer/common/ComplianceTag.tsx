import { Tag } from 'antd';
import { COMPLIANCE_LABELS, type Compliance } from '../../shared/report';

const COLORS: Record<Compliance, string | undefined> = { met: 'success', not_met: 'error', unknown: undefined, unproven: 'warning' };

/** An indicator's verdict as a tag, in the words printed on the forms (达标, 未达标, 待定, 待补佐证). */
export function ComplianceTag({ compliance }: { compliance: Compliance }) {
  return <Tag color={COLORS[compliance]}>{COMPLIANCE_LABELS[compliance]}</Tag>;
}
