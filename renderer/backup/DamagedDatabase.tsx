import { App as AntApp, Button, Card, Descriptions, Result, Typography } from 'antd';
import { useState } from 'react';
import type { ApiError } from '../../shared/errors';
import { errorText } from '../common/errors';
import { formatChineseDateTime } from '../common/format';
import { useCall } from '../common/useCall';
import { confirmRestore } from './restore';
import { RestoreCopy } from './RestoreCopy';


/**
 * The database cannot be opened: say why, and offer the newest backup that
 * passes its check (the core names it in the error) with a 恢复 button.
 */
export function DamagedDatabase({ error, onRestored }: { error: ApiError; onRestored: () => void }) {
  const { message, modal } = AntApp.useApp();
  const backups = useCall('backup.list', {});
  const [busy, setBusy] = useState(false);
  const goodPath = error.details?.find((d) => d.file && d.message === '最近的完好备份')?.file ?? null;
  const good = goodPath ? (backups.data?.find((b) => b.path === goodPath) ?? null) : null;

  const restore = (): void => {
    if (!good) return;
    confirmRestore({ modal, message }, good, { title: '恢复最近的完好备份？', onBusy: setBusy, onRestored });
  };

  return (
    <div className="first-run">
      <Result status="error" title="数据文件无法打开" subTitle={errorText(error)} />
      {good ? (
        <Card title="最近一份完好的备份" data-testid="good-backup">
          <Descriptions size="small" column={1}>
            <Descriptions.Item label="备份时间">{formatChineseDateTime(good.createdAt)}</Descriptions.Item>
            <Descriptions.Item label="位置">{good.path}</Descriptions.Item>
          </Descriptions>
          <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
            恢复后，备份之后录入或导入的内容需要重新录入或导入。损坏的数据文件会改名保留，不会删除。
          </Typography.Paragraph>
          <Button type="primary" danger loading={busy} onClick={restore}>
            恢复
          </Button>
        </Card>
      ) : error.code === 'db_too_new' ? (
        // Nothing is damaged: an older program met a newer database. An older backup would lose what was entered since.
        <Typography.Paragraph type="secondary" data-testid="too-new">
          请向区局索取最新版本的安装程序，安装新版本的程序后再打开；不要用以前的备份或副本覆盖它，否则此后录入和导入的内容都会丢失。
        </Typography.Paragraph>
      ) : (
        !backups.loading && (
          <Typography.Paragraph type="secondary">
            {/* Said once: the message above may already say that no backup was found. */}
            {error.message.includes('没有找到可用的备份') ? '' : '本机上没有找到可用的备份。'}
            请不要删除数据文件：如备份到过U盘，可从下面的完整副本恢复；否则请联系技术人员处理。
          </Typography.Paragraph>
        )
      )}
      {/* A newer version's database is not replaced from here: an older copy would lose what was entered since. */}
      {error.code !== 'db_too_new' && (
        <RestoreCopy
          onDone={onRestored}
          title="从U盘上的完整副本恢复"
          intro="如果备份到过U盘（完整副本），也可以从它恢复：数据库连同佐证材料和导入的原始文件一起恢复。原来的数据文件会改名保留，不会删除。"
        />
      )}
    </div>
  );
}
