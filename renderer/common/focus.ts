import { useEffect, useState } from 'react';

/**
 * A ref that gives an element the keyboard's focus when it is put on the page (once: the same function every render).
 * For an element in a dialog: a dialog's content is put on the page after its opener's effects run, and antd's dialog
 * then sends the focus to its first control (the close button) unless the focus is in it already.
 */
export const focusOnMount = (el: HTMLElement | null): void => el?.focus();

/**
 * A frame from now (once what closed is off the page), the keyboard back on `el` when it was lost: on the page itself,
 * or still inside what closed (`within`, a selector). Where the user put it meanwhile (a click elsewhere) it stays.
 */
export function refocusIfLost(el: () => HTMLElement | null | undefined, within?: string): void {
  requestAnimationFrame(() => {
    const at = document.activeElement;
    const lost = at === null || at === document.body || (within !== undefined && at.closest(within) !== null);
    const target = el();
    if (lost && target?.isConnected) target.focus();
  });
}

/**
 * For a dialog put on the page only while it is open (`{x && <Dialog/>}`): antd gives the keyboard back to what had
 * it before only when a dialog closes by its animation; unmounted at once, the focus falls to the page. This gives it
 * back to the control that opened the dialog when the dialog goes, unless the focus was put somewhere meanwhile (what
 * the dialog did may move it on: a row out of its queue hands it to the next).
 */
export function useFocusReturn(): void {
  // Read while rendering the dialog's first time: before its own controls take the focus.
  const [opener] = useState(() => (document.activeElement instanceof HTMLElement ? document.activeElement : null));
  useEffect(() => () => refocusIfLost(() => opener), [opener]);
}

/**
 * On a wrapper of Ant Design's file drop area: Space opens the file chooser as Enter does (the area is a
 * role="button", and answers Enter only).
 */
export function spaceOpensChooser(e: { key: string; target: EventTarget; preventDefault(): void }): void {
  const t = e.target as HTMLElement;
  if (e.key === ' ' && t.matches('.ant-upload[role="button"]')) {
    e.preventDefault();
    t.click();
  }
}
