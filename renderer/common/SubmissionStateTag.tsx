import { Tag } from 'antd';
import { SUBMISSION_STATE_LABELS, type SubmissionState } from '../../shared/period';
import { SUBMISSION_STATE_COLORS } from './format';

/**
 * A unit's submission state as a tag: 按时, 逾期, 未报 (red once the deadline has passed); before the deadline
 * a unit that has not sent yet is not behind: 尚未报送, in grey (as the overview's statistic says).
 */
export function SubmissionStateTag({ state, beforeDeadline }: { state: SubmissionState; beforeDeadline: boolean }) {
  if (state === 'missing' && beforeDeadline) return <Tag>尚未报送</Tag>;
  return <Tag color={SUBMISSION_STATE_COLORS[state]}>{SUBMISSION_STATE_LABELS[state]}</Tag>;
}
