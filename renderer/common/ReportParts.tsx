/** Pieces every screen that shows a unit's report uses: its role on the task, its texts, when it was saved. */
import { Tag, Typography } from 'antd';
import type { UnitRole } from '../../shared/catalog/types';
import { indicatorText, type Report } from '../../shared/report';
import type { IndicatorView } from '../../shared/views';
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

/** 完成比例 as a description item. */
export const percentItem = (r: Pick<Report, 'percent'>) => ({ key: 'pc', label: '完成比例', children: r.percent === null ? '—' : `${r.percent}%` });

/** Each of the task's indicators: the value reported with its target, as description items. */
export const indicatorItems = (r: Pick<Report, 'indicators'>, indicators: readonly IndicatorView[]) =>
  indicators.map((ind) => ({ key: ind.id, label: ind.name, children: `${indicatorText(r.indicators[ind.id], ind.unit)}（目标：${ind.targetText.replace(/（(.*)）$/, '，$1')}）` })); // no brackets in brackets, as the printed form

/**
 * 更新于 2021年10月3日 10:00（第 2 次保存） as a description item: the report's own saves, not 第 N 版 (a submission's
 * revision, said beside it on the same screens).
 */
export const savedItem = (r: Pick<Report, 'updatedAt' | 'version'>) => ({ key: 'u', label: '更新于', children: `${formatChineseDateTime(r.updatedAt)}（第 ${r.version} 次保存）` });

/** A 存在问题 in a table's cell: two lines, the rest behind 展开 (a button the keyboard reaches, not a hover title). */
export function ProblemText({ text }: { text: string }) {
  return (
    <Typography.Paragraph style={{ marginBottom: 0 }} ellipsis={{ rows: 2, expandable: 'collapsible', symbol: (expanded: boolean) => (expanded ? '收起' : '展开') }}>
      {text}
    </Typography.Paragraph>
  );
}
