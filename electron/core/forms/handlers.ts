/** Handlers of the printed-form calls (shared/api/forms.ts). */
import type { GroupHandlers } from '../../../shared/api';
import type { formCalls } from '../../../shared/api/forms';
import { AppError } from '../../../shared/errors';
import type { CoreContext } from '../context';

export function formHandlers(_ctx: CoreContext): GroupHandlers<typeof formCalls> {
  return {
    'forms.render': () => {
      throw new AppError('not_implemented', '打印表格功能尚在开发中');
    },
  };
}
