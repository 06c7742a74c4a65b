/**
 * The bureau's bulk import: every candidate is sniffed, parsed in a killable
 * worker, read and checked, then applied in its own transaction. Each file
 * ends in exactly one state. A dry run does the same inside one transaction
 * that is rolled back, so it reports exactly what would happen.
 */
import type { ImportFileResult, ImportReport, ImportStatus } from '../../../shared/api/exchange';
import { IMPORT_STATUSES } from '../../../shared/api/exchange';
import { AppError, type ErrorDetail } from '../../../shared/errors';
import type { CoreContext } from '../context';
import { sha256, storeByHash } from '../fsutil';
import { archiveDir, evidenceDir, hashPath } from '../paths';
import { applyBook, decide, type AcceptedBook } from './apply';
import { SHEETS } from './format';
import { DEFAULT_LIMITS, type ImportLimits } from './limits';
import { ParsePool, type ParseOutcome } from './parse-pool';
import { readUnitWorkbook } from './read-unit';
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
    default:
      if (/password|encrypt/i.test(o.message)) return '文件设置了打开密码（已加密），请去掉密码后重新保存再报送';
      return '文件已损坏或格式无法识别，无法读取';
  }
}

type Checked =
  | { file: string; sha256: string; ok: true; book: AcceptedBook }
  | { file: string; sha256: string; ok: false; errors: ErrorDetail[]; unit: string | null; unitName: string | null; period: string | null; revision: number | null };

async function check(ctx: CoreContext, c: Candidate, pool: ParsePool, limits: ImportLimits): Promise<Checked> {
  const sha = sha256(c.data);
  const reject = (message: string): Checked => ({ file: c.file, sha256: sha, ok: false, errors: [{ file: c.file, message }], unit: null, unitName: null, period: null, revision: null });
  if (c.refused) return reject(c.refused.message);
  const sniff = sniffWorkbook(c.data, limits);
  if (!sniff.ok) return reject(sniff.message);
  const parsed = await pool.parse(c.data, { required: SHEETS.machine, sheets: UNIT_SHEETS });
  if (!parsed.ok) return reject(parseMessage(parsed, limits));
  const read = readUnitWorkbook(ctx, parsed.book, sniff.kind === 'xlsx');
  if (!read.ok) {
    return {
      file: c.file,
      sha256: sha,
      ok: false,
      errors: read.errors.map((e) => ({ file: c.file, ...e })),
      unit: read.unit?.code ?? null,
      unitName: read.unit?.name ?? null,
      period: read.period,
      revision: read.revision,
    };
  }
  return {
    file: c.file,
    sha256: sha,
    ok: true,
    book: { file: c.file, sha256: sha, meta: read.meta, content: read.content, hash: read.hash, modified: read.modified, warnings: read.warnings, evidence: c.evidence },
  };
}

/** Two files of one run for the same unit and period with different content: both are refused. */
function refuseConflicts(checked: Checked[]): Checked[] {
  const groups = new Map<string, AcceptedBook[]>();
  for (const c of checked) {
    if (!c.ok) continue;
    const key = `${c.book.meta.unit.code}/${c.book.meta.period.id}`;
    groups.set(key, [...(groups.get(key) ?? []), c.book]);
  }
  return checked.map((c) => {
    if (!c.ok) return c;
    const group = groups.get(`${c.book.meta.unit.code}/${c.book.meta.period.id}`) ?? [];
    if (new Set(group.map((b) => b.hash)).size <= 1) return c;
    const others = group.filter((b) => b !== c.book).map((b) => `“${b.file}”（第 ${b.meta.revision} 版）`);
    return {
      file: c.file,
      sha256: c.sha256,
      ok: false,
      errors: [
        {
          file: c.file,
          message: `本次导入中还有 ${others.join('、')} 也是“${c.book.meta.unit.name}”${c.book.meta.period.label}的报送文件，但内容不同；请只保留应采用的一份后重新导入`,
        },
      ],
      unit: c.book.meta.unit.code,
      unitName: c.book.meta.unit.name,
      period: c.book.meta.period.id,
      revision: c.book.meta.revision,
    };
  });
}

function result(c: Checked, status: ImportStatus, warnings: string[] = []): ImportFileResult {
  if (!c.ok) return { file: c.file, status, unit: c.unit, unitName: c.unitName, period: c.period, revision: c.revision, sha256: c.sha256, errors: c.errors, warnings };
  const m = c.book.meta;
  return { file: c.file, status, unit: m.unit.code, unitName: m.unit.name, period: m.period.id, revision: m.revision, sha256: c.sha256, errors: [], warnings };
}

class DryRunRollback extends Error {}

function apply(ctx: CoreContext, checked: Checked[], candidates: Map<string, Candidate>, dryRun: boolean): { files: ImportFileResult[]; runId: string | null } {
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
  if (anyAccepted) ctx.store.imports.startRun(runId, at);
  for (const c of checked) {
    const fileId = ctx.newId();
    const size = candidates.get(c.file)?.data.length ?? 0;
    if (!c.ok) {
      const r = result(c, 'rejected');
      record(r, fileId, size);
      files.push(r);
      continue;
    }
    const b = c.book;
    try {
      const r = ctx.store.tx(() => {
        const status = decide(ctx, b);
        if (!dryRun) {
          // Bytes first (content-addressed, idempotent), then the rows that point at them.
          storeByHash(hashPath(archiveDir(ctx.dbPath), b.sha256), candidates.get(c.file)?.data ?? new Uint8Array());
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
        record(r, fileId, size);
        return r;
      });
      files.push(r);
    } catch (err) {
      const e = err instanceof AppError ? err : new AppError('internal', `程序内部错误：${(err as Error).message}`);
      const details = (e.details ?? [{ message: e.message }]).map((d) => ({ file: c.file, message: d.message }));
      const r = result({ ...c, ok: false, errors: details, unit: b.meta.unit.code, unitName: b.meta.unit.name, period: b.meta.period.id, revision: b.meta.revision }, 'rejected');
      record(r, fileId, size);
      files.push(r);
    }
  }
  if (anyAccepted) ctx.store.imports.finishRun(runId, ctx.nowIso(), files.length);
  return { files, runId: anyAccepted && !dryRun ? runId : null };
}

export async function importCandidates(ctx: CoreContext, candidates: Candidate[], opts: ImportOptions = {}): Promise<ImportReport> {
  ctx.requireBureau('导入单位报送文件');
  const limits = { ...DEFAULT_LIMITS, ...opts.limits };
  const dryRun = opts.dryRun ?? false;
  const pool = new ParsePool(limits);
  let checked: Checked[];
  try {
    checked = await Promise.all(candidates.map((c) => check(ctx, c, pool, limits)));
  } finally {
    await pool.close();
  }
  checked = refuseConflicts(checked);
  const byFile = new Map(candidates.map((c) => [c.file, c]));
  let outcome: { files: ImportFileResult[]; runId: string | null } = { files: [], runId: null };
  if (dryRun) {
    try {
      ctx.store.tx(() => {
        outcome = apply(ctx, checked, byFile, true);
        throw new DryRunRollback();
      });
    } catch (err) {
      if (!(err instanceof DryRunRollback)) throw err;
    }
  } else {
    outcome = apply(ctx, checked, byFile, false);
  }
  const totals = Object.fromEntries(IMPORT_STATUSES.map((s) => [s, outcome.files.filter((f) => f.status === s).length])) as Record<ImportStatus, number>;
  return { runId: outcome.runId, dryRun, files: outcome.files, totals: { ...totals, files: outcome.files.length } };
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
