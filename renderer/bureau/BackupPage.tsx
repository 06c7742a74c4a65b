import { App as AntApp, Alert, Button, Card, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import type { AppInfo } from '../../shared/views';
import { api } from '../api/client';
import { ErrorNote } from '../common/ErrorNote';
import { errorText } from '../common/errors';
import { formatBytes } from '../api/files';
import { formatChineseDateTime } from '../common/format';
import { useCall } from '../common/useCall';

/** Backups (made daily at start-up and on demand) and the integrity check. */
export function BackupPage({ info }: { info: AppInfo }) {
  const { message } = AntApp.useApp();
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
    } else message.error(errorText(r.error));
  };
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small" title="数据检查">
        {check.error && <ErrorNote error={check.error} />}
        {check.data && (
          <Alert type={check.data.ok ? 'success' : 'error'} showIcon title={check.data.ok ? `数据库完好：共 ${check.data.reports} 条报告（数据结构第 ${check.data.schemaVersion} 版）` : `数据库有问题：${check.data.integrity.join('；')}`} />
        )}
      </Card>
      <Card size="small" title="备份" extra={<Button type="primary" loading={busy} onClick={() => void create()}>立即备份</Button>}>
        <Table
          size="small"
          rowKey="path"
          loading={backups.loading}
          dataSource={backups.data ?? []}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          columns={[
            { title: '时间', render: (_, b) => formatChineseDateTime(b.createdAt) },
            { title: '大小', render: (_, b) => formatBytes(b.size) },
            { title: '位置', dataIndex: 'path', ellipsis: true },
          ]}
        />
        <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
          程序每天启动时自动备份。恢复备份会替换当前数据，请先关闭本程序，再在命令行运行：
          <Typography.Text code copyable>{`npm run -s cli -- restore --db "${info.dbPath}" --latest`}</Typography.Text>
        </Typography.Paragraph>
      </Card>
    </Space>
  );
}
