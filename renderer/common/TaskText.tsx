import { Button, Typography } from 'antd';
import { useState } from 'react';
import type { TextChange } from '../../shared/text';

/** Corrections by kind, as counted: 半角逗号改为全角逗号 12 处、半角括号改为全角括号 4 处. */
function changesSaid(changes: readonly TextChange[]): string {
  const counts = new Map<string, number>();
  for (const c of changes) counts.set(c.reason, (counts.get(c.reason) ?? 0) + 1);
  return [...counts].map(([reason, n]) => `${reason} ${n} 处`).join('、');
}

/** The plan's original line with each character corrected marked (its correction in the mark's title). */
function Original({ text, changes }: { text: string; changes: readonly TextChange[] }) {
  const sorted = [...changes].sort((a, b) => a.at - b.at);
  const parts: (string | TextChange)[] = [];
  let at = 0;
  for (const c of sorted) {
    if (c.at < at || c.at + c.from.length > text.length) continue;
    if (c.at > at) parts.push(text.slice(at, c.at));
    parts.push(c);
    at = c.at + c.from.length;
  }
  if (at < text.length) parts.push(text.slice(at));
  return (
    <Typography.Paragraph className="pre-wrap original-text">
      {parts.map((p, i) =>
        typeof p === 'string' ? (
          p
        ) : (
          <mark key={i} title={`${p.reason}：“${p.from}”→“${p.to}”`}>
            {p.from}
          </mark>
        ),
      )}
    </Typography.Paragraph>
  );
}

/**
 * 任务内容与责任单位 as the app shows it (punctuation corrected), and, on request, the plan's original wording with
 * every correction marked: the changes made to the original are kept so they can be shown next to it.
 */
export function TaskText({ task }: { task: { no: number; body: string; unitsText: string; originalText: string; corrections: readonly TextChange[] } }) {
  const [original, setOriginal] = useState(false);
  return (
    <>
      <Typography.Paragraph className="pre-wrap">{task.body}</Typography.Paragraph>
      <Typography.Text type="secondary">{task.unitsText}</Typography.Text>
      {task.corrections.length > 0 && (
        <div className="original-toggle">
          <Button type="link" size="small" className="inline-link" aria-expanded={original} onClick={() => setOriginal(!original)}>
            {original ? '收起原文' : `查看工作方案原文（标点更正 ${task.corrections.length} 处）`}
          </Button>
          {original && (
            <>
              <Typography.Paragraph type="secondary">{`本系统显示的文字对原文做了以下更正：${changesSaid(task.corrections)}；原文中更正的字符标为黄色。`}</Typography.Paragraph>
              <Original text={task.originalText} changes={task.corrections} />
            </>
          )}
        </div>
      )}
    </>
  );
}
