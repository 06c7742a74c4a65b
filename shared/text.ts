/**
 * Text clean-up for the plan's wording. The seed is a plain-text copy of a web
 * page: ASCII punctuation stands where the printed document has full-width
 * marks, and one Cyrillic "Ш" stands for the Roman numeral "Ⅲ". Every change is
 * recorded so the UI can show the original next to the corrected text.
 */

export interface TextChange {
  /** Character offset in the original string. */
  at: number;
  from: string;
  to: string;
  reason: string;
}

const REPLACEMENTS: Record<string, { to: string; reason: string }> = {
  ',': { to: '，', reason: '半角逗号改为全角逗号' },
  ':': { to: '：', reason: '半角冒号改为全角冒号' },
  ';': { to: '；', reason: '半角分号改为全角分号' },
  '(': { to: '（', reason: '半角括号改为全角括号' },
  ')': { to: '）', reason: '半角括号改为全角括号' },
  '!': { to: '！', reason: '半角叹号改为全角叹号' },
  '?': { to: '？', reason: '半角问号改为全角问号' },
  Ш: { to: 'Ⅲ', reason: '西里尔字母“Ш”改为罗马数字“Ⅲ”（Ⅲ类水体）' },
};

/** Full-width punctuation for Chinese text; digits and decimal points are left alone. */
export function normalizePunctuation(original: string): { text: string; changes: TextChange[] } {
  const changes: TextChange[] = [];
  let text = '';
  for (let i = 0; i < original.length; i++) {
    const ch = original[i] as string;
    const rule = Object.prototype.hasOwnProperty.call(REPLACEMENTS, ch) ? REPLACEMENTS[ch] : undefined;
    if (rule) {
      changes.push({ at: i, from: ch, to: rule.to, reason: rule.reason });
      text += rule.to;
    } else {
      text += ch;
    }
  }
  return { text, changes };
}

/** Undo the recorded changes: gives back the original wording. */
export function restoreOriginal(text: string, changes: readonly TextChange[]): string {
  // Each change maps one character to one character, so offsets stay aligned
  // for BMP text (the plan contains no astral characters).
  const out = text.split('');
  for (const c of changes) {
    if (out[c.at] === c.to) out[c.at] = c.from;
  }
  return out.join('');
}

/**
 * Word's manual line break (VT, pasted from a Word document) and a page break (FF) are line breaks; DEL is nothing: what
 * a text keeps of them, on the clerk's form and in every save (texts saved by earlier versions hold them).
 */
export function asTyped(text: string): string {
  // (A CRLF from a file read on the command line is one line break, as the form and the workbook keep it: counted once.)
  const typed = /[\u000B\u000C\u007F\r]/.test(text) ? text.replace(/\r\n?/g, '\n').replace(/[\u000B\u000C]/g, '\n').replace(/\u007F/g, '') : text;
  return /[\uF06C\uF06E\uF076\uF0A7\uF0B7\uF0D8\uF0FC]/.test(typed) ? typed.replace(/[\uF06C\uF06E\uF076\uF0A7\uF0B7\uF0D8\uF0FC]/g, (c) => SYMBOL_BULLETS[c] ?? c) : typed;
}

/**
 * Word's and WPS's list bullets in the Symbol and Wingdings fonts, as a paste brings them: private-use code points (a box
 * on screen and in Excel, blank on paper), as the bullets they show. (The code points GB 18030 gives to 造字 lie below
 * U+E766; these are Microsoft's symbol-font range.)
 */
const SYMBOL_BULLETS: Readonly<Record<string, string>> = {
  '\uF06C': '●',
  '\uF06E': '■',
  '\uF076': '❖',
  '\uF0A7': '▪',
  '\uF0B7': '•',
  '\uF0D8': '➢',
  '\uF0FC': '✓',
};

/** Marks that take no space and say nothing: zero-width spaces and joiners, direction marks, a byte-order mark. */
const NO_WIDTH = /[\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g;

/**
 * A one-line field (填报人, 联系电话) as kept: without the marks that take no space, which come with a number or a name
 * copied from WeChat, a web page or a contact card (a phone number that looked right was refused, and the task with it,
 * for a character nobody could see), and a line break (a list read on the command line) a space.
 */
export function asOneLine(text: string): string {
  return text.replace(NO_WIDTH, '').replace(/\r\n|[\r\n]/g, ' ');
}

/** Control characters a text field cannot show or carry into a workbook (tab, line feed and carriage return are text; see `asTyped`), and broken characters. */
const INVISIBLE = /[\u0000-\u0008\u000E-\u001F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The text as a field keeps a paste from another program: line breaks as line breaks, the invisible rest dropped. */
export function withoutInvisible(text: string): string {
  return asTyped(text).replace(INVISIBLE, '');
}

/** The first character a text field cannot keep, with its place (counted in characters, from 1) and what it is; null when none. */
export function firstInvisible(text: string): { at: number; what: string } | null {
  INVISIBLE.lastIndex = 0;
  const m = INVISIBLE.exec(text);
  INVISIBLE.lastIndex = 0;
  if (!m) return null;
  const code = m[0].charCodeAt(0);
  const hex = code.toString(16).toUpperCase().padStart(4, '0');
  return { at: [...text.slice(0, m.index)].length + 1, what: code >= 0xd800 && code <= 0xdfff ? `无法显示的残缺字符（U+${hex}）` : `不可见的控制字符（U+${hex}）` };
}

/** Unit names as people type them: stray spaces, full-width brackets, odd variants. */
/**
 * A name without spaces and punctuation: the same task or indicator however it is punctuated (a revision that fixes a
 * comma is no change of name).
 */
export const squeezed = (s: string): string => s.replace(/[\s\p{P}]/gu, '');

export function canonicalUnitName(name: string): string {
  return name
    .normalize('NFKC')
    .replace(/[\s\u3000]+/g, '')
    .replace(/（/g, '(')
    .replace(/）/g, ')');
}

/** Below this likeness two titles name different things (a reworded title keeps most of its words). */
export const SAME_TASK_LIKENESS = 0.3;

/** How alike two names are: the share of their character pairs in common (Dice's coefficient over bigrams, spaces and punctuation aside), 0–1. */
export function likeness(a: string, b: string): number {
  const pairs = (s: string): string[] => {
    const t = Array.from(s.replace(/[\s\p{P}\p{S}]/gu, ''));
    return t.length < 2 ? [t.join('')] : t.slice(1).map((c, i) => `${t[i]}${c}`);
  };
  const x = pairs(a);
  const y = pairs(b);
  const left = new Map<string, number>();
  for (const p of y) left.set(p, (left.get(p) ?? 0) + 1);
  let common = 0;
  for (const p of x) {
    const n = left.get(p) ?? 0;
    if (n > 0) {
      common++;
      left.set(p, n - 1);
    }
  }
  return x.length + y.length === 0 ? 1 : (2 * common) / (x.length + y.length);
}

/** A path as typed or pasted: spaces and the quotes Explorer's 复制文件地址 puts around it taken off. */
export function unquotedPath(raw: string): string {
  return raw.trim().replace(/^["'“”‘’]+|["'“”‘’]+$/g, '').trim();
}

/**
 * A number as typed in text, as the import reads a cell and the app's number fields read what is typed: " 85 ",
 * "85%", "８５" (NFKC; characters nobody sees, pasted from chat programs, ignored); null for nothing typed, undefined
 * for text that is not a number (六十, 1/2, 55,6, 1e2), which is never read as another number.
 */
export function numberTyped(text: string): number | null | undefined {
  const s = text
    .normalize('NFKC')
    .replace(/[\u200b-\u200d\u2060\ufeff]/g, '')
    .trim()
    .replace(/%$/, '')
    .trim();
  if (s === '') return null;
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(s)) return undefined;
  return Number(s);
}
