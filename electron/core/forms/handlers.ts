/** Handlers of the printed-form calls (shared/api/forms.ts). */
import type { GroupHandlers } from '../../../shared/api';
import type { formCalls } from '../../../shared/api/forms';
import type { CoreContext } from '../context';
import { renderForm } from './render';

export function formHandlers(ctx: CoreContext): GroupHandlers<typeof formCalls> {
  return {
    'forms.render': (i) => renderForm(ctx, i),
  };
}
