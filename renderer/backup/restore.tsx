/** What a restore says before and after: shared by the backup page and the damaged-database page. */
import type { App as AntApp } from 'antd';
import type { RestoreResult } from '../../shared/api/core';
import { api } from '../api/client';
import { errorText } from '../common/errors';
import { formatChineseDateTime } from '../common/format';

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

export function restoredText(r: RestoreResult): string {
  return `已恢复到 ${formatChineseDateTime(r.createdAt)} 的备份${r.movedAside ? `；原数据已保留为 ${r.movedAside}` : ''}`;
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
      ui.message.success(restoredText(r.value), 8);
      opts.onRestored();
    },
  });
}
