/** Handlers of the exchange calls (shared/api/exchange.ts). */
import { adoptRevision, previewRevision } from './catalog-revise';
import type { GroupHandlers } from '../../../shared/api';
import type { ExportedFile, exchangeCalls } from '../../../shared/api/exchange';
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { AppError, ERROR_CODES } from '../../../shared/errors';
import type { CoreContext } from '../context';
import { copyFileAtomic, sha256, writeFileAtomic } from '../fsutil';
import { safeFileName } from '../services/reports';
import { archiveDir, hashPath } from '../paths';
import { buildEvidencePackage, writeEvidencePackage } from './evidence-package';
import { buildUnitBundle, exportCheck, writeUnitBundle, type BuiltFile } from './export-unit';
import { exportLedger } from './ledger-workbook';
import { importPicked, warmImports } from './import-run';
import { DEFAULT_LIMITS } from './limits';
import { discardPrepared, prepareFile, readPrepared } from './outgoing';
import { appendUpload, discardUploads, startUpload, usingUploads } from './uploads';
import { exportSetup, importSetup, previewSetup } from './setup-workbook';
import { exportSummary } from './summary-workbook';
import { exportImportRun, importRuns } from './import-result-workbook';

export const toExported = (f: BuiltFile): ExportedFile => ({
  fileName: f.fileName,
  dataBase64: f.data.toString('base64'),
  bytes: f.data.length,
  sha256: f.sha256,
  ...(f.revision !== undefined ? { revision: f.revision } : {}),
  ...(f.warnings?.length ? { warnings: f.warnings } : {}),
});

/** The last part of a name as received: a path on disk, or `bundle.zip/inner/name.xlsx`. */
export const lastPart = (name: string): string => basename(name.replace(/\\/g, '/')) || name;

/** The most an original may have to be saved through the API (it crosses as base64); bigger ones are copied from the archive. */
export const ORIGINAL_API_MAX_BYTES = 200 * 1024 * 1024;

const ASK_SENDER = '如需原件，请向报送单位索取';

/**
 * Where an imported file's original is archived and the name it was received
 * as: a workbook's in the database (`path` null; before migration 014, a
 * file), the .zip it came in as a file; refused, saying why, when there is
 * none (never received, only rejected, gone from the archive).
 */
export function locateOriginal(ctx: CoreContext, hash: string): { name: string; path: string | null; size: number } {
  const got = ctx.store.imports.receivedAs(hash);
  if (got === null && ctx.role === 'unit') throw new AppError(ERROR_CODES.notFound, '这是填报单位的数据库：它不导入各单位的报送文件，也不保存其原件（原件由区局保存）');
  if (got === null) throw new AppError(ERROR_CODES.notFound, `没有摘要为 ${hash} 的导入文件；各文件的摘要可在“导入记录”或命令行 imports 中查到`);
  const { name } = got;
  if (!got.archived) throw new AppError(ERROR_CODES.notFound, `“${name}”在导入时被拒绝：被拒绝的文件（及其中文件全被拒绝的压缩包）不存档；${ASK_SENDER}`);
  const held = ctx.store.imports.originalSize(hash);
  if (held !== null) return { name, path: null, size: held };
  const path = hashPath(archiveDir(ctx.dbPath), hash);
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    // A workbook's original is in the database since migration 014 (a file there before); a .zip's is a file.
    throw new AppError(
      ERROR_CODES.notFound,
      got.container
        ? `“${name}”的原件应存档在 ${path}，但已不在（可能被删除或移走）；存档不在数据库的备份之内，${ASK_SENDER}`
        : `“${name}”的原件既不在数据库中，也不在 ${path}（可能被删除或移走）；可恢复导入此文件之后的一份备份，或向报送单位索取原件`,
    );
  }
  return { name, path, size };
}

const damaged = (name: string, path: string | null): AppError =>
  new AppError(ERROR_CODES.evidenceDamaged, `“${name}”的原件（${path ?? '存于数据库中'}）已损坏：内容与登记的摘要不符；${ASK_SENDER}`);

/** An original held in the database, checked against its digest. */
function heldOriginal(ctx: CoreContext, hash: string, name: string): Buffer {
  const data = ctx.store.imports.original(hash);
  if (data === null || sha256(data) !== hash) throw damaged(name, null);
  return data;
}

/**
 * An imported file's original bytes from the archive, checked against its
 * digest, to be saved under `as` (the name the caller shows for it) or the
 * name it was last received under.
 */
export function originalFile(ctx: CoreContext, hash: string, as?: string): ExportedFile {
  const { name, path, size } = locateOriginal(ctx, hash);
  if (path !== null && size > ORIGINAL_API_MAX_BYTES) {
    throw new AppError(
      ERROR_CODES.invalidInput,
      `“${name}”有 ${(size / 1024 / 1024).toFixed(0)} MB，太大，无法在此另存；请直接复制存档文件 ${path}（文件名即其 SHA-256 摘要），或用命令行 original 取回`,
    );
  }
  const data = path === null ? heldOriginal(ctx, hash, name) : readFileSync(path);
  if (path !== null && sha256(data) !== hash) throw damaged(name, path);
  return { fileName: safeFileName(lastPart(as ?? name)), dataBase64: data.toString('base64'), bytes: data.length, sha256: hash };
}

/** An imported file's original copied from the archive to `target` (any size, read once), checked against its digest on the way. */
export async function copyOriginal(ctx: CoreContext, hash: string, target: string): Promise<{ name: string; bytes: number }> {
  const { name, path } = locateOriginal(ctx, hash);
  if (path === null) {
    const data = heldOriginal(ctx, hash, name);
    writeFileAtomic(target, data);
    return { name: lastPart(name), bytes: data.length };
  }
  const h = createHash('sha256');
  const bytes = await copyFileAtomic(path, target, (chunk) => h.update(chunk), () => {
    if (h.digest('hex') !== hash) throw damaged(name, path);
  });
  return { name: lastPart(name), bytes };
}

export function exchangeHandlers(ctx: CoreContext): GroupHandlers<typeof exchangeCalls> {
  return {
    'exchange.exportUnit': async (i) => toExported(await buildUnitBundle(ctx, i.unit, i.period, 'unit')),
    'exchange.exportCheck': (i) => exportCheck(ctx, i.unit, i.period),
    'exchange.prepareUnitExport': (i) =>
      prepareFile(
        ctx,
        (target) => writeUnitBundle(ctx, i.unit, i.period, 'unit', () => target),
        (made) => made.fileName,
      ),
    'exchange.template': async (i) => toExported(await buildUnitBundle(ctx, i.unit, i.period, 'template')),
    'exchange.setupExport': async (i) => toExported(await exportSetup(ctx, i.unit)),
    'exchange.setupPreview': (i) => previewSetup(ctx, Buffer.from(i.file.dataBase64, 'base64'), i.file.name),
    'exchange.setupImport': (i) => importSetup(ctx, Buffer.from(i.file.dataBase64, 'base64'), i.file.name, i.unit),
    'catalog.revisePreview': (i) => previewRevision(ctx, i),
    'catalog.revise': (i) => adoptRevision(ctx, i),
    'exchange.uploadStart': (i) => {
      const started = startUpload(ctx, i.name, i.size, DEFAULT_LIMITS);
      // Files are being picked for an import: its parser workers start meanwhile.
      void warmImports();
      return started;
    },
    'exchange.uploadChunk': (i) => appendUpload(ctx, i.id, i.offset, Buffer.from(i.dataBase64, 'base64')),
    'exchange.uploadDiscard': (i) => ({ discarded: discardUploads(ctx, i.ids) }),
    'exchange.import': async (i) => {
      const blobs = i.files.map((f) => ({ name: f.name, data: Buffer.from(f.dataBase64, 'base64') }));
      const r = await usingUploads(ctx, i.uploads, (uploads) => importPicked(ctx, blobs, uploads, { dryRun: i.dryRun }));
      // Taken (originals archived): the uploads go. A dry run keeps them for the import that follows.
      if (!i.dryRun) discardUploads(ctx, i.uploads);
      return r;
    },
    'exchange.importRuns': (i) => importRuns(ctx, i.limit ?? 50),
    'exchange.importRunExport': async (i) => toExported(await exportImportRun(ctx, i.runId)),
    'exchange.original': (i) => originalFile(ctx, i.sha256, i.name),
    'exchange.evidencePackage': async (i) => toExported(await buildEvidencePackage(ctx, i.year !== undefined ? { year: i.year } : { period: i.period as string })),
    'exchange.prepareOriginal': (i) =>
      prepareFile(
        ctx,
        async (target) => ({ ...(await copyOriginal(ctx, i.sha256, target)), sha256: i.sha256 }),
        (made) => safeFileName(lastPart(i.name ?? made.name)),
      ),
    'exchange.prepareEvidencePackage': (i) =>
      prepareFile(
        ctx,
        // Made in the data folder before it is saved where the user chooses.
        (target) => writeEvidencePackage(ctx, i.year !== undefined ? { year: i.year } : { period: i.period as string }, target, { place: '本程序数据文件夹所在的磁盘', advice: '请清理该磁盘后重试' }),
        (made) => made.fileName,
      ),
    'exchange.readPrepared': (i) => ({ dataBase64: Buffer.from(readPrepared(ctx, i.id, i.offset, i.length)).toString('base64') }),
    'exchange.discardPrepared': (i) => ({ discarded: discardPrepared(ctx, i.id) }),
    'exchange.ledgerExport': async (i) => toExported(await exportLedger(ctx, i.year)),
    'exchange.summaryExport': async (i) => {
      const period = ctx.period(i.period);
      ctx.requireNotFarAhead(period, '导出区汇总工作簿');
      return toExported(await exportSummary(ctx, period));
    },
  };
}
