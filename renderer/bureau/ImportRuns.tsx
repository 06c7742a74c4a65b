import { Collapse, Empty, Typography } from 'antd';
import { api } from '../api/client';
import { ExportButton } from '../common/ExportButton';
import { unlistedText } from '../../shared/api/exchange';
import { useCall } from '../common/useCall';
import { formatChineseDateTime } from '../common/format';
import { ImportResultsTable as ResultsTable } from './ImportResultsTable';
import { runSaid } from '../../shared/import-words';

/** Earlier import runs, newest first. */
export function ImportRuns() {
  const runs = useCall('exchange.importRuns', { limit: 20 });
  if (runs.error || !runs.data) return null;
  return (
    <Collapse
      items={[
        {
          key: 'runs',
          label: `导入记录（${runs.data.length}）`,
          children: runs.data.length ? (
            <Collapse
              size="small"
              items={runs.data.map((r) => ({
                key: r.id,
                // What came in and what came of it, so the run with the refused file is found without opening each.
                label: `${formatChineseDateTime(r.startedAt)} · ${runSaid(r.files)}`,
                children: (
                  <>
                    {r.unlisted.length > 0 && (
                      <Typography.Paragraph style={{ color: '#ad6800' }} data-testid={`run-unlisted-${r.id}`}>
                        {unlistedText(r.unlisted, 10)}
                      </Typography.Paragraph>
                    )}
                    <ResultsTable rows={r.files} testId={`run-${r.id}`} originals />
                    <div style={{ marginTop: 8 }}>
                      <ExportButton size="small" label="导出结果明细" title={`${formatChineseDateTime(r.startedAt)}的导入`} done="已导出导入结果明细" run={() => api('exchange.importRunExport', { runId: r.id })} />
                    </div>
                  </>
                ),
              }))}
            />
          ) : (
            <Empty description="还没有导入记录" />
          ),
        },
      ]}
    />
  );
}
