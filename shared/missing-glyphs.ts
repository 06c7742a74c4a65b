/**
 * Characters of a document that no font on this machine can draw: printed,
 * they would be blank gaps (a rare character of a place or a person's name,
 * CJK Extension B and after, an emoji, a character made with a 造字 program),
 * and nobody would notice on a signed and stamped form. Said before printing:
 * in the print preview (PrintPreview.tsx) and by the command line's PDF
 * (forms/pdf.ts).
 *
 * Runs in the browser, on the document to print: self-contained (Playwright
 * sends it to the page as its source text), nothing from outside its body.
 * Each character outside the common ranges is drawn on a canvas in the font
 * stack of the element holding it and compared with a code point no font
 * has: drawn alike (the same box, or nothing), no font here has it either.
 * The document may be hidden from the screen (printing only): the canvas and
 * computed styles do not need it shown.
 */
export function findMissingGlyphs(doc: PrintDocument): string[] {
  // The ranges every face the forms list covers (Latin, punctuation, the common CJK, full-width forms), and the
  // characters that draw nothing by design (spaces, joiners, variation selectors, tags).
  const common = (c: number): boolean =>
    c < 0x2e80 ||
    (c >= 0x3000 && c <= 0x33ff) ||
    (c >= 0x4e00 && c <= 0x9fff) ||
    (c >= 0xfe00 && c <= 0xfe0f) ||
    (c >= 0xfe30 && c <= 0xfe4f) ||
    (c >= 0xff00 && c <= 0xffef) ||
    (c >= 0xe0000 && c <= 0xe01ef);
  const emojiPictographs = (c: number): boolean => c >= 0x2600 && c <= 0x27bf;
  const canvas = doc.createElement('canvas');
  canvas.width = 48;
  canvas.height = 48;
  const g = canvas.getContext('2d', { willReadFrequently: true });
  if (!g) return [];
  const draw = (text: string, font: string): string => {
    g.clearRect(0, 0, 48, 48);
    g.font = `32px ${font}`;
    g.textBaseline = 'top';
    g.fillStyle = '#000';
    g.fillText(text, 4, 4);
    const px = g.getImageData(0, 0, 48, 48).data;
    // The alpha channel says where anything was drawn; colour says which emoji face drew it.
    let key = '';
    for (let i = 0; i < px.length; i += 16) key += String.fromCharCode(px[i + 3] ?? 0, (px[i] ?? 0) >> 4);
    return key;
  };
  const nothing = draw('', 'serif');
  const noneOf = new Map<string, string>();
  const missing = new Set<string>();
  const seen = new Set<string>();
  // NodeFilter.SHOW_TEXT
  const walker = doc.createTreeWalker(doc.body ?? doc.documentElement, 4);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.nodeValue ?? '';
    let font: string | null = null;
    for (const ch of text) {
      const c = ch.codePointAt(0) ?? 0;
      if (common(c) && !emojiPictographs(c)) continue;
      // Spaces, marks and format characters that draw nothing by design (a BOM pasted with a text, a soft hyphen).
      if ((c >= 0x2000 && c <= 0x206f) || c === 0xfeff || c === 0x00ad || c === 0x180e) continue;
      const parent = node.parentElement;
      if (!parent) continue;
      font ??= doc.defaultView?.getComputedStyle(parent).fontFamily || 'serif';
      const face: string = font;
      const key = `${face}\u0000${ch}`;
      if (seen.has(key)) continue;
      seen.add(key);
      let none = noneOf.get(face);
      if (none === undefined) {
        none = draw('\u{10FFFD}', face);
        noneOf.set(face, none);
      }
      const drawn = draw(ch, face);
      if (drawn === none || drawn === nothing) missing.add(ch);
    }
  }
  return [...missing];
}

/** What findMissingGlyphs uses of a DOM document (the core is typed without the DOM's types). */
export interface PrintDocument {
  body: unknown;
  documentElement: unknown;
  defaultView: { getComputedStyle(el: unknown): { fontFamily: string } } | null;
  createElement(tag: 'canvas'): {
    width: number;
    height: number;
    getContext(
      kind: '2d',
      opts: { willReadFrequently: boolean },
    ): {
      font: string;
      textBaseline: string;
      fillStyle: unknown;
      clearRect(x: number, y: number, w: number, h: number): void;
      fillText(text: string, x: number, y: number): void;
      getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> };
    } | null;
  };
  createTreeWalker(root: unknown, what: number): { nextNode(): { nodeValue: string | null; parentElement: unknown } | null };
}

/** The characters found missing, in words: “𠀀（U+20000）、🌿（U+1F33F）”. */
export const missingGlyphsText = (chars: readonly string[]): string =>
  chars
    .slice(0, 20)
    .map((ch) => `${ch}（U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}）`)
    .join('、') + (chars.length > 20 ? ` 等 ${chars.length} 个` : '');

/** What to say when some are missing: printed, they would be blank. */
export const missingGlyphsWarning = (chars: readonly string[]): string =>
  `本机没有能显示 ${missingGlyphsText(chars)} 的字体，打印出来这些字将是空白：请安装含这些字的字体（Windows 的 SimSun-ExtB 含扩展 B 区汉字；造字程序造的字须装上其字库），或在打印件上手写补齐`;
