/**
 * The bureau's bulk import. Every candidate is read, sniffed, parsed in a
 * killable worker, read and checked (a few at a time, so memory stays flat
 * however many files there are); accepted files are then applied, each in its
 * own savepoint, several sharing one commit (one fsync), so each file still
 * ends wholly imported or not at all.
 *
 * Two files of one run for the same unit and period with different content
 * must both be refused, so a file may only be applied once the run knows no
 * other file claims its unit and period. When every file's unit and period
 * can be read up front from its machine sheet alone (prescan, below: our own
 * unchanged .xlsx files), files whose unit and period occur once in the run
 * are applied as soon as they are checked, while the workers go on with the
 * rest; the others wait for the end. When any file's cannot (a re-saved,
 * .xls or .ods file), the run checks everything first and then applies.
 *
 * Each file ends in exactly one state. A dry run does the same inside one
 * transaction that is rolled back, so it reports exactly what would happen.
 */
import { rmSync } from 'node:fs';
import type { ImportFileResult, ImportReport, ImportStatus, MissingEvidence } from '../../../shared/api/exchange';
import { IMPORT_STATUSES } from '../../../shared/api/exchange';
import { AppError, ERROR_CODES, type ErrorDetail } from '../../../shared/errors';
import { unitsOfTask, type CoreContext } from '../context';
import { faultPoint } from '../fault';
import { HeapKeeper } from '../heap';
import { sha256, writeProblem } from '../fsutil';
import { archiveDir, evidenceDir, hashPath } from '../paths';
import { contentHash, type WorkbookContent } from './content';
import { applyBook, approvalSaid, attachCompleted, decide, evidenceCompleted, heldBefore, newestHeldIs, recordSubmission, stillReturned, type AcceptedBook } from './apply';
import { Bail, lazyPackage, readOurs } from './fast-xlsx.mjs';
import { ArchiveWriter, BookStage } from './import-stage';
import { DATABASE_ID, SHEETS, WRITER_APPLICATION } from './format';
import { DEFAULT_LIMITS, type ImportLimits } from './limits';
import { ParsePool, type ParseOutcome } from './parse-pool';
import { ReadEnv, readKey, TEMPLATE_WARNING, type ReadEnvData, type UnitWorkbookMeta } from './read-unit';
import { fromBytes, fromPaths, fromUploads, ioMessage, newReadRun, NO_EVIDENCE, type Candidate, type EvidenceFile } from './sources';
import { entryNamed } from './export-unit';
import { safeFileName } from '../services/reports';
import { canonicalUnitName } from '../../../shared/text';
import { firstSent, heldHere, heldSubmission, overviewUnits } from '../services/status';
import type { Submission } from '../store/repos/submissions';
import { formatChineseDateTime, isPeriodId, parsePeriod, revisionText, submissionState, type Period } from '../../../shared/period';
import type { Upload } from './uploads';
import { sniffRefusal, sniffWorkbook } from './zip-guard';

export interface ImportOptions {
  dryRun?: boolean;
  limits?: Partial<ImportLimits>;
}

// (A sheet renamed as its title names it is taken too: fast-xlsx.mjs, sheetWanted.)
const UNIT_SHEETS = Object.values(SHEETS);

/** This app's other workbooks, known by their sheets (ledger-workbook.ts, evidence-package.ts, summary-workbook.ts). */
const OWN_WORKBOOKS: { sheets: string[]; what: string }[] = [
  { sheets: ['工作台账', '报送台账'], what: '工作台账' },
  { sheets: ['目录', '待补佐证'], what: '佐证材料包目录' },
  { sheets: ['进展汇总', '指标达标情况'], what: '区汇总表' },
];

const PASSWORD_MESSAGE = '文件设置了打开密码（已加密），无法读取：请报送单位去掉密码、重新保存后再报送';

function parseMessage(o: Extract<ParseOutcome, { ok: false }>, limits: ImportLimits): string {
  switch (o.code) {
    case 'not_ours': {
      // Another of this app's own workbooks, imported by mistake: said as what it is.
      const own = OWN_WORKBOOKS.find((k) => k.sheets.every((n) => o.sheetNames?.includes(n)));
      if (own) return `这是本系统导出的${own.what}，不是单位报送文件，不能导入；请导入各单位导出的报送文件（.xlsx，或带佐证材料的 .zip）`;
      // Our unit workbook's sheets without the hidden one: copied into a new workbook, or the hidden sheet deleted.
      if ([SHEETS.cover, SHEETS.progress, SHEETS.indicators].every((n) => o.sheetNames?.some((x) => x.trim() === n))) {
        const c = o.cover;
        const said = c ? `（封面填的是${[c.unit && `单位“${c.unit}”`, c.period && `报送周期“${c.period}”`].filter(Boolean).join('，')}）` : '';
        return `看起来是单位报送工作簿${said}，但缺少系统写入的隐藏信息（工作表被复制到了新文件中，或隐藏的表被删除），无法核对单位和报送周期：请该单位在系统导出的原文件或区局下发的模板上填写后重新报送，不要另存到新文件`;
      }
      return `不是本系统导出的单位报送工作簿（缺少系统写入的隐藏信息${o.sheetNames?.length ? `；文件中的工作表：${o.sheetNames.slice(0, 5).join('、')}` : ''}）`;
    }
    case 'timeout':
      return `读取超时（超过 ${Math.round(limits.timeCapMs / 1000)} 秒），文件可能已损坏或被恶意改造，未导入：请报送单位重新导出后再报送`;
    case 'out_of_memory':
      return `读取此文件所需内存超过上限（${limits.workerHeapMb} MB），文件可能已损坏或被恶意改造，未导入：请报送单位重新导出后再报送`;
    case 'too_many_cells':
      return `工作簿单元格过多（超过 ${limits.maxCells} 个），不是本系统的报送工作簿，未导入`;
    case 'parse_crash':
      return '读取此文件时程序异常退出，文件可能已损坏，未导入：请报送单位重新导出后再报送';
    case 'damaged':
      return '文件已损坏（可能未传送完整），未导入：请报送单位重新导出或重新保存后再报送';
    case 'too_many_sheets':
      return `工作表过多（${o.count ?? 0} 个，上限 ${limits.maxSheets} 个），不是本系统的报送工作簿，未导入`;
    case 'too_deep':
      return '文件内部结构异常（层层嵌套过深），疑似被恶意改造，不予导入';
    case 'encrypted':
      return PASSWORD_MESSAGE;
    case 'dtd':
      return '文件内部含有正常工作簿不会有的定义（文档类型声明），疑似被恶意改造，不予导入';
    default:
      if (/password|encrypt/i.test(o.message)) return PASSWORD_MESSAGE;
      return '文件已损坏或格式无法识别，无法读取：请报送单位重新导出后再报送';
  }
}

/** What the apply pass needs of an accepted file besides its metadata. */
interface StagedBody {
  content: WorkbookContent;
  modified: boolean;
  sentAt: string | null;
  warnings: string[];
  /** A filled template's 佐证材料 rows whose file did not come (left out of `content`). */
  listedMissing: MissingEvidence[];
}

/** The .zip a file came in: its name as received and its SHA-256. */
type ContainerRef = NonNullable<ImportFileResult['container']>;

interface CheckedFile {
  file: string;
  sha256: string;
  size: number;
  container?: ContainerRef;
}

export type Checked =
  | (CheckedFile & { ok: true; meta: UnitWorkbookMeta; hash: string; staged: number; evidence: Candidate['evidence'] })
  | (CheckedFile & { ok: false; errors: ErrorDetail[]; unit: string | null; unitName: string | null; period: string | null; revision: number | null });

interface CheckEnv {
  /** One object per key for the whole run (units and periods of accepted files). */
  shared: <T>(key: string, value: T) => T;
  pool: ParsePool;
  limits: ImportLimits;
  stage: BookStage<StagedBody>;
  archive: ArchiveWriter | null;
  /** The database as the run started, which the workers read each file against. */
  snapshot: ReadEnvData;
  /** Set when the run is over (failed): answers still coming from the shared pool are dropped. */
  ended: boolean;
  /** Bytes of the files being checked (read, not yet answered). */
  bytes: number;
  /** Zips of several workbooks: what their workbooks list of the files beside them (see `unclaimed`). */
  zips: Map<ReadonlyMap<string, EvidenceFile>, ZipClaims>;
  /** This database's own id (its exports' `database_id`), null before its first export. */
  ownDatabase: string | null;
}

/** A zip of several workbooks, as its files are checked: the evidence they list, and the folders of those refused. */
interface ZipClaims {
  zip: string;
  bookFolders: readonly string[];
  claimed: Set<string>;
  /** What the workbooks list by hash, taken or not (a file changed on the way). */
  listed: { hash: string; name: string }[];
  /** Entries a template's rows found, taken or said why not (several alike, empty, workbooks sharing a folder). */
  mentioned: Set<string>;
  refused: Set<string>;
}

const claimsOf = (env: CheckEnv, c: Candidate): ZipClaims | null => {
  if (c.zip === undefined || c.evidence.size === 0) return null;
  let z = env.zips.get(c.evidence);
  if (!z) env.zips.set(c.evidence, (z = { zip: c.zip, bookFolders: c.bookFolders ?? [], claimed: new Set(), listed: [], mentioned: new Set(), refused: new Set() }));
  return z;
};

/**
 * The files of zips of several workbooks that none of them lists (a 说明.docx, a photo put in by hand), as
 * `zip.zip/folder/name`: not imported, and named (a unit's bundle alone says them in its warnings: `unlisted`). A file
 * a workbook lists by its name is not named, taken or not (that workbook's warnings say why not), nor one in the folder
 * of a workbook refused: it went with that workbook, whose refusal is said.
 */
/** Whether a zip's entry is a listed file by its name: as exported, as named, or (a template's) named without its extension. */
function listedAs(entry: string, e: { hash: string; name: string }): boolean {
  if (entryNamed(entry, e)) return true;
  const base = (entry.replace(/\\/g, '/').split('/').pop() ?? entry).toLowerCase();
  return !/\.[^./]{1,8}$/.test(e.name) && base.replace(/\.[^./]{1,8}$/, '') === e.name.toLowerCase();
}

function unclaimed(env: CheckEnv): string[] {
  const out: string[] = [];
  for (const [files, z] of env.zips) {
    const owner = (name: string): string | undefined =>
      z.bookFolders.filter((f) => f === '' || name.startsWith(`${f}/`)).sort((a, b) => b.length - a.length)[0];
    for (const [hash, f] of files) {
      if (z.claimed.has(hash)) continue;
      for (const name of [f.name, ...(f.also ?? [])]) {
        if (z.mentioned.has(name) || z.listed.some((e) => listedAs(name, e))) continue;
        const o = owner(name);
        if (o === undefined || !z.refused.has(o)) out.push(`${z.zip}/${name}`);
      }
    }
  }
  return out.sort((a, b) => a.localeCompare(b));
}

/**
 * One candidate read, parsed and checked. An accepted file's original is
 * archived, and so is the .zip it came in: the import traces back to the
 * very file received.
 */
async function check(env: CheckEnv, c: Candidate): Promise<Checked> {
  const zip = c.container;
  const held = { bytes: 0 };
  try {
    const out = await checkFile(env, c, held);
    if (!out.ok) claimsOf(env, c)?.refused.add(c.folder ?? '');
    if (zip && !env.ended) {
      let digest: string;
      try {
        digest = await zip.sha256;
      } catch {
        // Its file gone or unreadable since it was read: its original could not be archived, so the file is not taken.
        return out.ok ? refusedInRun(out, `无法再读取压缩包“${zip.file}”（导入期间被移走或删除？），无法存档其原件；请重新导入`) : out;
      }
      out.container = { file: zip.file, sha256: digest };
      // Written in the background (a zip may be large), once, by the first of its files accepted.
      const from = out.ok && env.archive ? zip.take() : null;
      if (from) env.archive?.startFrom(out.container.sha256, from, zip.file);
    }
    return out;
  } finally {
    env.bytes -= held.bytes;
    zip?.checked();
  }
}

/**
 * Files in a unit's bundle that its workbook does not list (added to the zip
 * by hand, or its 佐证材料 sheet edited): not imported, and said so. Said
 * only of a zip holding one workbook; in a zip of several, another may list
 * them. A file listed under the same name with another SHA-256 is said where
 * the listed one is missed (apply.ts). A filled template's: every entry whose
 * file was not taken and that no row found (`used`), by its place in the zip
 * (two 现场照片.jpg in two folders are two files).
 */
function unlisted(c: Candidate, listed: readonly { hash: string; name: string }[], template: boolean, used: ReadonlySet<string>): string[] {
  if (!c.soleBook) return [];
  const where = c.container ? '压缩包' : '文件夹';
  const taken = new Set(listed.map((e) => e.hash));
  const names = template
    ? [...c.evidence].flatMap(([hash, f]) => (taken.has(hash) ? [] : [f.name, ...(f.also ?? [])].filter((n) => !used.has(n))))
    : [...c.evidence].filter(([hash, f]) => !listed.some((e) => e.hash === hash || entryNamed(f.name, e))).map(([, f]) => f.name);
  return names.map((name) =>
    // A unit filling in the hand-fill template has no app to list them in: said so, with what it can do.
    template
      ? `${where}中的“${name}”没有列在工作簿的“佐证材料”表中，未导入（如需报送，请该单位在模板的“佐证材料”表中填写它的任务序号和文件名后重新报送）`
      : `${where}中的“${name}”没有列在工作簿的“佐证材料”表中，未导入（如需报送，请该单位在系统中添加为佐证材料后重新导出）`,
  );
}

/** An entry of a bundle holding an evidence file: the file (by its SHA-256), and the entry's name, in parts. */
interface Place {
  hash: string;
  file: EvidenceFile;
  path: string;
  parts: string[];
}

const pathParts = (n: string): string[] => n.replace(/\\/g, '/').split('/').filter((p) => p !== '' && p !== '.');
/** Names alike but for case, or for how an accented letter is encoded (NFC and NFD). */
const folded = (s: string): string => s.normalize('NFC').toLowerCase();
const HAS_EXTENSION = /\.[^./]{1,8}$/;

/**
 * The task a folder's name names: 任务4, 第4项, 4, 04 严格落实河长制湖长制工作 (as the 佐证材料包 names it), 4-河长制;
 * not a day or a month (4.10巡河, 4-10检查, 4 月份). Null for any other name.
 */
export const taskOfFolder = (folder: string): number | null => {
  const m = /^(?:任务|第)?\s*0*(\d+)\s*(?:项任务|项)?(?:$|[\s._\-、—:：（(](?!\d)(?![\d\s]*[月日号]))/.exec(folder.trim());
  return m === null ? null : Number(m[1]);
};
const namesTask = (folder: string, no: number): boolean => taskOfFolder(folder) === no;

/**
 * The entries a template's row names: those whose place ends as the name does (任务4/现场照片.jpg), the longest part of
 * it that some entry ends with (a path typed from the clerk's computer, D:\\报送\\佐证材料\\任务4\\现场照片.jpg); as
 * written first, then case aside, then as safeFileName would keep both (巡河记录 10:30.pdf). `stem`: found by the name
 * without its extension (造林现场照片 for 造林现场照片.jpg: Windows hides known extensions).
 */
function placesNamed(listed: string, places: readonly Place[]): { hit: Place[]; stem: boolean; matched: number } {
  const want = pathParts(listed);
  const same: ((a: string, b: string) => boolean)[] = [(a, b) => a === b, (a, b) => folded(a) === folded(b), (a, b) => folded(safeFileName(a)) === folded(safeFileName(b))];
  for (let k = want.length; k >= 1; k--) {
    const tail = want.slice(-k);
    for (const eq of same) {
      const hit = places.filter((p) => p.parts.length >= k && tail.every((w, i) => eq(p.parts[p.parts.length - k + i] as string, w)));
      if (hit.length > 0) return { hit, stem: false, matched: k };
    }
  }
  const base = want.at(-1);
  if (base === undefined || HAS_EXTENSION.test(base)) return { hit: [], stem: false, matched: 0 };
  return { hit: places.filter((p) => folded((p.parts.at(-1) ?? '').replace(HAS_EXTENSION, '')) === folded(base)), stem: true, matched: 1 };
}

/**
 * Of the entries a row found by the end of its name only (its folder not found: `matched` parts of it), those in a
 * folder that says they are another's: one naming another task (任务4 for a row of task 6), or the folder another row
 * of the template names (9月 for a row of 3月/照片.jpg, where another row lists 9月/照片.jpg). A folder written from the
 * clerk's computer (D:\报送\…) is no such thing.
 */
function othersOf(hit: readonly Place[], want: readonly string[], matched: number, task: number, rowFolders: ReadonlySet<string>): Place[] {
  if (matched >= want.length) return [];
  const wanted = folded(want[want.length - matched - 1] as string);
  return hit.filter((p) => {
    const at = p.parts[p.parts.length - matched - 1];
    if (at === undefined || folded(at) === wanted) return false;
    const named = taskOfFolder(at);
    return (named !== null && named !== task) || rowFolders.has(folded(at));
  });
}

/**
 * A filled template's 佐证材料 rows name files without their hash: each is
 * found in its bundle by name (see placesNamed) and takes that file's hash and
 * size. Several files of that name with different content: the one under a
 * folder naming the row's task (任务4/现场照片.jpg) is taken, else none (said,
 * naming them: never one picked unsaid). A row whose file did not come is left
 * out, and said. `used`: the entries the rows found (taken, or said why not).
 */
function resolveListed(c: Candidate, content: WorkbookContent): { content: WorkbookContent; said: string[]; missing: MissingEvidence[]; used: Set<string> } {
  const used = new Set<string>();
  if (!content.evidence.some((e) => e.hash === '')) return { content, said: [], missing: [], used };
  // A unit's bundle: all its files. A zip of several workbooks: the files in this workbook's own folder only (another
  // unit's 照片1.jpg is not this one's); none when the workbooks share the top of the zip.
  const shared = !c.soleBook && c.folderShared === true;
  // A file is the workbook's whose folder is the nearest above it (收件箱/济阳街道/佐证材料/… is not 收件箱/'s).
  const owner = (name: string): string | undefined =>
    (c.bookFolders ?? [])
      .filter((f) => f === '' || name.startsWith(`${f}/`))
      .sort((a, b) => b.length - a.length)[0];
  // Every name of every file (the same bytes may lie under two names, or in several units' folders): this one's.
  // A damaged entry is no file to take: a row naming only such finds none, and says it damaged.
  const all = [...c.evidence].flatMap(([hash, file]) =>
    [file.name, ...(file.also ?? [])].filter((path) => c.soleBook || c.folder === undefined || owner(path) === c.folder).map((path): Place => ({ hash, file, path, parts: pathParts(path) })),
  );
  const places = all.filter((p) => !p.file.damaged);
  const damaged = all.filter((p) => p.file.damaged);
  const where = c.container ? '压缩包' : '文件夹';
  const said: string[] = [];
  const missing: MissingEvidence[] = [];
  const out: WorkbookContent['evidence'] = [];
  // The folders the rows name, each just above a file's name (3月 of 3月/照片.jpg).
  const rowFolders = new Set(content.evidence.flatMap((e) => (e.hash === '' ? pathParts(e.name).slice(0, -1).map(folded) : [])));
  for (const e of content.evidence) {
    if (e.hash !== '') {
      out.push(e);
      continue;
    }
    const listed = `“${SHEETS.evidence}”表${e.row !== undefined ? `第 ${e.row} 行` : ''}列出的“${e.name}”（第 ${e.task} 项任务）`;
    const named = placesNamed(e.name, places);
    const { stem } = named;
    // Its folder not found, a file of its name in a folder that is another task's or another row's is not taken for it.
    const want = pathParts(e.name);
    const others = othersOf(named.hit, want, named.matched, e.task, rowFolders);
    const hit = named.hit.filter((p) => !others.includes(p));
    if (hit.length === 0 && others.length > 0) {
      missing.push({ task: e.task, name: e.name });
      said.push(`${listed}不在${where}中，未导入：${where}中的${others.slice(0, 3).map((p) => `“${p.path}”`).join('、')}在另一个文件夹中，不是这一行的文件（请该单位核对后把它放入“${SHEETS.evidence}”文件夹，重新报送）`);
      continue;
    }
    if (shared) {
      // Found, but whose it is cannot be told: not taken, said so (and not said again as a file no workbook lists).
      for (const p of hit) used.add(p.path);
      missing.push({ task: e.task, name: e.name });
      said.push(
        `${listed}未导入：压缩包的同一文件夹中有多个工作簿，无法分辨佐证材料属于哪个单位；请把每个单位的工作簿和“${SHEETS.evidence}”文件夹放在各自的文件夹中，或每个单位单独压缩`,
      );
      continue;
    }
    let found = hit;
    if (new Set(hit.map((p) => p.hash)).size > 1) {
      // Files of that name, not alike: the one in a folder naming this row's task (任务4/现场照片.jpg), if one only.
      const mine = hit.filter((p) => p.parts.slice(0, -1).some((f) => namesTask(f, e.task)));
      if (mine.length > 0 && new Set(mine.map((p) => p.hash)).size === 1) found = mine;
    }
    const hashes = new Set(found.map((p) => p.hash));
    if (hashes.size > 1) {
      for (const p of found) used.add(p.path);
      missing.push({ task: e.task, name: e.name });
      const shown = found.slice(0, 5).map((p) => `“${p.path}”`);
      const example = pathParts(found[0]!.path).slice(-2).join('/');
      // In one folder, they differ by case only (Photo.jpg, photo.jpg): a folder written tells them no better.
      const oneFolder = new Set(found.map((p) => p.parts.slice(0, -1).join('/'))).size === 1;
      const advice = oneFolder ? '请该单位把这些文件改为不同的名称（不只是大小写不同），并在“文件名”中照写' : `请该单位在“文件名”中写明文件所在的文件夹（如“${example}”），或把这些文件改为不同的名称`;
      said.push(`${listed}未导入：${where}中有 ${hashes.size} 个内容不同的文件与此名称相符（${shown.join('、')}${found.length > 5 ? ' 等' : ''}），无法分辨是哪一个；${advice}后重新报送`);
      continue;
    }
    const first = found[0];
    const broken = first ? [] : placesNamed(e.name, damaged).hit;
    if (broken.length > 0) {
      for (const p of broken) used.add(p.path);
      missing.push({ task: e.task, name: e.name });
      said.push(`${listed}在${where}中已损坏（可能未传送完整），无法解压，未导入；工作簿中的填报内容已导入：请该单位重新压缩后报送`);
      continue;
    }
    if (!first) {
      missing.push({ task: e.task, name: e.name });
      const at = c.container ? '压缩包' : places.length > 0 ? '文件夹' : null;
      said.push(`${listed}${at ? `不在${at}中` : '没有随工作簿报送'}，未导入（请该单位把它放入“${SHEETS.evidence}”文件夹，与工作簿一起压缩为 .zip 重新报送）`);
      continue;
    }
    for (const p of found) used.add(p.path);
    const { hash, file } = first;
    if (stem) said.push(`${listed}没有写扩展名，按文件名取了${where}中的“${first.path}”`);
    else if (named.matched < want.length && first.parts.length > named.matched) {
      // Its folder not found, and the file of its name lies in another (3月/照片.jpg taken from 9月/): said, with both.
      const wanted = want.at(-named.matched - 1) as string;
      const at = first.parts.at(-named.matched - 1) as string;
      if (folded(at) !== folded(wanted)) said.push(`${listed}所写的文件夹“${wanted}”不在${where}中，按文件名取了“${first.path}”：请与该单位核对是否为同一文件`);
    }
    // An empty file (0 bytes: a copy that failed, a placeholder) is no evidence, as 添加佐证材料 refuses one: said, counted missing.
    if (file.size === 0) {
      missing.push({ task: e.task, name: e.name });
      said.push(`${listed}是空文件（0 字节），未导入：请该单位放入实际的文件后重新报送`);
      continue;
    }
    // Kept under the listed name (its last part); taken by its name without the extension: under the file's own name, so
    // it opens as what it is.
    const kept = safeFileName(stem ? (first.parts.at(-1) ?? e.name) : e.name);
    if (!out.some((x) => x.task === e.task && x.hash === hash)) out.push({ task: e.task, name: kept, size: file.size, hash });
  }
  return { content: { ...content, evidence: out }, said, missing, used };
}

/** An empty file's SHA-256. */
const EMPTY_SHA256 = sha256(new Uint8Array(0));

/**
 * Rows of files with their hash that are empty files (0 bytes): no evidence, as 添加佐证材料 refuses one and a
 * template's row is not taken (resolveListed): left out, said, counted missing. Their entries count as found (`used`).
 */
function withoutEmpty(c: Candidate, listed: { content: WorkbookContent; said: string[]; missing: MissingEvidence[]; used: Set<string> }): typeof listed {
  const empty = listed.content.evidence.filter((e) => e.hash === EMPTY_SHA256);
  if (empty.length === 0) return listed;
  const f = c.evidence.get(EMPTY_SHA256);
  for (const n of f ? [f.name, ...(f.also ?? [])] : []) listed.used.add(n);
  return {
    content: { ...listed.content, evidence: listed.content.evidence.filter((e) => e.hash !== EMPTY_SHA256) },
    said: [...listed.said, ...empty.map((e) => `佐证材料“${e.name}”（第 ${e.task} 项任务）是空文件（0 字节），未导入：请该单位打开原文件检查，添加实际的文件后重新导出报送`)],
    missing: [...listed.missing, ...empty.map((e) => ({ task: e.task, name: e.name }))],
    used: listed.used,
  };
}

/**
 * A file named for another unit of the list (济北街道-2026年第三季度.xlsx holding 济阳街道's workbook): said, as it is
 * taken for the unit its workbook names. One unit may have sent another's file, or filled in a copy of another's: the
 * bureau asks both before the one counts as sent and the other as not.
 */
function namedForOther(file: string, unit: { code: string; name: string }, snap: ReadEnvData): string[] {
  const name = file.split(/[\\/]/).pop() ?? file;
  const base = canonicalUnitName(name.replace(/\.[^.]*$/, ''));
  if ([unit.name, ...(snap.formerNames?.[unit.code] ?? [])].some((n) => base.includes(canonicalUnitName(n)))) return [];
  // The longest name found (济阳街道, where a shorter name is part of it); the names as compared made once per run.
  const other = unitNames(snap)
    .all.filter((x) => x.u.code !== unit.code && base.includes(x.name))
    .map((x) => x.u)
    .sort((a, b) => b.name.length - a.name.length)[0];
  return other
    ? [`文件名“${name}”写的是“${other.name}”，工作簿却是“${unit.name}”的（封面和机读信息），按“${unit.name}”的报送处理：请向两个单位核实，是否报错了文件，或用别的单位的文件改填`]
    : [];
}

/** A quarter or half-year a file's name says, its year where the name gives one. */
interface NamedPeriod {
  year: number | null;
  kind: 'quarter' | 'half';
  n: number;
}

/**
 * The quarter or half-year a file's name says: 济阳街道-2026年第四季度.xlsx, 2026年四季度, 2026Q4, the app's own
 * 济阳街道-2026-Q4-第1版.xlsx, 2026年上半年, 2026-H1; four without a year (济阳街道四季度报送.xlsx); its months
 * (2026.10-12月, 2026年10月-12月, 7-9月, 1-6月). Null when it says none, or several (2026年三、四季度, 7-12月 beside
 * 第四季度).
 */
export function periodNamed(fileName: string): NamedPeriod | null {
  const s = fileName.normalize('NFKC').replace(/\s+/g, '');
  // Quarters listed together (三、四季度, 三四季度, 3-4季度, 2026Q3-Q4): several.
  if (/[一二三四1-4][、,，和及至到~-][一二三四1-4]季度|[一二三四][一二三四]季度|[QH][1-4][、,，和及至到~-][QH]?[1-4](?!\d)/i.test(s)) return null;
  const found: NamedPeriod[] = [];
  const year = (y: string | undefined): number | null => (y === undefined ? null : Number(y));
  // A year is 20xx and no part of a longer run of digits (济阳街道0105四季度, 20261231第四季度: a date, not a year).
  for (const m of s.matchAll(/(?:(?<!\d)(20\d{2})(?:年度?|[-_.])?)?第?([一二三四1-4])季度/g)) found.push({ year: year(m[1]), kind: 'quarter', n: '一二三四'.includes(m[2]!) ? '一二三四'.indexOf(m[2]!) + 1 : Number(m[2]) });
  for (const m of s.matchAll(/(?<!\d)(20\d{2})(?:年度?|[-_.])?([QH])([1-4])(?!\d)/gi)) {
    const n = Number(m[3]);
    if (m[2]!.toUpperCase() === 'Q') found.push({ year: year(m[1]), kind: 'quarter', n });
    else if (n <= 2) found.push({ year: year(m[1]), kind: 'half', n });
  }
  // Q4 with its year after it (Q4-2026), or alone (济阳街道Q4): not a letter's or a digit's neighbour (SQ1, 2026Q4).
  for (const m of s.matchAll(/(?<![A-Za-z\d])Q([1-4])[-_.]?(20\d{2})(?!\d)/gi)) found.push({ year: year(m[2]), kind: 'quarter', n: Number(m[1]) });
  for (const m of s.matchAll(/(?<![A-Za-z\d年度_.-])Q([1-4])(?!\d)(?![-_.]?20\d{2})/gi)) found.push({ year: null, kind: 'quarter', n: Number(m[1]) });
  for (const m of s.matchAll(/(?:(?<!\d)(20\d{2})年度?)?(上|下)半年/g)) found.push({ year: year(m[1]), kind: 'half', n: m[2] === '上' ? 1 : 2 });
  // A quarter's or half-year's months, the last followed by 月 (10-12月, 10月至12月); other spans (10-11月) say nothing.
  for (const m of s.matchAll(/(?:(?<!\d)(20\d{2})(?:年度?|[-_.])?)?(?<!\d)(1[0-2]|0?[1-9])月?[-~至到—–](1[0-2]|0?[1-9])月/g)) {
    const [from, to] = [Number(m[2]), Number(m[3])];
    if (to - from === 2 && from % 3 === 1) found.push({ year: year(m[1]), kind: 'quarter', n: (from + 2) / 3 });
    else if (to - from === 5 && from % 6 === 1) found.push({ year: year(m[1]), kind: 'half', n: (from + 5) / 6 });
  }
  // The same period said twice, once with its year (2026年第四季度（10-12月）): one.
  const dated = new Set(found.filter((f) => f.year !== null).map((f) => `${f.kind}-${f.n}`));
  const distinct = new Map(found.filter((f) => f.year !== null || !dated.has(`${f.kind}-${f.n}`)).map((f) => [`${f.year}-${f.kind}-${f.n}`, f]));
  return distinct.size === 1 ? ([...distinct.values()][0] as NamedPeriod) : null;
}

/**
 * A file named for another period than its workbook's (区卫生健康局-2026年第四季度.xlsx holding its 2027年第一季度
 * workbook: a clerk whose desk had moved on to the new quarter typed the late one's work there): said, as it is taken
 * for the period its workbook names. The name is a person's, the workbook the app's: the bureau asks which was meant.
 */
function namedForOtherPeriod(file: string, period: Period): string[] {
  // The file's own name, else the nearest folder or zip above it that names a period (济阳街道2026年第四季度.zip
  // holding 济阳街道.xlsx). A name is a person's words: a year is read only as 20xx (a date read as one, 济阳街道0105
  // 四季度报送.xlsx, had thrown and ended the whole import; a fault here now refuses the one file, checkFile).
  const parts = file.split(/[\\/]/).filter(Boolean);
  let named: NamedPeriod | null = null;
  let name = '';
  for (let i = parts.length - 1; i >= 0 && !named; i--) {
    named = periodNamed(parts[i]!);
    name = parts[i]!;
  }
  const whose = name === parts.at(-1) ? `文件名“${name}”` : `文件所在的“${name}”`;
  if (!named || named.kind !== period.kind || (named.year !== null && !isPeriodId(`${named.year}-Q1`))) return [];
  const id = named.kind === 'quarter' ? `Q${named.n}` : `H${named.n}`;
  const [y, part] = period.id.split('-') as [string, string];
  if (part === id && (named.year === null || named.year === Number(y))) return [];
  const label = parsePeriod(`${named.year ?? y}-${id}`).label;
  return [`${whose}写的是“${named.year === null ? label.slice(5) : label}”，工作簿却是“${period.label}”的（封面和机读信息），按“${period.label}”的报送处理：请与该单位核实是否报错了文件，或把别的周期的内容填在了这一期`];
}

/**
 * Texts that begin with another unit's name (济北街道本季度巡河 36 次… in 济阳街道's workbook): most likely another
 * unit's content typed into this unit's file (a copy of its export filled in), said so the bureau asks both. Not said
 * of a task's lead (区城乡水务局牵头，我镇配合… is how a supporting unit writes), nor of a name followed by 牵头.
 */
function textsNameOther(content: WorkbookContent, unit: { code: string; name: string }, snap: ReadEnvData): string[] {
  const own = [unit.name, ...(snap.formerNames?.[unit.code] ?? [])].map(canonicalUnitName);
  const named = unitNames(snap);
  const others = named.all.filter((x) => x.u.code !== unit.code);
  const firsts = named.firsts;
  const found = new Map<string, string[]>();
  for (const e of content.tasks) {
    const fields: [string, string][] = [
      ['工作进展', e.progress],
      ['存在问题', e.problems],
      ['下步计划', e.next],
    ];
    for (const [label, text] of fields) {
      const lead = text.trimStart()[0];
      if (lead === undefined || !firsts.has(lead.normalize('NFKC'))) continue;
      const head = canonicalUnitName(text.slice(0, 40));
      // (Its own name beside the other's, 济阳街道、济北街道联合开展…: a joint piece of work, not another's text.)
      if (head === '' || own.some((n) => head.includes(n))) continue;
      const o = others.filter((x) => head.startsWith(x.name)).sort((a, b) => b.name.length - a.name.length)[0];
      if (!o || head.startsWith(`${o.name}牵头`) || (snap.leadsByUnit?.[o.u.code] ?? []).includes(e.task)) continue;
      found.set(o.u.name, [...(found.get(o.u.name) ?? []), `第 ${e.task} 项任务的“${label}”`]);
    }
  }
  return [...found].map(([other, where]) => `${where.join('、')}以“${other}”开头，此文件却是“${unit.name}”的：请向两个单位核实，是否用别的单位的文件改填，或报错了文件`);
}

/** The units' names as compared, and their first characters (most texts begin with no unit's name: 济, 区, 市 … tell), once per run. */
const namesMade = new WeakMap<ReadEnvData, { all: { u: ReadEnvData['units'][number]; name: string }[]; firsts: Set<string | undefined> }>();
function unitNames(snap: ReadEnvData): { all: { u: ReadEnvData['units'][number]; name: string }[]; firsts: Set<string | undefined> } {
  let made = namesMade.get(snap);
  if (!made) {
    const all = snap.units.map((u) => ({ u, name: canonicalUnitName(u.name) }));
    namesMade.set(snap, (made = { all, firsts: new Set(all.map((x) => x.name[0])) }));
  }
  return made;
}

async function checkFile(env: CheckEnv, c: Candidate, held: { bytes: number }): Promise<Checked> {
  const { pool, limits } = env;
  let data: Uint8Array;
  try {
    data = c.refused ? new Uint8Array(0) : c.read();
  } catch (err) {
    data = new Uint8Array(0);
    c = { ...c, refused: { code: 'unreadable', message: `无法读取文件：${ioMessage(err)}` } };
  }
  let size = data.length;
  // Read before the first await: the run's pump sees it before it starts another check.
  held.bytes = size;
  env.bytes += size;
  // Hashed by the parser worker when the file gets that far; here otherwise.
  let sha: string | null = null;
  const shaOf = (): string => (sha ??= sha256(data));
  const reject = (message: string): Checked => ({ file: c.file, sha256: shaOf(), size, ok: false, errors: [{ file: c.file, message }], unit: null, unitName: null, period: null, revision: null });
  if (c.refused) {
    // Refused before it was read (a zip refused as a whole, a file too large): recorded as received all the same.
    if (c.digest) {
      try {
        ({ sha256: sha, size } = await c.digest());
      } catch {
        // gone meanwhile: recorded as read (nothing)
      }
    }
    return reject(c.refused.message);
  }
  const sniff = sniffWorkbook(data, limits);
  if (!sniff.ok) return reject(sniffRefusal(sniff));
  // A file read just for this check is moved to the worker and back, not copied, when the pool sends one file at a time
  // (depth 1); the bulk import's pool queues several per worker, and each is sent as a copy.
  // The worker parses, then reads and checks the workbook against the import's snapshot of the database.
  const parsed = await pool.parse(data, {
    required: SHEETS.machine,
    sheets: UNIT_SHEETS,
    application: WRITER_APPLICATION,
    hash: true,
    transfer: c.fresh === true,
    read: { isXlsx: sniff.kind === 'xlsx' },
    env: env.snapshot,
  });
  // A run that failed meanwhile takes nothing more (its files are not archived).
  if (env.ended) return reject('导入已中止');
  if (parsed.sha256 !== undefined) sha = parsed.sha256;
  if (parsed.data !== undefined) data = parsed.data;
  if (!parsed.ok) {
    if (sha === null && data.byteLength !== size) {
      // The worker was killed holding the bytes: read them again for the hash.
      try {
        data = c.read();
      } catch {
        data = new Uint8Array(0);
      }
    }
    return reject(parseMessage(parsed, limits));
  }
  const read = parsed.read;
  if (!read) return reject('程序内部错误：此文件未能读取，未导入；请把这条消息告知技术支持');
  if (!read.ok) {
    return {
      file: c.file,
      sha256: shaOf(),
      size,
      ok: false,
      errors: read.errors.map((e) => ({ file: c.file, ...e })),
      unit: read.unit?.code ?? null,
      unitName: read.unit?.name ?? null,
      period: read.period,
      revision: read.revision,
    };
  }
  const hash = shaOf();
  const template = read.meta.kind === 'template';
  // What is said of the file, made before anything of it is kept: a fault of the program in saying it refuses this
  // file, with the fault named, not the whole run (one file's name had ended an import of fifty).
  let listed: ReturnType<typeof withoutEmpty>;
  let warnings: string[];
  try {
    listed = withoutEmpty(c, template ? resolveListed(c, read.content) : { content: read.content, said: [], missing: [], used: new Set<string>() });
    warnings = [
      ...read.warnings,
      ...madeHere(read.meta, env.ownDatabase),
      ...namedForOther(c.file, read.meta.unit, env.snapshot),
      ...namedForOtherPeriod(c.file, read.meta.period),
      ...textsNameOther(listed.content, read.meta.unit, env.snapshot),
      ...listed.said,
      ...unlisted(c, template ? listed.content.evidence : read.content.evidence, template, listed.used),
    ];
  } catch (err) {
    return reject(`程序内部错误：检查此文件时出错（${err instanceof Error ? err.message : String(err)}），此文件未导入，其他文件不受影响；请把这条消息告知技术支持`);
  }
  env.archive?.start(hash, data);
  const content = listed.content;
  const claims = claimsOf(env, c);
  for (const e of content.evidence) if (e.hash !== '') claims?.claimed.add(e.hash);
  for (const e of read.content.evidence) if (e.hash !== '') claims?.listed.push({ hash: e.hash, name: e.name });
  for (const n of listed.used) claims?.mentioned.add(n);
  const staged = env.stage.put({
    content,
    modified: read.modified,
    sentAt: read.sentAt,
    warnings,
    listedMissing: listed.missing,
  });
  // Kept until the apply pass for every file of the run: the unit and period
  // objects are shared, not one copy per file as they came from the worker.
  const meta = { ...read.meta, unit: env.shared(`u:${read.meta.unit.code}`, read.meta.unit), period: env.shared(`p:${read.meta.period.id}`, read.meta.period) };
  return { file: c.file, sha256: hash, size, ok: true, meta, hash: template ? contentHash(content) : read.hash, staged, evidence: c.evidence.size > 0 ? c.evidence : NO_EVIDENCE };
}

/**
 * A workbook this database exported itself (the bureau re-issuing a unit's workbook from what it holds, then finding
 * it among the files received): said, as it is no file the unit sent, though it is filed as one of its versions.
 */
function madeHere(meta: { databaseId: string; revision: number; unit: { name: string } }, own: string | null): string[] {
  if (own === null || meta.databaseId !== own) return [];
  return [`此文件是本系统自己导出的“${meta.unit.name}”工作簿（第 ${meta.revision} 版，由本数据库中已有的内容生成），不是该单位报送的文件；记入报送记录时请留意`];
}

/** What the parser workers read unit workbooks against: a snapshot taken as the import starts. */
export function readEnvData(ctx: CoreContext): ReadEnvData {
  const catalog = ctx.catalog();
  const units = ctx.store.units.list(true);
  const tasksByUnit: Record<string, number[]> = {};
  const leadsByUnit: Record<string, number[]> = {};
  for (const u of units) {
    const mine = ctx.tasksOf(u.code);
    tasksByUnit[u.code] = mine.map((t) => t.task.no);
    leadsByUnit[u.code] = mine.filter((t) => t.role === 'lead').map((t) => t.task.no);
  }
  // Earlier plans, for files of periods on them (the plan schedule), and for files made on a plan adopted before
  // (ReadEnv.sameForUnit).
  const schedule = ctx.planSchedule();
  const past = [...new Set([...schedule.map((e) => e.version), ...ctx.store.catalogs.versions().map((v) => v.version)])]
    .filter((v) => v !== catalog.version)
    .flatMap((v) => {
      const then = ctx.store.catalogs.byVersion(v);
      if (!then) return [];
      const byUnit: Record<string, number[]> = {};
      const leads: Record<string, number[]> = {};
      for (const t of then.tasks) {
        for (const u of unitsOfTask(t, units)) {
          (byUnit[u.code] ??= []).push(t.no);
          if (u.role === 'lead') (leads[u.code] ??= []).push(t.no);
        }
      }
      return [{ version: v, tasks: then.tasks.map((t) => ({ ...t, units: [] })), tasksByUnit: byUnit, leadsByUnit: leads }];
    });
  const formerNames: Record<string, string[]> = {};
  for (const r of ctx.store.units.renames()) (formerNames[r.code] ??= []).push(r.name);
  return {
    units,
    ...(Object.keys(formerNames).length > 0 ? { formerNames } : {}),
    periodKind: ctx.periodKind,
    kindSpans: ctx.kindSpans(),
    owedFrom: ctx.owedFrom,
    ...(ctx.firstOwed() ? { firstOwedLabel: ctx.firstOwed()!.label } : {}),
    closedPeriods: ctx.store.periods.list().filter((p) => p.closed).map((p) => p.period),
    today: ctx.today(),
    catalogVersion: catalog.version,
    catalogVersions: ctx.store.catalogs.versions().map((v) => v.version),
    tasks: catalog.tasks.map((t) => ({ ...t, units: [] })),
    tasksByUnit,
    leadsByUnit,
    ...(past.length > 0 ? { past, schedule } : {}),
  };
}

type Ok = Extract<Checked, { ok: true }>;

const keyOf = (c: Ok): string => `${c.meta.unit.code}/${c.meta.period.id}`;

/** An accepted file refused after all, for a reason of the run as a whole. */
function refusedInRun(c: Ok, message: string): Checked {
  return {
    file: c.file,
    sha256: c.sha256,
    size: c.size,
    ...(c.container ? { container: c.container } : {}),
    ok: false,
    errors: [{ file: c.file, message }],
    unit: c.meta.unit.code,
    unitName: c.meta.unit.name,
    period: c.meta.period.id,
    revision: c.meta.revision,
  };
}

/**
 * Two files of one run for the same unit and period with different content: both are refused. A file the held content
 * settles is no contender: the content held (it is unchanged), or an earlier export of the database the held content
 * came from (it is stale). A folder kept per period and imported again when a correction comes holds both the file
 * taken before and the correction: the correction is an update, not a second content to choose from.
 */
function refuseConflicts(checked: Checked[], heldOf: (c: Ok) => Submission | null): Checked[] {
  const groups = new Map<string, Ok[]>();
  for (const c of checked) {
    if (!c.ok) continue;
    const held = heldOf(c);
    if (held && (c.hash === held.contentHash || (c.meta.databaseId !== '' && c.meta.databaseId === held.databaseId && c.meta.revision < held.revision))) continue;
    const g = groups.get(keyOf(c));
    if (g) g.push(c);
    else groups.set(keyOf(c), [c]);
  }
  return checked.map((c) => {
    if (!c.ok) return c;
    const group = groups.get(keyOf(c)) ?? [];
    if (!group.includes(c)) return c;
    if (group.length <= 1 || new Set(group.map((b) => b.hash)).size <= 1) return c;
    // Named apart: the files whose content differs from this one's, and those with the same (a copy, or the same re-saved).
    const named = (bs: Ok[]): string => bs.map((b) => `“${b.file}”（第 ${b.meta.revision} 版）`).join('、');
    const differ = group.filter((b) => b !== c && b.hash !== c.hash);
    const same = group.filter((b) => b !== c && b.hash === c.hash);
    // Exported by one database under different numbers: which is the unit's latest is known, and said (which to keep).
    const oneDb = group.every((b) => b.meta.databaseId !== '' && b.meta.databaseId === c.meta.databaseId) && new Set(group.map((b) => b.meta.revision)).size > 1;
    const newest = oneDb ? Math.max(...group.map((b) => b.meta.revision)) : null;
    const keep = newest === null ? '请只保留应采用的一份后重新导入' : `第 ${newest} 版是该单位最新导出的：请只保留第 ${newest} 版后重新导入（较早的版本可以另行导入，作为旧版本存档）`;
    return refusedInRun(
      c,
      `本次导入中${named(differ)}也是“${c.meta.unit.name}”${c.meta.period.label}的报送文件，与此文件内容不同${same.length > 0 ? `（${named(same)}与此文件内容相同）` : ''}；${keep}`,
    );
  });
}

function result(c: Checked, status: ImportStatus, warnings: string[] = [], missing: MissingEvidence[] = []): ImportFileResult {
  const container = { ...(c.container ? { container: c.container } : {}), ...(missing.length > 0 ? { evidenceMissing: missing.length, evidenceMissingFiles: missing } : {}) };
  if (!c.ok) return { file: c.file, status, unit: c.unit, unitName: c.unitName, period: c.period, revision: c.revision, sha256: c.sha256, errors: c.errors, warnings, ...container };
  const m = c.meta;
  return { file: c.file, status, unit: m.unit.code, unitName: m.unit.name, period: m.period.id, revision: m.revision, sha256: c.sha256, errors: [], warnings, ...container };
}

class DryRunRollback extends Error {}

const ACCEPTED: ReadonlySet<ImportStatus> = new Set(['imported', 'updated', 'unchanged']);

/**
 * By unit and period (`unit/period`), of the files a run accepted: when the unit's first submission for the period
 * counts as sent, against the period's deadline (as the overview judges it). Periods of another kind than the plan's
 * (files from before the period kind changed) are left out: the overview does not count them either.
 */
function sentStates(ctx: CoreContext, files: readonly ImportFileResult[]): Map<string, NonNullable<ImportFileResult['sent']>> {
  const out = new Map<string, NonNullable<ImportFileResult['sent']>>();
  const periods = new Map<string, Set<string>>();
  for (const f of files) {
    if (!ACCEPTED.has(f.status) || f.unit === null || f.period === null || !isPeriodId(f.period)) continue;
    periods.set(f.period, (periods.get(f.period) ?? new Set()).add(f.unit));
  }
  for (const [id, units] of periods) {
    const period = parsePeriod(id);
    // Of the kind in use, or still due from the kind before a switch.
    if (period.kind !== ctx.periodKind && !ctx.asked(period)) continue;
    const at = ctx.at(id);
    const deadline = at.deadlineOf(period);
    // As the overview has them (its units, its judgement), without reading the period's reports it would count.
    const sent = firstSent(at, period);
    for (const { unit } of overviewUnits(at)) {
      const mine = units.has(unit.code) ? sent.get(unit.code) : undefined;
      const state = mine ? submissionState(deadline, mine.sent) : 'missing';
      if (mine && state !== 'missing') out.set(`${unit.code}/${id}`, { at: mine.sent, deadline, state, onDay: mine.onDay });
    }
  }
  return out;
}

/** Files per commit, and the longest a batch stays open. */
const BATCH_FILES = 64;
const BATCH_MS = 250;
/**
 * Files applied while the workers are still parsing go in small batches:
 * a batch runs on the main thread without a break (nothing else may slip
 * into its transaction), and meanwhile no worker is handed a new file (each
 * has up to DEEP_FLIGHT_FILES queued, below). Fewer, larger commits write the
 * indexes' pages to the WAL fewer times: 16 files per commit measured ~20%
 * less SQLite CPU than 8.
 */
const EARLY_BATCH_FILES = 16;
const EARLY_BATCH_MS = 60;

/**
 * Files being checked at a time, per worker: always FLIGHT_FILES; up to
 * DEEP_FLIGHT_FILES while they hold fewer than DEEP_FLIGHT_BYTES (each sent
 * to a worker is a copy). A batch applied while the workers parse holds the
 * main thread ~50 ms, during which no file is handed out: with 6 queued
 * (~20 ms of work) the worker sat idle a third of the time in a first import
 * of 300 files; with 24 it does not (the import 1.89 → 1.72 s).
 */
const FLIGHT_FILES = 6;
const DEEP_FLIGHT_FILES = 24;
const DEEP_FLIGHT_BYTES = 16 * 1024 * 1024;

/** Whether another file may be checked, with `files` of `bytes` being checked by `workers` workers. */
const flightRoom = (files: number, bytes: number, workers: number): boolean =>
  files < FLIGHT_FILES * workers || (files < DEEP_FLIGHT_FILES * workers && bytes < DEEP_FLIGHT_BYTES);

interface ApplyEnv {
  ctx: CoreContext;
  stage: BookStage<StagedBody>;
  archive: ArchiveWriter | null;
  dryRun: boolean;
  heap?: HeapKeeper;
}

/** A checked file and where it stood in the run's list. */
export interface Placed {
  at: number;
  c: Checked;
}

/**
 * Writes a run's outcome: the run's row (only once some file is accepted, so
 * a run that accepts nothing leaves the database as it was), one row per
 * file, and the content of accepted files.
 */
/** Below this many characters a 工作进展 says too little to tell one unit's from another's (按计划推进, 无). */
const SAME_MIN_CHARS = 30;

type Texts = { progress: string; problems: string; next: string };

/**
 * A period's entries by task and the start of their 工作进展 (the texts compared in full only where that matches):
 * those held as the run began, each unit's replaced by what the run applies for it.
 */
class SameEntries {
  private readonly byKey = new Map<string, (Texts & { unit: string })[]>();
  /** `unit|task` → its entry's key. */
  private readonly keyOf = new Map<string, string>();

  constructor(rows: (Texts & { unit: string; task: number })[]) {
    for (const r of rows) this.add(r.unit, r.task, r);
  }

  private static key(task: number, t: Texts): string {
    return `${task}|${t.progress.length}|${t.progress.slice(0, 32)}`;
  }

  private add(unit: string, task: number, t: Texts): void {
    if (t.progress.length < SAME_MIN_CHARS) return;
    const k = SameEntries.key(task, t);
    this.byKey.set(k, [...(this.byKey.get(k) ?? []), { unit, progress: t.progress, problems: t.problems, next: t.next }]);
    this.keyOf.set(`${unit}|${task}`, k);
  }

  /** Another unit whose entry for the task has these texts, word for word; undefined when none has. */
  other(unit: string, task: number, t: Texts): string | undefined {
    if (t.progress.length < SAME_MIN_CHARS) return undefined;
    return this.byKey.get(SameEntries.key(task, t))?.find((x) => x.unit !== unit && x.progress === t.progress && x.problems === t.problems && x.next === t.next)?.unit;
  }

  /** The unit's entries for these tasks are now these (a task left empty in a file keeps what was held). */
  replace(unit: string, tasks: readonly (Texts & { task: number; status: unknown })[]): void {
    for (const t of tasks) {
      if (t.status === null) continue;
      const k = this.keyOf.get(`${unit}|${t.task}`);
      if (k !== undefined) {
        const left = (this.byKey.get(k) ?? []).filter((x) => x.unit !== unit);
        if (left.length > 0) this.byKey.set(k, left);
        else this.byKey.delete(k);
        this.keyOf.delete(`${unit}|${t.task}`);
      }
      this.add(unit, t.task, t);
    }
  }
}

class RunWriter {
  readonly runId: string;
  readonly at: string;
  private readonly results = new Map<number, ImportFileResult>();
  /** The first file of the run accepted with each unit, period and content: a copy of it later in the run is named as such. */
  private readonly firstWith = new Map<string, string>();
  /** Per period, the entries held or applied by this run that are long enough to tell apart (SameEntries). */
  private readonly entries = new Map<string, SameEntries>();
  private started = false;
  private aborted = false;

  constructor(
    private readonly env: ApplyEnv,
    /** Whether the run has a row: some file of it is accepted. */
    private anyAccepted: boolean,
  ) {
    this.runId = env.ctx.newId();
    this.at = env.ctx.nowIso();
  }

  /** In order of the run's list. */
  get files(): ImportFileResult[] {
    return [...this.results.entries()].sort((a, b) => a[0] - b[0]).map(([, r]) => r);
  }

  /** Whether the run's row was written. */
  get hasRun(): boolean {
    return this.started;
  }

  /** The run failed: batches not yet begun are not applied. */
  abort(): void {
    this.aborted = true;
  }

  /** From now on some file is accepted: the run gets its row. */
  accept(): void {
    this.anyAccepted = true;
  }

  /** Inside a transaction: the run's row, once. */
  begin(): void {
    if (this.started || !this.anyAccepted) return;
    this.env.ctx.store.imports.startRun(this.runId, this.at);
    this.started = true;
  }

  finish(): void {
    if (this.started) this.env.ctx.store.imports.finishRun(this.runId, this.env.ctx.nowIso(), this.results.size);
  }

  private record(r: ImportFileResult, fileId: string, size: number): void {
    if (!this.anyAccepted) return;
    const { ctx } = this.env;
    ctx.store.imports.addFile({
      id: fileId,
      runId: this.runId,
      fileName: r.file,
      fileHash: r.sha256,
      size,
      status: r.status,
      unit: r.unit,
      period: r.period,
      revision: r.revision,
      errors: JSON.stringify(r.errors),
      warnings: JSON.stringify(r.warnings),
      importedAt: this.at,
      containerName: r.container?.file ?? null,
      containerHash: r.container?.sha256 ?? null,
      evidenceMissing: r.evidenceMissingFiles ?? [],
    });
  }

  /** The period's entries held, as this run has left them. */
  private entriesOf(period: string): SameEntries {
    let held = this.entries.get(period);
    if (!held) this.entries.set(period, (held = new SameEntries(this.env.ctx.store.reports.textsForPeriod(period, SAME_MIN_CHARS))));
    return held;
  }

  /** What is said of a file whose entries are another unit's of the period, word for word. */
  private sameAs(b: AcceptedBook): string[] {
    const held = this.entriesOf(b.meta.period.id);
    const said = new Map<string, number[]>();
    for (const e of b.content.tasks) {
      const other = e.status === null ? undefined : held.other(b.meta.unit.code, e.task, e);
      if (other !== undefined) said.set(other, [...(said.get(other) ?? []), e.task]);
    }
    if (said.size === 0) return [];
    const names = new Map(this.env.ctx.store.units.list(true).map((u) => [u.code, u.name]));
    return [...said].map(
      ([unit, tasks]) =>
        `第 ${tasks.join('、')} 项任务的填报内容（工作进展、存在问题和下步计划）与“${names.get(unit) ?? unit}”本期的一字不差：请向两个单位核实，是否用别的单位的文件改填，或报错了文件`,
    );
  }

  /** Applies one file (accepted content from `body`, else the staged content) in its own savepoint. */
  applyOne({ at, c }: Placed, body?: StagedBody): void {
    const { ctx, stage, dryRun } = this.env;
    this.begin();
    const fileId = ctx.newId();
    if (!c.ok) {
      const r = result(c, 'rejected');
      this.record(r, fileId, c.size);
      this.results.set(at, r);
      return;
    }
    const own = body ?? stage.take(c.staged);
    const b: AcceptedBook = { file: c.file, sha256: c.sha256, meta: c.meta, content: own.content, hash: c.hash, modified: own.modified, sentAt: own.sentAt, warnings: own.warnings, listedMissing: own.listedMissing, evidence: c.evidence };
    // Evidence files this file's attempt wrote: removed again if it is refused after all.
    const written: { hash: string; path: string }[] = [];
    try {
      const r = ctx.store.tx(() => {
        // The workers checked against the database as the run started; the period may have been closed since.
        if (ctx.store.periods.get(b.meta.period.id)?.closed) {
          throw new AppError(ERROR_CODES.periodClosed, `报送周期“${b.meta.period.label}”在导入期间被关闭，此文件未导入；如仍要接收，请在“设置”中取消关闭后重新导入`);
        }
        const { status, said } = decide(ctx, b);
        // The original's bytes are in place already (RunWriter.commit waits for them).
        if (!dryRun) {
          if (status === 'imported' || status === 'updated') {
            for (const e of b.content.evidence) {
              const file = b.evidence.get(e.hash);
              const path = hashPath(evidenceDir(ctx.dbPath), e.hash);
              // Read again (from the zip) only when not stored already.
              if (file?.store(path)) written.push({ hash: e.hash, path });
            }
          }
        }
        // The content held, again, now with evidence files the bureau never received: only those are attached.
        const completed = status === 'updated' && newestHeldIs(ctx, b) ? evidenceCompleted(ctx, b) : [];
        // An approval of what was held ends when other content takes its place: said, so the bureau reviews again
        // (evidence completed leaves it standing: said too).
        const reviewAgain = status === 'imported' || status === 'updated' ? approvalSaid(ctx, b, completed.length > 0, dryRun) : [];
        const applied = completed.length > 0 ? attachCompleted(ctx, b, completed, fileId) : status === 'imported' || status === 'updated' ? applyBook(ctx, b, fileId) : null;
        const extra = applied?.warnings ?? [];
        // Another unit's texts word for word (its export filled in as this unit's, or its file sent under this name).
        if (applied && completed.length === 0) extra.push(...this.sameAs(b));
        if (status === 'stale' && !heldBefore(ctx, b)) recordSubmission(ctx, b, fileId, false);
        // A filled template is revision 0: once a workbook exported by the app is held, a template never replaces it.
        // Which version is held, and since when: what the bureau tells the unit that sent an older file.
        const newest = status === 'stale' && said.length === 0 ? heldSubmission(ctx.store.submissions.forUnit(b.meta.unit.code, b.meta.period.id).filter((s) => s.source === 'import')) : undefined;
        const held = newest ? `（${revisionText(newest.revision)}，${formatChineseDateTime(newest.receivedAt)}收到）` : '';
        const stale =
          status !== 'stale' || said.length > 0
            ? said
            : b.meta.kind === 'template'
              ? [`本系统已有该单位本周期由系统导出的工作簿${held}，手工填写的模板（版本号 0）不会替代它：此文件只存档、不采用。如需更正，请该单位在系统中修改后重新导出`]
              : [`本系统已有该单位本周期更新的版本${held}，此文件（${revisionText(b.meta.revision)}）只存档、不采用`];
        // Evidence completed is not an answer to a return: the content is still the one sent back.
        const returned = status === 'unchanged' || completed.length > 0 ? stillReturned(ctx, b, completed.length > 0) : [];
        // The same content twice in one run (a file sent twice, or copied into two folders): the copy is said as one.
        const twin = this.firstWith.get(`${keyOf(c)}/${b.hash}`);
        const copy = status === 'unchanged' && twin !== undefined ? [`与本次导入中的“${twin}”内容相同（重复的文件），只作记录`] : [];
        const r = result(c, status, [...copy, ...(status === 'stale' ? b.warnings.filter((w) => w !== TEMPLATE_WARNING) : b.warnings), ...extra, ...stale, ...returned, ...reviewAgain], applied?.evidenceMissing);
        this.record(r, fileId, c.size);
        return r;
      });
      this.results.set(at, r);
      if (!this.firstWith.has(`${keyOf(c)}/${b.hash}`)) this.firstWith.set(`${keyOf(c)}/${b.hash}`, c.file);
      // The file's entries are what its unit now holds (compared with the files after it).
      if (r.status === 'imported' || r.status === 'updated') this.entriesOf(b.meta.period.id).replace(b.meta.unit.code, b.content.tasks);
    } catch (err) {
      // Rolled back: what it wrote is nobody's (unless the database knows the file after all).
      for (const w of written) {
        try {
          if (!ctx.store.evidence.has(w.hash)) rmSync(w.path, { force: true });
        } catch {
          // left: a file by its hash that no report names is harmless
        }
      }
      // The system's own failures (a full disk while evidence was stored) in words, not its English.
      const e =
        err instanceof AppError
          ? err
          : // A file system's error (ENOSPC, EACCES …) as evidence was stored; not SQLite's (SQLITE_…), which is the program's.
            typeof (err as { code?: unknown }).code === 'string' && /^E[A-Z]+$/.test((err as { code: string }).code)
            ? writeProblem('本机的佐证材料文件夹', err)
            : new AppError('internal', `程序内部错误，此文件未导入（其余文件照常导入）；请把这条消息告知技术支持。详情：${(err as Error).message}`);
      const details = (e.details ?? [{ message: e.message }]).map((d) => ({ file: c.file, message: d.message }));
      const r = result({ file: c.file, sha256: c.sha256, size: c.size, ...(c.container ? { container: c.container } : {}), ok: false, errors: details, unit: b.meta.unit.code, unitName: b.meta.unit.name, period: b.meta.period.id, revision: b.meta.revision }, 'rejected');
      this.record(r, fileId, c.size);
      this.results.set(at, r);
    }
    faultPoint('import-file');
  }

  /**
   * `work` in one commit (one fsync), unless the caller's transaction is open
   * already. The archived originals of `hashes` are in place and durable
   * before it; failed background writes surface here, before anything is
   * committed. Nothing runs once the run is aborted.
   */
  private async commit(hashes: string[], work: () => string[] | undefined): Promise<void> {
    const { ctx, archive } = this.env;
    await archive?.ready(hashes);
    if (this.aborted) return;
    const own = !ctx.store.imports.inBatch;
    if (own) ctx.store.imports.beginBatch();
    try {
      this.begin();
      // The originals of the files it applied (all of `hashes` unless it says fewer).
      const applied = work() ?? hashes;
      if (own) ctx.store.imports.commitBatch();
      archive?.keep(applied);
      this.env.heap?.check();
    } catch (err) {
      if (own) ctx.store.imports.rollbackBatch();
      throw err;
    }
  }

  /** These files (with their content at hand) in one commit; `last` ends the run's row. */
  batch(items: (Placed & { body?: StagedBody })[], last: boolean): Promise<void> {
    return this.commit(hashesOf(items), () => {
      for (const p of items) this.applyOne(p, p.body);
      if (last) this.finish();
      return this.keptOf(items);
    });
  }

  /** The originals these applied files' rows point at: those not refused as they were applied (a period closed meanwhile). */
  private keptOf(items: Placed[]): string[] {
    return hashesOf(items.filter((p) => this.results.get(p.at)?.status !== 'rejected'));
  }

  /** The files left at the end of a run (content staged), in batches of up to BATCH_FILES and BATCH_MS. */
  async rest(placed: Placed[]): Promise<void> {
    let i = 0;
    while (i < placed.length && !this.aborted) {
      const end = Math.min(placed.length, i + BATCH_FILES);
      await this.commit(hashesOf(placed.slice(i, end)), () => {
        const t0 = Date.now();
        const first = i;
        while (i < end && (i === first || Date.now() - t0 < BATCH_MS)) this.applyOne(placed[i++] as Placed);
        if (i === placed.length) this.finish();
        // Files left for the next batch are not kept by this one: should the run fail before it, theirs go.
        return this.keptOf(placed.slice(first, i));
      });
    }
  }
}

/** The originals a batch's rows point at: each accepted file's, and the .zip it came in. */
const hashesOf = (items: Placed[]): string[] => items.flatMap((p) => (!p.c.ok ? [] : p.c.container ? [p.c.sha256, p.c.container.sha256] : [p.c.sha256]));

/** Memory kept for staged content before it spills to a temporary file. */
const STAGE_BUDGET = 32 * 1024 * 1024;
/**
 * Files checked while the prescan still goes on must wait for it (staged):
 * only this many, so the prescan is not held up and nothing spills to disk.
 */
const PRESCAN_AHEAD = 64;
/**
 * Parser workers kept between the imports that use the default limits: a
 * later import in the same session finds their code compiled and warm. They
 * end after two idle minutes, and never keep the process alive.
 */
let sharedPool: ParsePool | null = null;
const POOL_IDLE_MS = 120_000;

function poolFor(limits: ImportLimits, custom: boolean): { pool: ParsePool; own: boolean } {
  // Each file comes with the snapshot of its own import: runs may share the pool.
  if (custom) return { pool: new ParsePool(limits, { depth: DEEP_FLIGHT_FILES }), own: true };
  sharedPool ??= new ParsePool(DEFAULT_LIMITS, { depth: DEEP_FLIGHT_FILES, idleMs: POOL_IDLE_MS });
  return { pool: sharedPool, own: false };
}

/**
 * The shared parser workers started ahead of an import with the default limits
 * (their thread and code loaded; idle, they end as the pool's do). Resolves once
 * they are ready; never rejects.
 */
export const warmImports = (): Promise<void> => poolFor(DEFAULT_LIMITS, false).pool.warm();

/** Files up to this size are read once: the prescan hands its bytes to the check, HELD_BUDGET bytes at most at a time. */
const HELD_BYTES = 256 * 1024;
const HELD_BUDGET = 8 * 1024 * 1024;
/** Parts the prescan reads are small in our own workbooks; anything bigger is left to the workers. */
const PRESCAN_PART_BYTES = 16 * 1024;

/** What a first look at a file's machine sheet says. */
type Prescan = { kind: 'key'; key: string; unit: string; unitName: string; period: string; revision: number } | { kind: 'refused' } | { kind: 'unknown' };


/**
 * The unit and period of one of our own .xlsx files, read from its machine
 * sheet alone (a few small parts inflated, on the main thread, so every part
 * read is capped at PRESCAN_PART_BYTES), with the same reader and checks as
 * the full read. `refused`: the machine sheet alone gets the file refused.
 * `unknown`: anything else (another program's file, shared strings in the
 * machine sheet, a part too big).
 */
export function prescan(env: ReadEnv, data: Uint8Array, limits: ImportLimits): Prescan {
  const sniff = sniffWorkbook(data, limits);
  if (!sniff.ok) return { kind: 'refused' };
  if (sniff.kind !== 'xlsx') return { kind: 'unknown' };
  try {
    const pkg = lazyPackage(data, PRESCAN_PART_BYTES);
    if (!pkg) return { kind: 'unknown' };
    const book = readOurs(pkg, WRITER_APPLICATION, limits.maxCells, SHEETS.machine, [SHEETS.machine], limits.maxSheets, false);
    const key = readKey(env, book);
    return key
      ? { kind: 'key', key: `${key.unit.code}/${key.period}`, unit: key.unit.code, unitName: key.unit.name, period: key.period, revision: key.revision }
      : { kind: 'refused' };
  } catch (err) {
    return err instanceof Bail ? { kind: 'unknown' } : { kind: 'refused' };
  }
}

/**
 * The prescan of a whole run, a slice at a time so the checks go on
 * meanwhile. `early(i)`: file i may be applied as soon as it is checked.
 */
class RunPlan {
  private readonly keys: (string | null)[] = [];
  /** What the first look read of each file: for a file the workers then give up on (time cap, crash). */
  private readonly seen: (Extract<Prescan, { kind: 'key' }> | undefined)[] = [];
  private readonly counts = new Map<string, number>();
  private unknown = false;
  done = false;

  constructor(
    private readonly env: ReadEnv,
    private readonly limits: ImportLimits,
  ) {}

  /** Bytes read here and kept for the check, not taken yet. */
  private heldBytes = 0;

  /**
   * Looks at candidate i. Returns the candidate for the check: one that
   * hands over the bytes read here, while they are small and fewer than
   * HELD_BUDGET bytes wait (the first look runs ahead of the checks: over a
   * city's 4,320 files, keeping every file's bytes until its check added
   * ~70 MB of RSS).
   */
  look(i: number, c: Candidate): Candidate {
    this.keys[i] = null;
    if (this.unknown || c.refused) return c;
    let data: Uint8Array;
    try {
      data = c.read();
    } catch {
      return c;
    }
    const p = prescan(this.env, data, this.limits);
    if (p.kind === 'unknown') this.unknown = true;
    if (p.kind === 'key') {
      this.keys[i] = p.key;
      this.seen[i] = p;
      this.counts.set(p.key, (this.counts.get(p.key) ?? 0) + 1);
    }
    if (data.length > HELD_BYTES || this.heldBytes + data.length > HELD_BUDGET) return c;
    let held: Uint8Array | null = data;
    this.heldBytes += data.length;
    return {
      ...c,
      read: () => {
        if (held === null) return c.read();
        const d = held;
        held = null;
        this.heldBytes -= d.length;
        return d;
      },
    };
  }

  /** A file refused without its unit and period (the workers gave up on it): those its first look read. */
  known(i: number, c: Checked): Checked {
    const seen = this.seen[i];
    this.seen[i] = undefined;
    if (c.ok || c.unit !== null || !seen) return c;
    return { ...c, unit: seen.unit, unitName: seen.unitName, period: seen.period, revision: seen.revision };
  }

  /** Whether checked file i may be applied now: its unit and period are its own in this run. */
  early(i: number, c: Extract<Checked, { ok: true }>): boolean {
    if (!this.done || this.unknown) return false;
    const key = this.keys[i];
    return key === keyOf(c) && this.counts.get(key) === 1;
  }
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * What a run keeps of each file it applied as soon as it was checked, by unit
 * and period: what a later file of the same unit and period is judged by (not
 * the whole checked file: over a province's 30,000 files that was ~1 KB each).
 */
export interface AppliedEarly {
  file: string;
  revision: number;
  hash: string;
}

/**
 * A file of the run whose unit and period turned out, after all, to be those
 * of a file already applied: refused when its content differs (the same
 * content goes on, and is found unchanged).
 */
export function refuseAfterEarly(c: Checked, applied: ReadonlyMap<string, AppliedEarly>): Checked {
  if (!c.ok) return c;
  const first = applied.get(keyOf(c));
  if (!first || first.hash === c.hash) return c;
  return refusedInRun(c, `本次导入中“${first.file}”（第 ${first.revision} 版）也是“${c.meta.unit.name}”${c.meta.period.label}的报送文件，已先行导入；此文件内容不同，未导入。请与该单位核实应采用哪一份；如应采用此文件，请该单位重新导出后再报送`);
}

export async function importCandidates(ctx: CoreContext, candidates: Iterable<Candidate>, opts: ImportOptions = {}): Promise<ImportReport> {
  ctx.requireBureau('导入单位报送文件');
  const limits = { ...DEFAULT_LIMITS, ...opts.limits };
  const dryRun = opts.dryRun ?? false;
  const envData = readEnvData(ctx);
  // Each worker is sent a few files ahead, so it goes on while the main thread applies.
  const { pool, own } = poolFor(limits, opts.limits !== undefined);
  const stage = new BookStage<StagedBody>(STAGE_BUDGET);
  const archive = dryRun ? null : new ArchiveWriter(archiveDir(ctx.dbPath), ctx.store.imports);
  const heap = new HeapKeeper(24 * 1024 * 1024);
  const sharedValues = new Map<string, unknown>();
  const shared = <T>(key: string, value: T): T => {
    if (!sharedValues.has(key)) sharedValues.set(key, value);
    return sharedValues.get(key) as T;
  };
  const checkEnv: CheckEnv = { shared, pool, limits, stage, archive, snapshot: envData, ended: false, bytes: 0, zips: new Map(), ownDatabase: ctx.store.meta.get(DATABASE_ID) ?? null };
  // Taken one at a time (a zip's files are read when checked, not all up front); the first two tell whether the run has more than one.
  // Files passed over (not workbooks by their names, met in a folder): listed, nothing more.
  const skipped: string[] = [];
  const source = (function* (): Generator<Candidate> {
    for (const c of candidates) {
      if (c.skipped) skipped.push(c.file);
      else yield c;
    }
  })();
  const head: Candidate[] = [];
  while (head.length < 2) {
    const n = source.next();
    if (n.done) break;
    head.push(n.value);
  }
  const many = head.length > 1;
  const list = (function* (): Generator<Candidate> {
    yield* head.splice(0);
    for (let n = source.next(); !n.done; n = source.next()) yield n.value;
  })();
  // Applying while checking needs the run's own transactions, and more than one file to gain anything.
  const plan = !dryRun && !ctx.store.imports.inBatch && many ? new RunPlan(new ReadEnv(envData), limits) : null;
  let bulk = !dryRun && !ctx.store.imports.inBatch && many;
  if (bulk) ctx.store.imports.beginBulk();
  const writer = new RunWriter({ ctx, stage, archive, dryRun, heap }, false);
  // Batches applied while checking: each waits for the one before.
  let applying: Promise<void> = Promise.resolve();
  try {
    // Files not applied as soon as they were checked: judged and applied at the end.
    const later: Placed[] = [];
    const waiting: Placed[] = [];
    const applied = new Map<string, AppliedEarly>();
    let ready: (Placed & { body: StagedBody })[] = [];
    let readySince = 0;
    let failure: unknown = null;
    const applyReady = (): void => {
      const items = ready;
      ready = [];
      const next = applying.then(() => writer.batch(items, false));
      // Awaited below; meanwhile a failed batch stops the run at once (never an unhandled rejection).
      next.catch((err: unknown) => {
        failure ??= err;
        wake?.();
      });
      applying = next;
    };
    const settle = (p: Placed): void => {
      const c = p.c;
      if (c.ok && plan?.early(p.at, c)) {
        writer.accept();
        applied.set(keyOf(c), { file: c.file, revision: c.meta.revision, hash: c.hash });
        ready.push({ ...p, body: stage.take(c.staged) });
        if (ready.length === 1) readySince = Date.now();
        if (ready.length >= EARLY_BATCH_FILES || Date.now() - readySince >= EARLY_BATCH_MS) applyReady();
      } else later.push(p);
    };

    // Checks: a few files in flight at a time, started as the prescan goes on.
    const looked: (Candidate | undefined)[] = [];
    const inFlight = new Set<Promise<void>>();
    const room = (): boolean => flightRoom(inFlight.size, checkEnv.bytes, limits.workers);
    let next = 0;
    let wake: (() => void) | null = null;
    const pump = (): void => {
      while (failure === null && room() && next < looked.length && (!plan || plan.done || waiting.length + inFlight.size < PRESCAN_AHEAD)) {
        const at = next++;
        const c = looked[at] as Candidate;
        looked[at] = undefined;
        const p: Promise<void> = check(checkEnv, c)
          .then((r) => {
            const placed = { at, c: plan ? plan.known(at, r) : r };
            if (!plan || plan.done) settle(placed);
            else waiting.push(placed);
            heap.check();
          })
          .catch((err: unknown) => {
            failure ??= err;
          })
          .finally(() => {
            inFlight.delete(p);
            pump();
            wake?.();
          });
        inFlight.add(p);
      }
    };
    let sliceStart = Date.now();
    let at = 0;
    for (const c of list) {
      if (failure !== null) break;
      looked[at] = plan ? plan.look(at, c) : c;
      at++;
      pump();
      if (!plan && !room()) {
        // Nothing to look at ahead: wait for room.
        await new Promise<void>((resolve) => (wake = resolve));
        wake = null;
      } else if (Date.now() - sliceStart > 20) {
        // Let the workers' answers in while the prescan goes on; the heap kept near what is live meanwhile too (a
        // prescan far ahead of the checks, over 30,000 files, otherwise grew it to 200 MB before V8 collected).
        heap.check();
        await tick();
        sliceStart = Date.now();
      }
    }
    if (plan) plan.done = true;
    for (const p of waiting.splice(0)) settle(p);
    pump();
    while (failure === null && (next < looked.length || inFlight.size > 0)) {
      await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
    }
    if (failure !== null) throw failure;
    if (ready.length > 0) applyReady();
    await applying;
    if (own) await pool.close();
    // What is left: conflicts between files of the run are judged, then it is applied.
    later.sort((a, b) => a.at - b.at);
    const judged = refuseConflicts(
      later.map((p) => refuseAfterEarly(p.c, applied)),
      (c) => heldHere(ctx, c.meta.unit.code, c.meta.period.id),
    ).map((c, i) => ({ at: (later[i] as Placed).at, c }));
    if (judged.some((p) => p.c.ok)) writer.accept();
    let sent: Map<string, NonNullable<ImportFileResult['sent']>> | null = null;
    if (dryRun) {
      try {
        ctx.store.tx(() => {
          writer.begin();
          for (const p of judged) writer.applyOne(p);
          writer.finish();
          // As it would stand, read before it is rolled back.
          sent = sentStates(ctx, writer.files);
          throw new DryRunRollback();
        });
      } catch (err) {
        if (!(err instanceof DryRunRollback)) throw err;
      }
    } else if (judged.length > 0) {
      await writer.rest(judged);
    } else if (writer.hasRun) {
      // Everything was applied as it came: the run's row gets its end.
      await writer.batch([], true);
    }
    // Every batch on disk before the run reports (see ImportRepo.commitBatch).
    if (bulk) {
      bulk = false;
      await ctx.store.imports.endBulk();
    }
    sent ??= sentStates(ctx, writer.files);
    const files = writer.files.map((f) => {
      const s = f.unit !== null && f.period !== null ? sent?.get(`${f.unit}/${f.period}`) : undefined;
      return s && ACCEPTED.has(f.status) ? { ...f, sent: s } : f;
    });
    const totals = Object.fromEntries(IMPORT_STATUSES.map((s) => [s, files.filter((f) => f.status === s).length])) as Record<ImportStatus, number>;
    const unlisted = unclaimed(checkEnv);
    // Kept with the run, for 导入记录 (a run with nothing accepted keeps no record at all).
    if (!dryRun && writer.hasRun && unlisted.length > 0) ctx.store.tx(() => ctx.store.imports.setUnlisted(writer.runId, unlisted));
    return { runId: !dryRun && writer.hasRun ? writer.runId : null, dryRun, files, totals: { ...totals, files: files.length }, skipped, unlisted };
  } catch (err) {
    // Files already committed stay imported (each whole); nothing more is applied.
    writer.abort();
    throw err;
  } finally {
    checkEnv.ended = true;
    await applying.catch(() => undefined);
    if (own) await pool.close();
    stage.close();
    await archive?.discard();
    // After a failure: the settings back, whatever the sync says (the failure is what the caller hears of).
    if (bulk) await ctx.store.imports.endBulk().catch(() => undefined);
  }
}

/** Node-side entry for the command line and the benchmark: files, folders and zips by path, no base64. */
export function importPaths(ctx: CoreContext, paths: readonly string[], opts: ImportOptions = {}): Promise<ImportReport> {
  const limits = { ...DEFAULT_LIMITS, ...opts.limits };
  return importCandidates(ctx, fromPaths(paths, limits), opts);
}

export function importBlobs(ctx: CoreContext, blobs: { name: string; data: Uint8Array }[], opts: ImportOptions = {}): Promise<ImportReport> {
  return importPicked(ctx, blobs, [], opts);
}

/** What the app hands over: files as bytes, and files uploaded piece by piece (read from disk). */
export function importPicked(ctx: CoreContext, blobs: { name: string; data: Uint8Array }[], uploads: readonly Upload[], opts: ImportOptions = {}): Promise<ImportReport> {
  const limits = { ...DEFAULT_LIMITS, ...opts.limits };
  return importCandidates(
    ctx,
    (function* (): Generator<Candidate> {
      // One cache of nested zips and one budget of nested workbooks for the run.
      const run = newReadRun();
      for (const b of blobs) yield* fromBytes(b.name, b.data, limits, run);
      yield* fromUploads(uploads, limits, run);
    })(),
    opts,
  );
}
