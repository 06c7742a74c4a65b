import { Collapse, Spin, Timeline } from 'antd';
import { useEffect, useRef } from 'react';
import { formatChineseDateTime, reviewEventText } from '../../shared/period';
import type { ReviewEventView } from '../../shared/views';
import { ErrorNote } from './ErrorNote';
import { useCall } from './useCall';

const COLORS: Record<ReviewEventView['kind'], string> = {
  received: 'blue',
  refused: 'red',
  exported: 'blue',
  demo: 'gray',
  entered: 'blue',
  evidenceAdded: 'blue',
  returned: 'magenta',
  returnWithdrawn: 'gray',
  approved: 'green',
  paper: 'green',
  approvalWithdrawn: 'gray',
};

/**
 * 报送与审核记录: what came for a unit's submission of a period and what the bureau decided on it, oldest first
 * (`submissions.log`), folded until opened. `changed`: read again when it changes (a step taken on the unit);
 * `hideWhenEmpty`: nothing shown while there is nothing to tell (nor while it is read).
 */
export function ReviewLog({ unit, period, changed, hideWhenEmpty = false }: { unit: string; period: string; changed: unknown; hideWhenEmpty?: boolean }) {
  const log = useCall('submissions.log', { unit, period });
  const { reload } = log;
  // Read again when the unit's row changes (not when first shown: the call above reads it).
  const seen = useRef(changed);
  useEffect(() => {
    if (seen.current === changed) return;
    seen.current = changed;
    reload();
  }, [changed, reload]);
  const events = log.data ?? [];
  // A clerk who has exported nothing yet is not shown an empty record.
  if (hideWhenEmpty && events.length === 0) return null;
  return (
    <Collapse
      size="small"
      className="review-log"
      items={[
        {
          key: 'log',
          label: `报送与审核记录${log.data ? `（${events.length}）` : ''}`,
          children: log.error ? (
            <ErrorNote error={log.error} />
          ) : !log.data ? (
            <Spin size="small" />
          ) : events.length === 0 ? (
            '没有报送与审核记录'
          ) : (
            <Timeline
              items={events.map((e, i) => ({
                key: i,
                color: COLORS[e.kind],
                content: (
                  <>
                    <span className="review-log-time">{formatChineseDateTime(e.at)}</span> {reviewEventText(e)}
                  </>
                ),
              }))}
            />
          ),
        },
      ]}
    />
  );
}
