/** What a restore says before and after: shared by the backup page and the damaged-database page. */
import { Typography, type App as AntApp } from 'antd';
import type { RestoreResult } from '../../shared/api/core';
import { api } from '../api/client';
import { errorText } from '../common/errors';
import { formatChineseDateTime } from '../common/format';
import { PathText } from '../common/PathText';

/** The confirm text of a restore: what is replaced, and that nothing is deleted. */
export function restoreWarning(createdAt: string, dbPath?: string) {
  const name = dbPath ? dbPath.split(/[\\/]/).pop() : '数据库文件';
  return (
    <>
      <p>将用 {formatChineseDateTime(createdAt)} 的备份替换当前数据，此后录入或导入的内容将不在恢复后的数据中。</p>
      <p>当前数据不会删除：现在的数据库文件会改名为“{name}.replaced-时间”，保留在原文件旁边{dbPath ? `（${dbPath} 所在的文件夹）` : ''}，需要时可以找回。</p>
    </>
  );
}

/**
 * What a restore did, in a dialog that stays until it is read (a toast was gone before anyone noted where the
 * replaced data went): which backup or copy came back, where the data it replaced is kept, and files a copy lacked.
 */
export function showRestored(modal: Modal, r: RestoreResult): void {
  const missing = r.missing ?? 0;
  const f = r.files;
  const copyName = r.restoredFrom.replace(/\.db$/i, '');
  const lines = [
    r.files ? <p key="from">已从完整副本 <PathText text={r.restoredFrom} /> 恢复{f && f.copied + f.kept > 0 ? `（佐证材料和导入原件 ${f.copied + f.kept} 个）` : ''}。</p> : <p key="from">已恢复到 {formatChineseDateTime(r.createdAt)} 的备份。</p>,
    r.movedAside ? (
      <p key="aside">
        原数据已保留为 <Typography.Text copyable={{ text: r.movedAside, tooltips: ['复制路径', '已复制'] }}><PathText text={r.movedAside} /></Typography.Text>，没有删除；需要时可以找回。
      </p>
    ) : null,
    missing > 0 ? (
      <p key="missing">
        副本缺少 {missing} 个佐证材料或导入原件文件：它们不在副本旁的“.files”文件夹中（可能只复制了 .db 文件）。请把备份时与副本一起生成的“{copyName}.files”文件夹放回副本旁，再恢复一次；或请各单位重新报送相应材料。
      </p>
    ) : null,
  ];
  void (missing > 0 ? modal.warning : modal.success)({
    title: missing > 0 ? '数据已恢复，但副本缺少部分文件' : '数据已恢复',
    content: <>{lines}</>,
    okText: '知道了',
    width: 520,
  });
}

type Modal = ReturnType<typeof AntApp.useApp>['modal'];
type Message = ReturnType<typeof AntApp.useApp>['message'];

/** Asks, restores the backup through the API, and reports the outcome. */
export function confirmRestore(
  ui: { modal: Modal; message: Message },
  backup: { path: string; createdAt: string },
  opts: { title: string; dbPath?: string; onBusy?: (busy: boolean) => void; onRestored: () => void },
): void {
  void ui.modal.confirm({
    title: opts.title,
    content: restoreWarning(backup.createdAt, opts.dbPath),
    okText: '恢复',
    okButtonProps: { danger: true },
    cancelText: '取消',
    // Replacing the data is never what Enter does: the focus starts on 取消.
    focusable: { autoFocusButton: 'cancel' },
    onOk: async () => {
      opts.onBusy?.(true);
      const r = await api('backup.restore', { path: backup.path });
      opts.onBusy?.(false);
      if (!r.ok) {
        ui.message.error(errorText(r.error));
        return;
      }
      showRestored(ui.modal, r.value);
      opts.onRestored();
    },
  });
}
