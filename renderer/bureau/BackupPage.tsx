import { App as AntApp, Alert, Button, Card, Space, Table, Typography } from 'antd';
import { BackupCopy } from '../common/BackupCopy';
import { useState } from 'react';
import type { AppInfo } from '../../shared/views';
import { api } from '../api/client';
import { ErrorNote } from '../common/ErrorNote';
import { errorText } from '../common/errors';
import { formatBytes } from '../api/files';
import { formatChineseDateTime } from '../common/format';
import { useCall } from '../common/useCall';
import { confirmRestore } from '../backup/restore';

type BackupRow = { path: string; createdAt: string; size: number };

/** Backups (made daily at start-up and on demand), restoring one, and the integrity check. */
export function BackupPage({ info, onRestored }: { info: AppInfo; onRestored: () => void }) {
  const { message, modal } = AntApp.useApp();
  const backups = useCall('backup.list', {});
  const check = useCall('check.run', {});
  const [busy, setBusy] = useState(false);
  const create = async (): Promise<void> => {
    setBusy(true);
    const r = await api('backup.create', {});
    setBusy(false);
    if (r.ok) {
      message.success(`已备份：${r.value.path}`);
      backups.reload();
      check.reload();
    } else message.error(errorText(r.error));
  };
  const restore = (b: BackupRow): void => confirmRestore({ modal, message }, b, { title: '恢复这份备份？', dbPath: info.dbPath, onRestored });
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small" title="数据检查">
        {check.error && <ErrorNote error={check.error} />}
        {check.data && (
          <Alert type={check.data.ok ? 'success' : 'error'} showIcon title={check.data.ok ? `数据库完好：共 ${check.data.reports} 条报告（数据结构第 ${check.data.schemaVersion} 版）` : `数据库有问题：${check.data.integrity.join('；')}`} />
        )}
      </Card>
      <Card size="small" title="备份" extra={<Button type="primary" loading={busy} onClick={() => void create()}>立即备份</Button>}>
        {check.data?.autoBackupProblem && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 12 }}
            data-testid="auto-backup-problem"
            title="今天启动时的自动备份没有完成（数据没有受到影响）"
            description={`${check.data.autoBackupProblem}。请检查磁盘空间和数据文件夹后点“立即备份”。`}
          />
        )}
        <Table
          size="small"
          rowKey="path"
          loading={backups.loading}
          dataSource={backups.data ?? []}
          // Readable (antd's empty text is pale): that no backup exists matters here.
          locale={{ emptyText: <Typography.Text type="secondary">还没有备份。程序每天首次启动时自动备份；也可以点“立即备份”。</Typography.Text> }}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          columns={[
            { title: '时间', render: (_, b) => formatChineseDateTime(b.createdAt) },
            { title: '大小', render: (_, b) => formatBytes(b.size) },
            { title: '位置', dataIndex: 'path', ellipsis: true },
            {
              title: '操作',
              width: 90,
              render: (_, b) => (
                <Button size="small" onClick={() => restore(b)} aria-label={`恢复 ${formatChineseDateTime(b.createdAt)} 的备份`}>
                  恢复
                </Button>
              ),
            },
          ]}
        />
        <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
          程序每天首次启动时自动备份，保留最近 10 份。恢复备份会替换当前数据；被替换的数据库文件改名保留在原文件旁边，不会删除。
        </Typography.Paragraph>
      </Card>
      <BackupCopy />
    </Space>
  );
}

