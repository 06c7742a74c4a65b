/** Pieces every screen that shows a unit's report uses: its role on the task, its texts, when it was saved. */
import { Tag } from 'antd';
import type { UnitRole } from '../../shared/catalog/types';
import type { Report } from '../../shared/report';
import { formatChineseDateTime } from './format';

export const ROLE_LABELS: Record<UnitRole, string> = { lead: '牵头', support: '配合' };

/** 牵头 (green) or 配合 (blue). */
export function RoleTag({ role }: { role: UnitRole }) {
  return <Tag color={role === 'lead' ? 'green' : 'blue'}>{ROLE_LABELS[role]}</Tag>;
}

type Texts = Pick<Report, 'progress' | 'problems' | 'next'>;

/** 工作进展, 存在问题, 下步计划 as description items, line breaks kept. */
export const reportTextItems = (r: Texts) => [
  { key: 'p', label: '工作进展', children: <span className="pre-wrap">{r.progress || '—'}</span> },
  { key: 'q', label: '存在问题', children: <span className="pre-wrap">{r.problems || '—'}</span> },
  { key: 'n', label: '下步计划', children: <span className="pre-wrap">{r.next || '—'}</span> },
];

/** 更新于 2021年10月3日 10:00（第 2 版） as a description item. */
export const savedItem = (r: Pick<Report, 'updatedAt' | 'version'>) => ({ key: 'u', label: '更新于', children: `${formatChineseDateTime(r.updatedAt)}（第 ${r.version} 版）` });
