/**
 * Names for assistive technology in Chinese.
 *
 * Ant Design's icons name themselves in English for assistive technology
 * (`<span role="img" aria-label="dashboard">`; inside its own controls too:
 * `down`, `right`, `exclamation-circle`), so a screen reader set to Chinese
 * reads English words among the Chinese labels. Icons here stand beside a
 * text or inside a control that has its own name, so they are hidden from
 * assistive technology as they appear (ours and those Ant Design renders, in
 * portals such as menus and modals too). A button with nothing but an icon
 * (Ant Design's search, clear and page buttons) gets a Chinese name instead:
 * the title of the item it sits in, else the icon's meaning. The few English
 * names Ant Design gives its own controls (the number field's step buttons)
 * are put in Chinese.
 */
const ICON = 'span.anticon[role="img"]:not([aria-hidden])';

const MEANING: Record<string, string> = {
  search: '搜索',
  'close-circle': '清除',
  close: '关闭',
  left: '上一页',
  right: '下一页',
  'double-left': '向前',
  'double-right': '向后',
  down: '展开',
  up: '收起',
  plus: '添加',
  minus: '减少',
  delete: '删除',
  edit: '编辑',
  eye: '显示',
  'eye-invisible': '隐藏',
};

function nameButton(icon: Element): void {
  const button = icon.closest('button, [role="button"]');
  if (!button || button.hasAttribute('aria-label') || button.hasAttribute('aria-labelledby') || (button.textContent ?? '').trim() !== '') return;
  const titled = button.closest('[title]');
  const name = titled?.getAttribute('title') || MEANING[icon.getAttribute('aria-label') ?? ''];
  if (name) button.setAttribute('aria-label', name);
}

/** English names Ant Design gives parts of its controls. */
const ENGLISH: Record<string, string> = {
  'Increase Value': '增加',
  'Decrease Value': '减少',
};
const NAMED_IN_ENGLISH = Object.keys(ENGLISH).map((n) => `[aria-label="${n}"]`).join(', ');

/**
 * Ant Design's Spin, wrapped around content (every table is: it shows the table's loading state), makes the whole
 * content a polite live region: a screen reader would read out a table again whenever a row of it changes. The
 * wrapper keeps `aria-busy` (said while loading); the content is not read out by itself. A Spin standing alone (a
 * loading indicator in place of content) stays a live region.
 */
const LIVE_WRAPPER = '.ant-spin[aria-live="polite"]';

function quietWrapper(spin: Element): void {
  if (spin.querySelector(':scope > .ant-spin-container')) spin.setAttribute('aria-live', 'off');
}

/**
 * Scrolling parts Chromium lets the keyboard stop on (to scroll them with the arrow keys): a drawer's body and a
 * table's scrolled body. Named, so the stop is not an unnamed group: the drawer's by its title, a table's as the
 * table's rows.
 */
const SCROLLERS = '.ant-drawer-body:not([role]), .ant-table-body:not([role])';

function nameScroller(el: Element): void {
  const dialog = el.closest('[role="dialog"][aria-labelledby]');
  el.setAttribute('role', 'region');
  if (el.matches('.ant-drawer-body') && dialog) el.setAttribute('aria-labelledby', dialog.getAttribute('aria-labelledby') ?? '');
  else el.setAttribute('aria-label', el.matches('.ant-drawer-body') ? '内容' : '表格各行（可滚动）');
}

/**
 * A drop area's button (Ant Design's Upload): named by the `data-drop-name` of the element around it. An aria-label
 * given to Upload lands on its hidden file input; the button the keyboard stops on read out its whole hint instead.
 */
const DROP_BUTTON = '[data-drop-name] .ant-upload[role="button"]:not([aria-label])';

function fixIn(node: Element): void {
  for (const el of node.matches(SCROLLERS) ? [node] : [...node.querySelectorAll(SCROLLERS)]) nameScroller(el);
  for (const el of node.matches(DROP_BUTTON) ? [node] : [...node.querySelectorAll(DROP_BUTTON)]) el.setAttribute('aria-label', el.closest('[data-drop-name]')?.getAttribute('data-drop-name') ?? '');
  const wrappers = node.matches(LIVE_WRAPPER) ? [node] : [...node.querySelectorAll(LIVE_WRAPPER)];
  for (const spin of wrappers) quietWrapper(spin);
  const icons = node.matches(ICON) ? [node] : [...node.querySelectorAll(ICON)];
  for (const icon of icons) {
    nameButton(icon);
    icon.setAttribute('aria-hidden', 'true');
  }
  const named = node.matches(NAMED_IN_ENGLISH) ? [node] : [...node.querySelectorAll(NAMED_IN_ENGLISH)];
  for (const el of named) el.setAttribute('aria-label', ENGLISH[el.getAttribute('aria-label') ?? ''] ?? '');
}

export function fixAccessibleNames(root: Element = document.body): () => void {
  fixIn(root);
  const observer = new MutationObserver((records) => {
    for (const r of records) for (const n of r.addedNodes) if (n instanceof Element) fixIn(n);
  });
  observer.observe(root, { childList: true, subtree: true });
  return () => observer.disconnect();
}
