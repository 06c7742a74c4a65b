/**
 * The bureau's bulk import, in two passes over a stream of candidates:
 *
 * 1. check: every candidate is read, sniffed, parsed in a killable worker,
 *    read and checked; a few at a time, so memory stays flat however many
 *    files there are. Accepted content is staged (BookStage), original bytes
 *    are archived in the background under a pending name.
 * 2. apply: conflicts between files of the run are judged, then each file is
 *    applied in its own savepoint; several files share one commit (one fsync),
 *    so each file still ends wholly imported or not at all.
 *
 * Each file ends in exactly one state. A dry run does the same inside one
 * transaction that is rolled back, so it reports exactly what would happen.
 */
import type { ImportFileResult, ImportReport, ImportStatus } from '../../../shared/api/exchange';
import { IMPORT_STATUSES } from '../../../shared/api/exchange';
import { AppError, type ErrorDetail } from '../../../shared/errors';
import type { CoreContext } from '../context';
import { faultPoint } from '../fault';
import { HeapKeeper } from '../heap';
import { sha256, storeByHash } from '../fsutil';
import { archiveDir, evidenceDir, hashPath } from '../paths';
import type { WorkbookContent } from './content';
import { applyBook, decide, type AcceptedBook } from './apply';
import { ArchiveWriter, BookStage } from './import-stage';
import { SHEETS, WRITER_APPLICATION } from './format';
import { DEFAULT_LIMITS, type ImportLimits } from './limits';
import { ParsePool, type ParseOutcome } from './parse-pool';
import type { ReadEnvData, UnitWorkbookMeta } from './read-unit';
import { fromBytes, fromPaths, type Candidate } from './sources';
import { sniffWorkbook } from './zip-guard';

export interface ImportOptions {
  dryRun?: boolean;
  limits?: Partial<ImportLimits>;
}

const UNIT_SHEETS = Object.values(SHEETS);

function parseMessage(o: Extract<ParseOutcome, { ok: false }>, limits: ImportLimits): string {
  switch (o.code) {
    case 'not_ours':
      return `不是本系统导出的单位报送工作簿（缺少隐藏的“${SHEETS.machine}”表${o.sheetNames?.length ? `；文件中的工作表：${o.sheetNames.slice(0, 5).join('、')}` : ''}）`;
    case 'timeout':
      return `解析超时（超过 ${Math.round(limits.timeCapMs / 1000)} 秒），文件可能已损坏或为恶意构造，已中止`;
    case 'out_of_memory':
      return `解析所需内存超过上限（${limits.workerHeapMb} MB），文件可能已损坏或为恶意构造，已中止`;
    case 'too_many_cells':
      return `工作簿单元格过多（超过 ${limits.maxCells} 个），不是本系统的报送工作簿`;
    case 'parse_crash':
      return '解析程序异常退出，文件可能已损坏';
    case 'damaged':
      return '文件已损坏（压缩数据校验失败或不完整），请重新导出或重新保存后再报送';
    case 'too_many_sheets':
      return `工作表过多（${o.count ?? 0} 个，上限 ${limits.maxSheets} 个），不是本系统的报送工作簿`;
    case 'too_deep':
      return 'XML 嵌套层数异常（过深），文件疑似恶意构造，不予导入';
    case 'dtd':
      return '文件中含有 XML 文档类型声明（DTD/实体定义），正常的工作簿不会有，疑似恶意构造，不予导入';
    default:
      if (/password|encrypt/i.test(o.message)) return '文件设置了打开密码（已加密），请去掉密码后重新保存再报送';
      return '文件已损坏或格式无法识别，无法读取';
  }
}

/** What the apply pass needs of an accepted file besides its metadata. */
interface StagedBody {
  content: WorkbookContent;
  modified: boolean;
  warnings: string[];
}

type Checked =
  | { file: string; sha256: string; size: number; ok: true; meta: UnitWorkbookMeta; hash: string; staged: number; evidence: Candidate['evidence'] }
  | { file: string; sha256: string; size: number; ok: false; errors: ErrorDetail[]; unit: string | null; unitName: string | null; period: string | null; revision: number | null };

const NO_EVIDENCE: Candidate['evidence'] = new Map();

interface CheckEnv {
  /** One object per key for the whole run (units and periods of accepted files). */
  shared: <T>(key: string, value: T) => T;
  pool: ParsePool;
  limits: ImportLimits;
  stage: BookStage<StagedBody>;
  archive: ArchiveWriter | null;
}

async function check(env: CheckEnv, c: Candidate): Promise<Checked> {
  const { pool, limits } = env;
  let data: Uint8Array;
  try {
    data = c.refused ? new Uint8Array(0) : c.read();
  } catch (err) {
    data = new Uint8Array(0);
    c = { ...c, refused: { code: 'unreadable', message: `无法读取文件：${(err as Error).message}` } };
  }
  const size = data.length;
  // Hashed by the parser worker when the file gets that far; here otherwise.
  let sha: string | null = null;
  const shaOf = (): string => (sha ??= sha256(data));
  const reject = (message: string): Checked => ({ file: c.file, sha256: shaOf(), size, ok: false, errors: [{ file: c.file, message }], unit: null, unitName: null, period: null, revision: null });
  if (c.refused) return reject(c.refused.message);
  const sniff = sniffWorkbook(data, limits);
  if (!sniff.ok) return reject(sniff.message);
  // A file read just for this check is moved to the worker and back, not copied.
  // The worker parses, then reads and checks the workbook against the import's snapshot of the database.
  const parsed = await pool.parse(data, {
    required: SHEETS.machine,
    sheets: UNIT_SHEETS,
    application: WRITER_APPLICATION,
    hash: true,
    transfer: c.fresh === true,
    read: { isXlsx: sniff.kind === 'xlsx' },
  });
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
  if (!read) return reject('程序内部错误：解析程序没有返回读取结果');
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
  env.archive?.start(hash, data);
  const staged = env.stage.put({ content: read.content, modified: read.modified, warnings: read.warnings });
  // Kept until the apply pass for every file of the run: the unit and period
  // objects are shared, not one copy per file as they came from the worker.
  const meta = { ...read.meta, unit: env.shared(`u:${read.meta.unit.code}`, read.meta.unit), period: env.shared(`p:${read.meta.period.id}`, read.meta.period) };
  return { file: c.file, sha256: hash, size, ok: true, meta, hash: read.hash, staged, evidence: c.evidence.size > 0 ? c.evidence : NO_EVIDENCE };
}

/** What the parser workers read unit workbooks against: a snapshot taken as the import starts. */
export function readEnvData(ctx: CoreContext): ReadEnvData {
  const catalog = ctx.catalog();
  const units = ctx.store.units.list(true);
  const tasksByUnit: Record<string, number[]> = {};
  for (const u of units) tasksByUnit[u.code] = ctx.tasksOf(u.code).map((t) => t.task.no);
  return {
    units,
    periodKind: ctx.periodKind,
    closedPeriods: ctx.store.periods.list().filter((p) => p.closed).map((p) => p.period),
    today: ctx.today(),
    catalogVersion: catalog.version,
    tasks: catalog.tasks.map((t) => ({ ...t, units: [] })),
    tasksByUnit,
  };
}

/** Two files of one run for the same unit and period with different content: both are refused. */
function refuseConflicts(checked: Checked[]): Checked[] {
  type Ok = Extract<Checked, { ok: true }>;
  const keyOf = (c: Ok): string => `${c.meta.unit.code}/${c.meta.period.id}`;
  const groups = new Map<string, Ok[]>();
  for (const c of checked) {
    if (!c.ok) continue;
    const g = groups.get(keyOf(c));
    if (g) g.push(c);
    else groups.set(keyOf(c), [c]);
  }
  return checked.map((c) => {
    if (!c.ok) return c;
    const group = groups.get(keyOf(c)) ?? [];
    if (group.length <= 1 || new Set(group.map((b) => b.hash)).size <= 1) return c;
    const others = group.filter((b) => b !== c).map((b) => `“${b.file}”（第 ${b.meta.revision} 版）`);
    return {
      file: c.file,
      sha256: c.sha256,
      size: c.size,
      ok: false,
      errors: [
        {
          file: c.file,
          message: `本次导入中还有 ${others.join('、')} 也是“${c.meta.unit.name}”${c.meta.period.label}的报送文件，但内容不同；请只保留应采用的一份后重新导入`,
        },
      ],
      unit: c.meta.unit.code,
      unitName: c.meta.unit.name,
      period: c.meta.period.id,
      revision: c.meta.revision,
    };
  });
}

function result(c: Checked, status: ImportStatus, warnings: string[] = []): ImportFileResult {
  if (!c.ok) return { file: c.file, status, unit: c.unit, unitName: c.unitName, period: c.period, revision: c.revision, sha256: c.sha256, errors: c.errors, warnings };
  const m = c.meta;
  return { file: c.file, status, unit: m.unit.code, unitName: m.unit.name, period: m.period.id, revision: m.revision, sha256: c.sha256, errors: [], warnings };
}

class DryRunRollback extends Error {}

/** Files per commit, and the longest a batch stays open. */
const BATCH_FILES = 64;
const BATCH_MS = 250;

interface ApplyEnv {
  ctx: CoreContext;
  stage: BookStage<StagedBody>;
  archive: ArchiveWriter | null;
  dryRun: boolean;
  heap?: HeapKeeper;
}

interface Applier {
  files: ImportFileResult[];
  runId: string;
  anyAccepted: boolean;
  at: string;
  applyOne: (c: Checked) => void;
}

function applier(env: ApplyEnv, checked: Checked[]): Applier {
  const { ctx, stage, archive, dryRun } = env;
  const runId = ctx.newId();
  const anyAccepted = checked.some((c) => c.ok);
  const files: ImportFileResult[] = [];
  const at = ctx.nowIso();
  const record = (r: ImportFileResult, fileId: string, size: number): void => {
    if (!anyAccepted) return;
    ctx.store.imports.addFile({
      id: fileId,
      runId,
      fileName: r.file,
      fileHash: r.sha256,
      size,
      status: r.status,
      unit: r.unit,
      period: r.period,
      revision: r.revision,
      errors: JSON.stringify(r.errors),
      warnings: JSON.stringify(r.warnings),
      importedAt: at,
    });
  };

  const applyOne = (c: Checked): void => {
    const fileId = ctx.newId();
    if (!c.ok) {
      const r = result(c, 'rejected');
      record(r, fileId, c.size);
      files.push(r);
      return;
    }
    const body = stage.take(c.staged);
    const b: AcceptedBook = { file: c.file, sha256: c.sha256, meta: c.meta, content: body.content, hash: c.hash, modified: body.modified, warnings: body.warnings, evidence: c.evidence };
    try {
      const r = ctx.store.tx(() => {
        const status = decide(ctx, b);
        if (!dryRun) {
          // Bytes first (content-addressed, idempotent), then the rows that point at them.
          archive?.place(b.sha256);
          if (status === 'imported' || status === 'updated') {
            for (const e of b.content.evidence) {
              const bytes = b.evidence.get(e.hash);
              if (bytes) storeByHash(hashPath(evidenceDir(ctx.dbPath), e.hash), bytes);
            }
          }
        }
        const extra = status === 'imported' || status === 'updated' ? applyBook(ctx, b, fileId) : [];
        const stale = status === 'stale' ? ['本系统已有该单位本周期更新的版本，此文件已存档但未采用'] : [];
        const r = result(c, status, [...b.warnings, ...extra, ...stale]);
        record(r, fileId, c.size);
        return r;
      });
      files.push(r);
    } catch (err) {
      const e = err instanceof AppError ? err : new AppError('internal', `程序内部错误：${(err as Error).message}`);
      const details = (e.details ?? [{ message: e.message }]).map((d) => ({ file: c.file, message: d.message }));
      const r = result({ file: c.file, sha256: c.sha256, size: c.size, ok: false, errors: details, unit: b.meta.unit.code, unitName: b.meta.unit.name, period: b.meta.period.id, revision: b.meta.revision }, 'rejected');
      record(r, fileId, c.size);
      files.push(r);
    }
    faultPoint('import-file');
  };
  return { files, runId, anyAccepted, at, applyOne };
}

/** The dry run: everything inside the caller's transaction, which is rolled back. */
function applyDry(env: ApplyEnv, checked: Checked[]): ImportFileResult[] {
  const { ctx } = env;
  const { files, runId, anyAccepted, at, applyOne } = applier(env, checked);
  if (anyAccepted) ctx.store.imports.startRun(runId, at);
  for (const c of checked) applyOne(c);
  if (anyAccepted) ctx.store.imports.finishRun(runId, ctx.nowIso(), files.length);
  return files;
}

async function apply(env: ApplyEnv, checked: Checked[]): Promise<{ files: ImportFileResult[]; runId: string | null }> {
  const { ctx } = env;
  const { files, runId, anyAccepted, at, applyOne } = applier(env, checked);

  // Several files per commit; each inside its own savepoint (store.tx nests).
  // The batch runs synchronously: nothing else can slip into its transaction.
  const ownBatches = !ctx.store.imports.inBatch;
  const bulk = ownBatches && checked.length > 1 ? ctx.store.imports.beginBulk() : null;
  try {
    await applyBatches(env, checked, applyOne, ownBatches, { files, runId, anyAccepted, at });
  } finally {
    if (bulk !== null) ctx.store.imports.endBulk(bulk);
  }
  return { files, runId: anyAccepted ? runId : null };
}

async function applyBatches(
  env: ApplyEnv,
  checked: Checked[],
  applyOne: (c: Checked) => void,
  ownBatches: boolean,
  run: { files: ImportFileResult[]; runId: string; anyAccepted: boolean; at: string },
): Promise<void> {
  const { ctx, archive } = env;
  const { files, runId, anyAccepted, at } = run;
  let i = 0;
  while (i < checked.length) {
    const end = Math.min(checked.length, i + BATCH_FILES);
    const hashes = checked.slice(i, end).flatMap((c) => (c.ok ? [c.sha256] : []));
    // Failed background writes surface here, before anything is committed.
    await archive?.ready(hashes);
    const t0 = Date.now();
    if (ownBatches) ctx.store.imports.beginBatch();
    try {
      if (i === 0 && anyAccepted) ctx.store.imports.startRun(runId, at);
      const first = i;
      while (i < end && (i === first || Date.now() - t0 < BATCH_MS)) applyOne(checked[i++] as Checked);
      if (i === checked.length && anyAccepted) ctx.store.imports.finishRun(runId, ctx.nowIso(), files.length);
      archive?.flush();
      if (ownBatches) ctx.store.imports.commitBatch();
      env.heap?.check();
    } catch (err) {
      if (ownBatches) ctx.store.imports.rollbackBatch();
      throw err;
    }
  }
}

/** Memory kept for staged content before it spills to a temporary file. */
const STAGE_BUDGET = 32 * 1024 * 1024;

export async function importCandidates(ctx: CoreContext, candidates: Iterable<Candidate>, opts: ImportOptions = {}): Promise<ImportReport> {
  ctx.requireBureau('导入单位报送文件');
  const limits = { ...DEFAULT_LIMITS, ...opts.limits };
  const dryRun = opts.dryRun ?? false;
  const pool = new ParsePool(limits, readEnvData(ctx));
  const stage = new BookStage<StagedBody>(STAGE_BUDGET);
  const archive = dryRun ? null : new ArchiveWriter(archiveDir(ctx.dbPath));
  const heap = new HeapKeeper(24 * 1024 * 1024);
  const sharedValues = new Map<string, unknown>();
  const shared = <T>(key: string, value: T): T => {
    if (!sharedValues.has(key)) sharedValues.set(key, value);
    return sharedValues.get(key) as T;
  };
  try {
    // Pass 1: a few files in flight at a time, results kept in order.
    const checked: Checked[] = [];
    const inFlight = new Set<Promise<void>>();
    const window = Math.max(2, limits.workers * 3);
    let n = 0;
    for (const c of candidates) {
      const at = n++;
      const p: Promise<void> = check({ shared, pool, limits, stage, archive }, c).then((r) => {
        checked[at] = r;
        inFlight.delete(p);
        heap.check();
      });
      inFlight.add(p);
      if (inFlight.size >= window) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    await pool.close();
    // Pass 2.
    const final = refuseConflicts(checked);
    let outcome: { files: ImportFileResult[]; runId: string | null } = { files: [], runId: null };
    if (dryRun) {
      try {
        ctx.store.tx(() => {
          outcome = { files: applyDry({ ctx, stage, archive, dryRun }, final), runId: null };
          throw new DryRunRollback();
        });
      } catch (err) {
        if (!(err instanceof DryRunRollback)) throw err;
      }
    } else {
      outcome = await apply({ ctx, stage, archive, dryRun, heap }, final);
    }
    const totals = Object.fromEntries(IMPORT_STATUSES.map((s) => [s, outcome.files.filter((f) => f.status === s).length])) as Record<ImportStatus, number>;
    return { runId: outcome.runId, dryRun, files: outcome.files, totals: { ...totals, files: outcome.files.length } };
  } finally {
    await pool.close();
    stage.close();
    await archive?.discard();
  }
}

/** Node-side entry for the command line and the benchmark: files, folders and zips by path, no base64. */
export function importPaths(ctx: CoreContext, paths: readonly string[], opts: ImportOptions = {}): Promise<ImportReport> {
  const limits = { ...DEFAULT_LIMITS, ...opts.limits };
  return importCandidates(ctx, fromPaths(paths, limits), opts);
}

export function importBlobs(ctx: CoreContext, blobs: { name: string; data: Uint8Array }[], opts: ImportOptions = {}): Promise<ImportReport> {
  const limits = { ...DEFAULT_LIMITS, ...opts.limits };
  return importCandidates(ctx, blobs.flatMap((b) => fromBytes(b.name, b.data, limits)), opts);
}
