/**
 * A ref that gives an element the keyboard's focus when it is put on the page (once: the same function every render).
 * For an element in a dialog: a dialog's content is put on the page after its opener's effects run, and antd's dialog
 * then sends the focus to its first control (the close button) unless the focus is in it already.
 */
export const focusOnMount = (el: HTMLElement | null): void => el?.focus();
