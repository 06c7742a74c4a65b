import { Space, Table, Tag, Typography } from 'antd';
import { DRY_RUN_STATUS_LABELS, evidenceMissingText, IMPORT_STATUS_LABELS, problemText, type ImportFileResult, type ImportStatus } from '../../shared/api/exchange';
import { firstSentText, formatChineseDate, isPeriodId, parsePeriod, revisionText, sentText } from '../../shared/period';
import { api } from '../api/client';
import { ExportButton } from '../common/ExportButton';
import { lastPart } from '../../shared/import-words';
import { PathText } from '../common/PathText';

/** Saves an imported file's archived original (a workbook, or the .zip it came in), under the name shown for it. */
export function OriginalButton({ sha256, name, label, inTable = false }: { sha256: string; name?: string; label: string; inTable?: boolean }) {
  return (
    <ExportButton
      type={inTable ? 'link' : 'default'}
      size={inTable ? 'small' : 'middle'}
      label={label}
      done="已保存"
      title={inTable && name ? `另存“${lastPart(name)}”的原件` : undefined}
      run={() => api('exchange.prepareOriginal', { sha256, ...(name ? { name } : {}) })}
    />
  );
}


/** The originals of a file: the workbook (a rejected one is not archived), and the .zip it came in (archived when any of its files was accepted). */
function Originals({ r }: { r: ImportFileResult }) {
  return (
    <Space size={0} wrap>
      {r.status === 'rejected' ? (
        <Typography.Text type="secondary" title="被拒绝的文件不存档" style={{ fontSize: 12, padding: '0 7px' }}>
          不存档
        </Typography.Text>
      ) : (
        <OriginalButton inTable sha256={r.sha256} name={r.file} label="工作簿" />
      )}
      {r.container && <OriginalButton inTable sha256={r.container.sha256} name={r.container.file} label="压缩包" />}
    </Space>
  );
}

const STATUS_COLORS: Record<ImportStatus, string> = { imported: 'success', updated: 'processing', unchanged: 'default', stale: 'warning', rejected: 'error' };


const rowKey = (r: ImportFileResult): string => `${r.file}:${r.sha256}`;

/** Each file's outcome of an import or a dry run, with its errors expanded. */
export function ImportResultsTable({ rows, testId, dryRun = false, originals = false }: { rows: ImportFileResult[]; testId: string; dryRun?: boolean; originals?: boolean }) {
  const labels = dryRun ? DRY_RUN_STATUS_LABELS : IMPORT_STATUS_LABELS;
  return (
    <Table<ImportFileResult>
      size="small"
      data-testid={testId}
      rowKey={rowKey}
      tableLayout="fixed"
      dataSource={rows}
      pagination={false}
      expandable={{
        rowExpandable: (r) => r.errors.length + r.warnings.length > 0,
        // Problems are always shown, not hidden behind a click.
        expandedRowKeys: rows.filter((r) => r.errors.length + r.warnings.length > 0).map(rowKey),
        showExpandColumn: false,
        expandedRowRender: (r) => (
          <ul className="error-details">
            {r.errors.map((e, i) => (
              <li key={`e${i}`} style={{ color: '#cf1322' }}>
                错误：{problemText(e)}
              </li>
            ))}
            {r.warnings.map((w, i) => (
              <li key={`w${i}`} style={{ color: '#ad6800' }}>
                提示：{w}
              </li>
            ))}
          </ul>
        ),
      }}
      columns={[
        { title: '文件', dataIndex: 'file', width: '34%', render: (f: string) => <PathText text={f} /> },
        { title: '单位', render: (_, r) => r.unitName ?? '—' },
        { title: '周期', width: 130, render: (_, r) => (r.period && isPeriodId(r.period) ? parsePeriod(r.period).label : (r.period ?? '—')) },
        { title: '版本', width: 90, render: (_, r) => revisionText(r.revision) },
        {
          title: '结果',
          render: (_, r) => (
            <>
              <Tag color={STATUS_COLORS[r.status]}>{labels[r.status]}</Tag>
              {/* Texts taken, yet not all it lists came: said in the result itself, not only in the hints below. */}
              {r.evidenceMissing ? (
                <Tag color="warning" style={{ marginTop: 2 }} title="工作簿列出的佐证材料未随之报送或已损坏，未能导入；详见下方提示">
                  {evidenceMissingText(r.evidenceMissing)}
                </Tag>
              ) : null}
            </>
          ),
        },
        // Said of a run's files when it ends (the history keeps no such verdict: it would go stale).
        ...(rows.some((r) => r.sent) ? [{
          // On time or late as the overview judges it: by the unit's first submission of the period.
          title: '按时/逾期',
          width: 150,
          render: (_: unknown, r: ImportFileResult) =>
            r.sent ? (
              <Tag color={r.sent.state === 'on_time' ? 'success' : 'warning'} title={`首次报送：${sentText({ submittedAt: r.sent.at, sentOnDay: r.sent.onDay })}；截止日期：${formatChineseDate(r.sent.deadline)}`}>
                {firstSentText(r.sent)}
              </Tag>
            ) : (
              '—'
            ),
        }] : []),
        { title: '问题', render: (_, r) => (r.errors.length ? `${r.errors.length} 处错误` : r.warnings.length ? `${r.warnings.length} 条提示` : '—') },
        ...(originals ? [{ title: '原件', width: 150, render: (_: unknown, r: ImportFileResult) => <Originals r={r} /> }] : []),
      ]}
    />
  );
}

