import { useState } from 'react';

/** What was typed in a dialog closed without sending it, by what it is for: kept while the app is open. */
const kept = new Map<string, string>();

/**
 * A text typed in a dialog (a 退回 reason, a note), kept when the dialog is closed without sending it (Escape, ✕,
 * 取消: often pressed by mistake while typing with an input method) and given back when it is opened again for the
 * same thing; `sent` forgets it once the action is done.
 */
export function useDraftText(key: string): [string, (text: string) => void, () => void] {
  const [text, setText] = useState(() => kept.get(key) ?? '');
  const set = (t: string): void => {
    setText(t);
    if (t === '') kept.delete(key);
    else kept.set(key, t);
  };
  const sent = (): void => {
    kept.delete(key);
  };
  return [text, set, sent];
}
