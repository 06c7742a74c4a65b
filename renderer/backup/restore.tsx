/** What a restore says before and after: shared by the backup page and the damaged-database page. */
import type { RestoreResult } from '../../shared/api/core';
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

