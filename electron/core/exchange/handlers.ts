/** Handlers of the exchange calls (shared/api/exchange.ts). */
import type { GroupHandlers } from '../../../shared/api';
import type { ExportedFile, ImportFileResult, ImportRunView, exchangeCalls } from '../../../shared/api/exchange';
import type { CoreContext } from '../context';
import { buildUnitBundle, type BuiltFile } from './export-unit';
import { importBlobs } from './import-run';
import { exportSetup, importSetup, previewSetup } from './setup-workbook';
import { exportSummary } from './summary-workbook';

export const toExported = (f: BuiltFile): ExportedFile => ({
  fileName: f.fileName,
  dataBase64: f.data.toString('base64'),
  bytes: f.data.length,
  sha256: f.sha256,
  ...(f.revision !== undefined ? { revision: f.revision } : {}),
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
      }),
    ),
  }));
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
    'exchange.summaryExport': async (i) => toExported(await exportSummary(ctx, ctx.period(i.period))),
  };
}
