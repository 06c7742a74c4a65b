/** Handlers of the exchange calls (shared/api/exchange.ts). */
import type { GroupHandlers } from '../../../shared/api';
import type { exchangeCalls } from '../../../shared/api/exchange';
import { AppError } from '../../../shared/errors';
import type { CoreContext } from '../context';

const notYet = (): never => {
  throw new AppError('not_implemented', 'Excel 交换功能尚在开发中');
};

export function exchangeHandlers(_ctx: CoreContext): GroupHandlers<typeof exchangeCalls> {
  return {
    'exchange.exportUnit': notYet,
    'exchange.template': notYet,
    'exchange.setupExport': notYet,
    'exchange.setupImport': notYet,
    'exchange.import': notYet,
    'exchange.importRuns': notYet,
    'exchange.summaryExport': notYet,
  };
}
