import { focusOnMount } from './focus';

/**
 * The app's name at the top of a desk. Right after the first-run screen (开始使用, or a copy restored) the button
 * pressed is gone and the keyboard would be left on the page itself: it starts here instead, at the top, where a
 * screen reader says where it is and Tab goes on to the desk's first control.
 */
export function AppTitle({ text, arrived }: { text: string; arrived: boolean }) {
  return (
    <span className="app-title focus-target" tabIndex={-1} ref={arrived ? focusOnMount : undefined} data-testid="app-title">
      {text}
    </span>
  );
}
