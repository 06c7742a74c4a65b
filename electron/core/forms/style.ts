/**
 * Print CSS of the forms, after the conventions of GB/T 9704 and the ledgers
 * the offices already use (see docs/forms.md). Fonts are the ones installed
 * on the machine, with Noto CJK as the fallback: nothing is fetched.
 */
import { formatChineseDate } from '../../../shared/period';

export interface PageSetup {
  landscape: boolean;
  /** CSS margin of the page box: top right bottom left. */
  margin: string;
}

/** Wide tables: landscape, room at the top and bottom for the running header and page numbers. */
export const LEDGER_PAGE: PageSetup = { landscape: true, margin: '18mm 12mm 16mm 12mm' };
/** Narrow tables: portrait, binding margin on the left. */
export const PORTRAIT_LEDGER_PAGE: PageSetup = { landscape: false, margin: '20mm 15mm 18mm 22mm' };
/** Letters such as the supervision notice: GB/T 9704's text block (156 × 225 mm). */
export const LETTER_PAGE: PageSetup = { landscape: false, margin: '37mm 26mm 35mm 28mm' };

/*
 * Font stacks: the Windows and domestic-Linux faces first; then small
 * TrueType faces from Debian (fonts-arphic-gbsn00lp: AR PL SungtiL GB, a
 * GB2312 song face; fonts-wqy-microhei: a hei face), then Noto CJK.
 *
 * Why the small faces come before Noto: printing to PDF costs time for every
 * face a document uses, in proportion to the font file's size, and Noto CJK's
 * files are 20–27 MB collections of CFF fonts, which Chromium can only write
 * as Type 3 glyph drawings. Each Noto face cost 1.5–3.5 s of CPU a document; a 5 MB TrueType
 * face costs about 0.3 s and is embedded as a proper subset. Characters
 * outside GB2312 still fall back to Noto, glyph by glyph.
 *
 * Last, the faces of what Noto CJK lacks, so that a rare character of a place
 * or a person's name (𠀀, 𪚥: CJK Extension B and after) or an emoji is drawn,
 * not left out: Windows' SimSun-ExtB (and SimSun-ExtG, Windows 11),
 * MingLiU-ExtB, Debian's HanaMinB (fonts-hanazono), the system emoji faces.
 * What no face installed draws is said before printing (missing-glyphs.ts).
 */
const RARE = '"SimSun-ExtB", "SimSun-ExtG", "MingLiU-ExtB", "HanaMinB", "Segoe UI Emoji", "Noto Color Emoji", "Apple Color Emoji"';
export const FONTS = {
  title: `"方正小标宋简体", "FZXiaoBiaoSong-B05S", "STZhongsong", "SimSun", "AR PL SungtiL GB", "Noto Serif CJK SC", ${RARE}, serif`,
  body: `"仿宋_GB2312", "仿宋", "FangSong", "STFangsong", "AR PL SungtiL GB", "Noto Serif CJK SC", ${RARE}, serif`,
  table: `"宋体", "SimSun", "AR PL SungtiL GB", "Noto Serif CJK SC", ${RARE}, serif`,
  heading: `"黑体", "SimHei", "WenQuanYi Micro Hei", "Noto Sans CJK SC", ${RARE}, sans-serif`,
} as const;

/** The running header and the print date, in every page's margins. */
export interface RunningText {
  /** District · period · form. */
  header: string;
  /** The print date, YYYY-MM-DD. */
  printedOn: string;
  /**
   * A letter (督办单): each page is a document of its own, sent to one unit, dated in its body; no running header,
   * page count or print date (in a batch, 第 7 页 共 40 页 would tell a unit of the other 39).
   */
  letter?: boolean;
}

/** A CSS string literal that cannot end the string, the rule or the <style> element it sits in. */
export function cssString(text: string): string {
  return `"${text.replace(/[^\p{L}\p{N} ·，。、：（）〔〕—-]/gu, (c) => `\\${(c.codePointAt(0) as number).toString(16)} `)}"`;
}

/**
 * Page numbers 第 X 页 共 Y 页, the running header and the print date, as
 * CSS margin boxes: Chromium lays them out with the document (since 131; the
 * desktop app's Electron 45 is Chromium 140). Chromium's header and footer
 * templates did the same at a cost of about 8 ms a page, as each template is
 * a document of its own, laid out twice for every page.
 */
function marginBoxes(running: RunningText): string {
  if (running.letter) return '';
  const box = `font-family: ${FONTS.table}; color: #000;`;
  return `
  @top-left { content: ${cssString(running.header)}; ${box} font-size: 9pt; text-align: left; vertical-align: bottom; padding-bottom: 1mm; margin-bottom: 5mm; border-bottom: 0.5pt solid #999; }
  @top-right { content: ""; vertical-align: bottom; margin-bottom: 5mm; border-bottom: 0.5pt solid #999; }
  @bottom-center { content: "第 " counter(page) " 页 共 " counter(pages) " 页"; ${box} font-size: 10pt; vertical-align: top; padding-top: 2mm; }
  @bottom-right { content: ${cssString(`打印日期：${formatChineseDate(running.printedOn)}`)}; ${box} font-size: 9pt; text-align: right; vertical-align: top; padding-top: 2.3mm; }`;
}

export function formStyle(page: PageSetup, running: RunningText): string {
  return `
@page { size: A4 ${page.landscape ? 'landscape' : 'portrait'}; margin: ${page.margin};${marginBoxes(running)}
}
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; color: #000; background: #fff; font-family: ${FONTS.body}; font-size: 12pt; line-height: 1.5; }
@media screen {
  body { background: #e8e8e8; padding: 12px 0; }
  .sheet { background: #fff; margin: 0 auto 12px; padding: 12mm; width: ${page.landscape ? '297mm' : '210mm'}; box-shadow: 0 0 4px rgba(0,0,0,.3); }
}
.doc-head { text-align: center; margin-bottom: 4mm; }
.doc-title { font-family: ${FONTS.title}; font-weight: bold; font-size: 18pt; line-height: 1.35; margin: 0; }
.doc-sub { font-family: ${FONTS.body}; font-size: 14pt; margin: 1mm 0 0; }
.meta-line { display: flex; justify-content: space-between; gap: 8mm; font-size: 12pt; margin: 0 0 2mm; }
.overview { font-size: 11pt; margin: 0 0 2mm; }
/* A list's heading stays with its first lines (退回情况, 催报). */
.returns > p { break-after: avoid; page-break-after: avoid; }
.returns li { break-inside: avoid; }
table.ledger { width: 100%; border-collapse: collapse; table-layout: fixed; font-family: ${FONTS.table}; font-size: 10.5pt; line-height: 1.45; }
table.ledger th, table.ledger td { border: 0.75pt solid #000; padding: 1.2mm 1.5mm; vertical-align: top; overflow-wrap: anywhere; word-break: normal; }
table.ledger thead { display: table-header-group; }
table.ledger th { font-family: ${FONTS.heading}; font-weight: normal; font-size: 11pt; text-align: center; vertical-align: middle; background: #f0f0f0; }
table.ledger tr { break-inside: avoid; page-break-inside: avoid; }
table.ledger tr.category { break-after: avoid; page-break-after: avoid; }
table.ledger td.c { text-align: center; }
table.ledger td.m { vertical-align: middle; }
table.ledger td.cont { border-top-style: hidden; }
table.ledger tr.category td { font-family: ${FONTS.heading}; font-size: 11pt; background: #fafafa; }
table.ledger tr.total td { font-family: ${FONTS.heading}; }
table.ledger.blank tr:not(.category) td { height: 22mm; }
/* Tabs (rows pasted from Excel) stop every two characters' width: at 8 spaces they jumped half a narrow column. */
.text { white-space: pre-wrap; tab-size: 2em; }
.none { color: #444; }
.role { display: block; font-size: 9pt; color: #333; }
.pct { display: block; font-size: 9.5pt; }
td.choices { font-size: 9.5pt; line-height: 1.6; white-space: nowrap; }
.nw { white-space: nowrap; }
.indicators { margin-top: 1mm; padding-top: 1mm; border-top: 0.5pt dashed #666; font-size: 9.5pt; }
.indicators.alone { border-top: none; margin-top: 0; }
.bad { font-weight: bold; }
.fill-line { display: inline-block; border-bottom: 0.75pt solid #000; height: 1.2em; vertical-align: bottom; }
.date-blank { display: inline-block; padding-left: 2.2em; }
/* Kept with the table's last row (html.ts tableWithSign): a page holding nothing but the block would be signed and stamped blank. */
.sign { margin-top: 5mm; break-inside: avoid; page-break-inside: avoid; font-size: 12pt; line-height: 2.4; }
table.ledger tbody.closing { break-inside: avoid; page-break-inside: avoid; }
table.ledger tr.sign-row { break-before: avoid; page-break-before: avoid; }
/* Under a statistics table: with the lines above it. */
.sign.prepared { break-before: avoid; page-break-before: avoid; }
table.ledger tr.sign-row td { border: none; padding: 0; height: auto; font-family: ${FONTS.body}; text-align: left; }
.sign .row { display: flex; gap: 10mm; }
.sign .row > span { flex: 1; }
.sign .seal { margin-left: auto; width: fit-content; min-width: 80mm; text-align: center; line-height: 2; margin-top: 2mm; }
.seal-space { height: 20mm; }
.note { font-size: 10pt; margin-top: 3mm; }
.notice { break-after: page; page-break-after: always; font-size: 14pt; }
.notice:last-child { break-after: auto; page-break-after: auto; }
.notice .doc-title { font-size: 22pt; letter-spacing: 0.1em; }
.notice .docno { text-align: center; font-size: 14pt; margin: 2mm 0 5mm; }
table.notice-table { width: 100%; border-collapse: collapse; table-layout: fixed; font-size: 14pt; line-height: 1.5; }
table.notice-table col.label { width: 30mm; }
table.notice-table th, table.notice-table td { border: 0.75pt solid #000; padding: 2mm 3mm; vertical-align: top; overflow-wrap: anywhere; }
table.notice-table th { font-family: ${FONTS.heading}; font-weight: normal; text-align: center; vertical-align: middle; }
table.notice-table thead { display: table-header-group; }
table.notice-table thead th.docno { border: none; font-family: ${FONTS.body}; padding: 2mm 0 5mm; }
table.notice-table tr.flow { break-inside: auto; page-break-inside: auto; }
/* Long texts a size or two smaller, to keep the notice on its page (notice.ts, flowSize). */
.notice.flow-12 table.notice-table tr.flow td { font-size: 12pt; }
.notice.flow-10 table.notice-table tr.flow td { font-size: 10.5pt; }
table.notice-table tr.sign { break-before: avoid; page-break-before: avoid; }
table.notice-table tr.sign td { border: none; padding: 0; }
table.notice-table tr { break-inside: avoid; page-break-inside: avoid; }
/* GB/T 9704: the seal is pressed over the office and the date, its top within a line of the text above: room above them, none between. */
.issuer { margin: 8mm 0 0 auto; width: 110mm; text-align: center; font-size: 14pt; line-height: 1.8; break-inside: avoid; page-break-inside: avoid; }
/* Out of the flow (a float pushed the title off centre). */
.notice { position: relative; }
.notice .draft-mark { position: absolute; top: 0; right: 0; border: 1.5pt solid #000; padding: 1mm 4mm; font-family: ${FONTS.heading}; font-size: 16pt; letter-spacing: 0.3em; }
`;
}
