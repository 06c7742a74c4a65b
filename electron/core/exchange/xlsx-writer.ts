/**
 * A small SpreadsheetML (.xlsx) writer for the workbooks whose layout we own
 * (the unit workbook and its template). It writes exactly the parts Excel,
 * WPS and LibreOffice need: shared strings, a style table built from the
 * styles actually used, merged cells, column widths, row heights, frozen
 * panes, data validation, sheet protection, print titles and page set-up.
 *
 * Why not ExcelJS here: writing one unit workbook with ExcelJS costs 6–40 ms
 * (its object model and XML writer), which missed the 10 ms target of issue 6
 * and made generating the province benchmark take over an hour. This writer
 * builds each part as one string and deflates it once, natively. The larger,
 * rarely written workbooks (set-up, district summary) still use ExcelJS.
 */
import { normalizeText } from './content';
import { zipPackage } from './excel-text';
import { breakBefore } from './style';

/** The height of a row written without one (sheetFormatPr's defaultRowHeight). */
const DEFAULT_ROW_PT = 15;

export interface FontSpec {
  name: string;
  size: number;
  bold?: boolean;
}

export interface StyleSpec {
  font: FontSpec;
  /** ARGB of a solid fill. */
  fill?: string;
  /** Thin black border on all four sides. */
  border?: boolean;
  horizontal?: 'left' | 'center';
  vertical?: 'top' | 'center';
  wrap?: boolean;
  /** Unlocked under the sheet's protection (an entry cell). */
  unlocked?: boolean;
  /**
   * Text format (@): what is typed stays as typed. In General cells Excel, WPS
   * and LibreOffice turn 10月31日 into a date and 05318421234 into a number
   * without its leading zero.
   */
  text?: boolean;
}

/** A cell: its value (null: styled but empty) and a style id from `XlsxBook.style`. */
export type Cell = readonly [value: string | number | null, style: number];

export interface Validation {
  type: 'list' | 'whole' | 'decimal';
  operator?: 'between';
  /** For a list: the items; otherwise the two bounds. */
  list?: readonly string[];
  min?: number;
  max?: number;
  errorTitle: string;
  error: string;
}

export interface PageSpec {
  landscape: boolean;
  /** Rows 1..n printed at the top of every page. */
  titleRows?: number;
  /** Margins, header/footer distance, centring, and the page-number footer. */
  ledger?: boolean;
}

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
const escapeXml = (s: string): string => s.replace(/[&<>"]/g, (c) => ESC[c] as string);

/**
 * Text as a cell carries it: normalised the way a spreadsheet keeps it, and
 * a literal "_x0041_" protected from being read back as an escaped character.
 */
function cellXml(s: string): string {
  return escapeXml(normalizeText(s).replace(/_(?=x[0-9a-fA-F]{4}_)/g, '_x005F_'));
}

export function columnName(col: number): string {
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

export const ref = (row: number, col: number): string => `${columnName(col)}${row}`;

class StyleTable {
  private fonts: string[] = ['<font><sz val="11"/><name val="宋体"/><family val="3"/><charset val="134"/></font>'];
  private fills: string[] = ['<fill><patternFill patternType="none"/></fill>', '<fill><patternFill patternType="gray125"/></fill>'];
  private borders: string[] = ['<border><left/><right/><top/><bottom/><diagonal/></border>'];
  private xfs: string[] = ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'];
  private ids = new Map<string, number>();

  private static index(list: string[], xml: string): number {
    const i = list.indexOf(xml);
    if (i >= 0) return i;
    list.push(xml);
    return list.length - 1;
  }

  id(s: StyleSpec): number {
    const key = JSON.stringify(s);
    const known = this.ids.get(key);
    if (known !== undefined) return known;
    const font = StyleTable.index(this.fonts, `<font>${s.font.bold ? '<b/>' : ''}<sz val="${s.font.size}"/><name val="${escapeXml(s.font.name)}"/><family val="3"/><charset val="134"/></font>`);
    const fill = s.fill ? StyleTable.index(this.fills, `<fill><patternFill patternType="solid"><fgColor rgb="${s.fill}"/><bgColor indexed="64"/></patternFill></fill>`) : 0;
    const thin = '<color rgb="FF000000"/>';
    const border = s.border
      ? StyleTable.index(this.borders, `<border><left style="thin">${thin}</left><right style="thin">${thin}</right><top style="thin">${thin}</top><bottom style="thin">${thin}</bottom><diagonal/></border>`)
      : 0;
    const align =
      s.horizontal || s.vertical || s.wrap
        ? `<alignment${s.horizontal ? ` horizontal="${s.horizontal}"` : ''}${s.vertical ? ` vertical="${s.vertical}"` : ''}${s.wrap ? ' wrapText="1"' : ''}/>`
        : '';
    const protection = s.unlocked ? '<protection locked="0"/>' : '';
    const applies =
      ` applyFont="1"${fill ? ' applyFill="1"' : ''}${border ? ' applyBorder="1"' : ''}${align ? ' applyAlignment="1"' : ''}${protection ? ' applyProtection="1"' : ''}`;
    const format = s.text ? ' numFmtId="49" applyNumberFormat="1"' : ' numFmtId="0"';
    const xf = `<xf${format} fontId="${font}" fillId="${fill}" borderId="${border}" xfId="0"${applies}${align || protection ? `>${align}${protection}</xf>` : '/>'}`;
    const id = StyleTable.index(this.xfs, xf);
    this.ids.set(key, id);
    return id;
  }

  xml(): string {
    return (
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
      `<fonts count="${this.fonts.length}">${this.fonts.join('')}</fonts>` +
      `<fills count="${this.fills.length}">${this.fills.join('')}</fills>` +
      `<borders count="${this.borders.length}">${this.borders.join('')}</borders>` +
      '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
      `<cellXfs count="${this.xfs.length}">${this.xfs.join('')}</cellXfs>` +
      '<cellStyles count="1"><cellStyle name="常规" xfId="0" builtinId="0"/></cellStyles>' +
      // One differential style: Excel's own "light red fill with dark red text", for cells a rule asks to fill (highlightWhen).
      '<dxfs count="1"><dxf><font><color rgb="FF9C0006"/></font><fill><patternFill><bgColor rgb="FFFFC7CE"/></patternFill></fill></dxf></dxfs><tableStyles count="0" defaultTableStyle="TableStyleMedium2" defaultPivotStyle="PivotStyleLight16"/>' +
      '</styleSheet>'
    );
  }
}

class SharedStrings {
  private index = new Map<string, number>();
  private items: string[] = [];
  count = 0;

  id(s: string): number {
    this.count++;
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.items.length;
      this.index.set(s, i);
      const x = cellXml(s);
      this.items.push(/^\s|\s$/.test(x) ? `<si><t xml:space="preserve">${x}</t></si>` : `<si><t>${x}</t></si>`);
    }
    return i;
  }

  xml(): string {
    return (
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${this.count}" uniqueCount="${this.items.length}">` +
      this.items.join('') +
      '</sst>'
    );
  }
}

export class XlsxSheet {
  private rows: string[] = [];
  private lastRow = 0;
  private maxCol = 1;
  private cols: string[] = [];
  private merges: string[] = [];
  private highlights: string[] = [];
  private validations = new Map<string, { v: Validation; refs: string[] }>();
  private frozenRows = 0;
  private protectedSheet = false;
  private page: PageSpec | null = null;
  private heights = new Map<number, number>();
  private widthUnits = 0;
  private keep: { from: number; to: number } | null = null;
  tabColor: string | null = null;

  constructor(
    readonly name: string,
    readonly hidden: boolean,
    private readonly strings: SharedStrings,
    /** Text kept in the cells themselves (t="inlineStr"), not in the shared strings. */
    private readonly inlineStrings = false,
  ) {}

  widths(widths: readonly number[]): void {
    this.cols = widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`);
    this.widthUnits = widths.reduce((a, b) => a + b, 0);
  }

  /**
   * Rows `from`..`to` printed on one page (the sign-off line with the last task above it): a manual page break before
   * `from` when the pages reckoned from the rows' heights would part them, or leave them at a page's foot (a ledger
   * page's set-up only).
   */
  keepTogether(from: number, to: number): void {
    this.keep = { from, to };
  }

  /** The row after which keepTogether's break goes, if one is needed. */
  private keepBreak(): number | null {
    const p = this.page;
    const k = this.keep;
    if (!p?.ledger || !k) return null;
    return breakBefore((r) => this.heights.get(r) ?? DEFAULT_ROW_PT, p.titleRows ?? 0, k.from, k.to, this.widthUnits, p.landscape) ? k.from - 1 : null;
  }

  /**
   * Rows are written in ascending order; a null cell is left out. `fitted`:
   * the height was reckoned from the row's texts, not set by hand (no
   * customHeight), so Excel and WPS fit the row again when a cell is edited.
   */
  row(r: number, cells: readonly (Cell | null)[], height?: number, fitted = false): void {
    if (r <= this.lastRow) throw new RangeError(`row ${r} written after row ${this.lastRow}`);
    this.lastRow = r;
    if (height) this.heights.set(r, height);
    let x = `<row r="${r}"${height ? ` ht="${height}"${fitted ? '' : ' customHeight="1"'}` : ''}>`;
    for (let i = 0; i < cells.length; i++) {
      const c = cells[i];
      if (!c) continue;
      const at = `${columnName(i + 1)}${r}`;
      const [v, s] = c;
      const style = s ? ` s="${s}"` : '';
      if (v === null || v === '') x += `<c r="${at}"${style}/>`;
      else if (typeof v === 'number') {
        if (!Number.isFinite(v)) throw new RangeError(`cell ${at}: ${v} is not a finite number`);
        x += `<c r="${at}"${style}><v>${v}</v></c>`;
      } else if (this.inlineStrings) x += `<c r="${at}"${style} t="inlineStr"><is><t xml:space="preserve">${cellXml(v)}</t></is></c>`;
      else x += `<c r="${at}"${style} t="s"><v>${this.strings.id(v)}</v></c>`;
      if (i + 1 > this.maxCol) this.maxCol = i + 1;
    }
    this.rows.push(x + '</row>');
  }

  merge(r1: number, c1: number, r2: number, c2: number): void {
    this.merges.push(`<mergeCell ref="${ref(r1, c1)}:${ref(r2, c2)}"/>`);
  }

  /** Validates the cell at (row, col); cells with an equal rule share one entry. */
  validate(row: number, col: number, v: Validation): void {
    const key = JSON.stringify(v);
    let entry = this.validations.get(key);
    if (!entry) this.validations.set(key, (entry = { v, refs: [] }));
    entry.refs.push(ref(row, col));
  }

  /**
   * Fills the cells of `range` (A1:B2) light red while `formula` holds, written for the range's top-left cell (relative
   * references move with each cell): what Excel, WPS and LibreOffice call conditional formatting, and all keep.
   */
  highlightWhen(range: string, formula: string): void {
    this.highlights.push(`<conditionalFormatting sqref="${range}"><cfRule type="expression" dxfId="0" priority="${this.highlights.length + 1}"><formula>${escapeXml(formula)}</formula></cfRule></conditionalFormatting>`);
  }

  freezeRows(n: number): void {
    this.frozenRows = n;
  }

  /** Protection without a password: stops accidental edits of locked cells. */
  protect(): void {
    this.protectedSheet = true;
  }

  pageSetup(p: PageSpec): void {
    this.page = p;
  }

  get titleRows(): number {
    return this.page?.titleRows ?? 0;
  }

  xml(): string {
    const p = this.page;
    const pr = this.tabColor || p ? `<sheetPr>${this.tabColor ? `<tabColor rgb="${this.tabColor}"/>` : ''}${p ? '<pageSetUpPr fitToPage="1"/>' : ''}</sheetPr>` : '';
    const dim = `<dimension ref="A1:${ref(Math.max(this.lastRow, 1), this.maxCol)}"/>`;
    const view = this.frozenRows
      ? `<sheetViews><sheetView workbookViewId="0"><pane ySplit="${this.frozenRows}" topLeftCell="A${this.frozenRows + 1}" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A${this.frozenRows + 1}" sqref="A${this.frozenRows + 1}"/></sheetView></sheetViews>`
      : '<sheetViews><sheetView workbookViewId="0"/></sheetViews>';
    const cols = this.cols.length ? `<cols>${this.cols.join('')}</cols>` : '';
    const protection = this.protectedSheet ? '<sheetProtection sheet="1" objects="1" scenarios="1" formatColumns="0" formatRows="0"/>' : '';
    const merges = this.merges.length ? `<mergeCells count="${this.merges.length}">${this.merges.join('')}</mergeCells>` : '';
    let dv = '';
    if (this.validations.size) {
      dv = `<dataValidations count="${this.validations.size}">`;
      for (const { v, refs } of this.validations.values()) {
        const f1 = v.type === 'list' ? `&quot;${escapeXml((v.list ?? []).join(','))}&quot;` : String(v.min);
        const f2 = v.type === 'list' ? '' : `<formula2>${v.max}</formula2>`;
        dv +=
          `<dataValidation type="${v.type}"${v.operator ? ` operator="${v.operator}"` : ''} allowBlank="1" showErrorMessage="1" errorStyle="stop"` +
          ` errorTitle="${escapeXml(v.errorTitle)}" error="${escapeXml(v.error)}" sqref="${refs.join(' ')}"><formula1>${f1}</formula1>${f2}</dataValidation>`;
      }
      dv += '</dataValidations>';
    }
    const print = p
      ? (p.ledger
          ? '<printOptions horizontalCentered="1"/><pageMargins left="0.5" right="0.5" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>'
          : '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>') +
        `<pageSetup paperSize="9" orientation="${p.landscape ? 'landscape' : 'portrait'}" fitToWidth="1" fitToHeight="0"/>` +
        (p.ledger ? '<headerFooter><oddFooter>&amp;C— &amp;P —</oddFooter></headerFooter>' : '')
      : '';
    // A manual break: id is the last row of the page before it.
    const breakAfter = this.keepBreak();
    const breaks = breakAfter === null ? '' : `<rowBreaks count="1" manualBreakCount="1"><brk id="${breakAfter}" max="16383" man="1"/></rowBreaks>`;
    return (
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
      pr +
      dim +
      view +
      '<sheetFormatPr defaultRowHeight="15"/>' +
      cols +
      `<sheetData>${this.rows.join('')}</sheetData>` +
      protection +
      merges +
      this.highlights.join('') +
      dv +
      print +
      breaks +
      '</worksheet>'
    );
  }
}

export interface PackageInfo {
  creator: string;
  application: string;
  /** Created and modified time of the document. */
  time: Date;
}

export class XlsxBook {
  private readonly styles = new StyleTable();
  private readonly strings = new SharedStrings();
  readonly sheets: XlsxSheet[] = [];

  style(s: StyleSpec): number {
    return this.styles.id(s);
  }

  sheet(name: string, opts: { hidden?: boolean; inlineStrings?: boolean } = {}): XlsxSheet {
    const s = new XlsxSheet(name, opts.hidden ?? false, this.strings, opts.inlineStrings ?? false);
    this.sheets.push(s);
    return s;
  }

  /** The package's bytes; every part's modified time is `info.time`. */
  toBuffer(info: PackageInfo): Buffer {
    const enc = new TextEncoder();
    const w3c = info.time.toISOString().replace(/\.\d{3}Z$/, 'Z');
    const sheetCt = this.sheets
      .map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`)
      .join('');
    const parts: Record<string, string> = {
      '[Content_Types].xml':
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        sheetCt +
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' +
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
        '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>' +
        '</Types>',
      '_rels/.rels':
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>' +
        '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>' +
        '</Relationships>',
      'docProps/app.xml':
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" ' +
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">' +
        `<Application>${escapeXml(info.application)}</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop></Properties>`,
      'docProps/core.xml':
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" ' +
        'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
        `<dc:creator>${escapeXml(info.creator)}</dc:creator><cp:lastModifiedBy>${escapeXml(info.creator)}</cp:lastModifiedBy>` +
        `<dcterms:created xsi:type="dcterms:W3CDTF">${w3c}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${w3c}</dcterms:modified>` +
        '</cp:coreProperties>',
      'xl/workbook.xml': this.workbookXml(),
      'xl/_rels/workbook.xml.rels':
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        this.sheets
          .map((_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`)
          .join('') +
        `<Relationship Id="rId${this.sheets.length + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
        `<Relationship Id="rId${this.sheets.length + 2}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>` +
        '</Relationships>',
    };
    // Sheets first: they fill the shared strings.
    this.sheets.forEach((s, i) => (parts[`xl/worksheets/sheet${i + 1}.xml`] = s.xml()));
    parts['xl/styles.xml'] = this.styles.xml();
    parts['xl/sharedStrings.xml'] = this.strings.xml();
    const entries: Record<string, Uint8Array> = {};
    for (const [name, xml] of Object.entries(parts)) entries[name] = enc.encode(xml);
    return zipPackage(entries, info.time);
  }

  private workbookXml(): string {
    const active = Math.max(0, this.sheets.findIndex((s) => !s.hidden));
    const sheets = this.sheets
      .map((s, i) => `<sheet name="${escapeXml(s.name)}" sheetId="${i + 1}"${s.hidden ? ' state="hidden"' : ''} r:id="rId${i + 1}"/>`)
      .join('');
    const titles = this.sheets
      .map((s, i) => (s.titleRows ? `<definedName name="_xlnm.Print_Titles" localSheetId="${i}">${escapeXml(`'${s.name.replace(/'/g, "''")}'!$1:$${s.titleRows}`)}</definedName>` : ''))
      .join('');
    return (
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
      '<workbookPr/>' +
      `<bookViews><workbookView activeTab="${active}"/></bookViews>` +
      `<sheets>${sheets}</sheets>` +
      (titles ? `<definedNames>${titles}</definedNames>` : '') +
      '<calcPr calcId="191029"/>' +
      '</workbook>'
    );
  }
}
