import { Alert } from 'antd';
import { useLayoutEffect, useRef } from 'react';
import { parsePeriod } from '../../shared/period';
import type { AppInfo } from '../../shared/views';
import { host } from '../api/client';

/** Demo data is always labelled as such. */
export function DemoBanner({ info }: { info: AppInfo }) {
  const shown = info.demoPeriods.length > 0;
  // Messages below the banner too, not over its text (styles.css: --message-top; 72 px: below the header alone).
  const box = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const el = box.current;
    if (!shown || !el) return;
    const place = (): void => document.documentElement.style.setProperty('--message-top', `${Math.round(el.getBoundingClientRect().bottom) + 8}px`);
    place();
    const watch = new ResizeObserver(place);
    watch.observe(el);
    return () => {
      watch.disconnect();
      document.documentElement.style.removeProperty('--message-top');
    };
  }, [shown]);
  if (!shown) return null;
  // How to begin for real: another, empty data folder (the desktop app's menu; browser mode's --data-dir).
  const fresh =
    host.kind === 'browser'
      ? '正式使用前，请以一个空的数据文件夹启动（npm run serve -- --data-dir 文件夹），重新选择用途。'
      : '正式使用前，请用菜单“文件 → 更改数据文件夹…”换到一个空文件夹，重新选择用途。';
  return (
    <div ref={box}>
      <Alert banner type="warning" title={`本数据库包含演示数据（${info.demoPeriods.map((p) => parsePeriod(p).label).join('、')}），内容标有“【演示数据】”，仅供熟悉系统使用。${fresh}`} />
    </div>
  );
}
