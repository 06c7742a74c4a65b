import { App as AntApp, Card, Typography } from 'antd';
import { api } from '../api/client';
import { errorText } from '../common/errors';
import { PathForm } from '../common/PathForm';
import { showRestored } from './restore';

/**
 * A new computer, the app installed afresh, or a database that cannot be
 * opened: the data comes back from the whole copy made on a USB stick
 * (备份到U盘), evidence files and imported originals included.
 */
export function RestoreCopy({ onDone, title = '换了电脑或重装了系统？从U盘上的完整副本恢复', intro = '如果以前在“备份与恢复”（或填报端的“本机设置”）中备份到了U盘，在此填写当时的文件夹：数据库连同佐证材料和导入的原始文件一起恢复到本机，不必重新选择用途。' }: { onDone: () => void; title?: string; intro?: string }) {
  const { modal } = AntApp.useApp();
  const restore = async (path: string): Promise<string | null> => {
    const r = await api('backup.restore', { copy: path });
    if (!r.ok) return errorText(r.error);
    showRestored(modal, r.value);
    onDone();
    return null;
  };
  return (
    <Card size="small" style={{ marginTop: 24 }} title={title}>
      <Typography.Paragraph type="secondary">{intro}</Typography.Paragraph>
      <PathForm id="restore-copy" label="完整副本" button="从副本恢复" empty="请填写完整副本所在的文件夹（备份时填写的文件夹），或副本文件的完整路径" pickTitle="选择完整副本所在的文件夹（备份时选的文件夹）" pickCopies run={restore} />
    </Card>
  );
}
