import { Alert, Card, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../api/client';
import { formatBytes } from '../api/files';
import { errorText } from './errors';
import { PathForm } from './PathForm';

const FOLDER_KEY = 'eco-progress.backup-folder';

/**
 * A whole copy of the database on another disk (a USB stick): the database
 * with every evidence file and imported original beside it (`backup.create`
 * with `folder`); the folder last used is offered again. For the bureau's
 * backup page and the clerk's 本机设置.
 */
export function BackupCopy() {
  const [copied, setCopied] = useState<string | null>(null);
  const [sameDisk, setSameDisk] = useState(false);
  const copyTo = async (folder: string): Promise<string | null> => {
    setCopied(null);
    const r = await api('backup.create', { folder });
    if (!r.ok) return errorText(r.error);
    // The folder last used is offered again.
    localStorage.setItem(FOLDER_KEY, folder);
    const f = r.value.files;
    setCopied(`已备份到 ${r.value.path}（数据库 ${formatBytes(r.value.size)}${f ? `；佐证材料和导入原件：新复制 ${f.copied} 个（${formatBytes(f.bytes)}），原有 ${f.kept} 个` : ''}）`);
    setSameDisk(r.value.sameDisk === true);
    return null;
  };
  return (
    <Card size="small" title="备份到U盘或其他磁盘（完整副本）">
      <Typography.Paragraph type="secondary">
        程序每天自动做的备份与数据保存在同一块磁盘上，只防数据库损坏，不防电脑损坏或丢失。请定期备份到U盘或其他磁盘：数据库连同全部佐证材料和导入的原始文件一起复制，得到一份完整副本（再次备份到同一文件夹时，只复制新增的文件）。
      </Typography.Paragraph>
      <PathForm id="backup-folder" label="文件夹" button="备份到此文件夹" initial={localStorage.getItem(FOLDER_KEY) ?? ''} empty="请填写备份到哪个文件夹，如 E:\生态文明进度备份" pickTitle="选择备份位置（如U盘）" run={copyTo} />
      {copied && <Alert type="success" showIcon style={{ marginTop: 12 }} title={copied} data-testid="backup-copied" />}
      {copied && sameDisk && <Alert type="warning" showIcon style={{ marginTop: 8 }} title="这个文件夹与数据在同一块磁盘上：磁盘损坏时副本也会一起损坏。请另备份到U盘或其他磁盘。" />}
    </Card>
  );
}
