/** Handlers of the exchange calls (shared/api/exchange.ts). */
import type { GroupHandlers } from '../../../shared/api';
import type { ExportedFile, ImportFileResult, ImportRunView, exchangeCalls } from '../../../shared/api/exchange';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { AppError, ERROR_CODES } from '../../../shared/errors';
import type { CoreContext } from '../context';
import { sha256 } from '../fsutil';
import { archiveDir, hashPath } from '../paths';
import { buildEvidencePackage } from './evidence-package';
import { buildUnitBundle, type BuiltFile } from './export-unit';
import { importBlobs } from './import-run';
import { exportSetup, importSetup, previewSetup } from './setup-workbook';
import { exportSummary } from './summary-workbook';

export const toExported = (f: BuiltFile & { warnings?: string[] }): ExportedFile => ({
  fileName: f.fileName,
  dataBase64: f.data.toString('base64'),
  bytes: f.data.length,
  sha256: f.sha256,
  ...(f.revision !== undefined ? { revision: f.revision } : {}),
  ...(f.warnings?.length ? { warnings: f.warnings } : {}),
});

export function importRuns(ctx: CoreContext, limit: number): ImportRunView[] {
  return ctx.store.imports.runs(limit).map((run) => ({
    ...run,
    files: ctx.store.imports.filesOf(run.id).map(
      (f): ImportFileResult => ({
        file: f.fileName,
        status: f.status,
        unit: f.unit,
        unitName: f.unit ? (ctx.store.units.byCode(f.unit)?.name ?? f.unit) : null,
        period: f.period,
        revision: f.revision,
        sha256: f.fileHash,
        errors: JSON.parse(f.errors) as ImportFileResult['errors'],
        warnings: JSON.parse(f.warnings) as string[],
        ...(f.containerName !== null && f.containerHash !== null ? { container: { file: f.containerName, sha256: f.containerHash } } : {}),
      }),
    ),
  }));
}

/** The last part of a name as received: a path on disk, or `bundle.zip/inner/name.xlsx`. */
const lastPart = (name: string): string => basename(name.replace(/\\/g, '/')) || name;

/**
 * An imported file's original bytes from the archive (a workbook, or the .zip
 * it came in), named as it was received, checked against its digest.
 */
export function originalFile(ctx: CoreContext, hash: string): ExportedFile {
  const name = ctx.store.imports.nameOf(hash);
  if (name === null) throw new AppError(ERROR_CODES.notFound, `没有摘要为 ${hash} 的导入文件（被拒绝的文件不存档）`);
  const path = hashPath(archiveDir(ctx.dbPath), hash);
  let data: Buffer;
  try {
    data = readFileSync(path);
  } catch {
    throw new AppError(ERROR_CODES.notFound, `“${name}”的原件不在本机（应在 ${path}）：它在导入时被拒绝，或存档已被删除；请从备份恢复`);
  }
  if (sha256(data) !== hash) throw new AppError(ERROR_CODES.evidenceDamaged, `“${name}”的原件已损坏（内容与登记的摘要不符：${path}）；请从备份恢复`);
  return { fileName: lastPart(name), dataBase64: data.toString('base64'), bytes: data.length, sha256: hash };
}

export function exchangeHandlers(ctx: CoreContext): GroupHandlers<typeof exchangeCalls> {
  return {
    'exchange.exportUnit': async (i) => toExported(await buildUnitBundle(ctx, i.unit, i.period, 'unit')),
    'exchange.template': async (i) => toExported(await buildUnitBundle(ctx, i.unit, i.period, 'template')),
    'exchange.setupExport': async () => toExported(await exportSetup(ctx)),
    'exchange.setupPreview': (i) => previewSetup(ctx, Buffer.from(i.file.dataBase64, 'base64'), i.file.name),
    'exchange.setupImport': (i) => importSetup(ctx, Buffer.from(i.file.dataBase64, 'base64'), i.file.name, i.unit),
    'exchange.import': (i) =>
      importBlobs(
        ctx,
        i.files.map((f) => ({ name: f.name, data: Buffer.from(f.dataBase64, 'base64') })),
        { dryRun: i.dryRun },
      ),
    'exchange.importRuns': (i) => importRuns(ctx, i.limit ?? 50),
    'exchange.original': (i) => originalFile(ctx, i.sha256),
    'exchange.evidencePackage': async (i) => toExported(await buildEvidencePackage(ctx, i.year !== undefined ? { year: i.year } : { period: i.period as string })),
    'exchange.summaryExport': async (i) => toExported(await exportSummary(ctx, ctx.period(i.period))),
  };
}
