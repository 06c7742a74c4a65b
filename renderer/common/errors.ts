/** How API errors read in the UI. */
import type { ApiError } from '../../shared/errors';

export function errorText(err: ApiError): string {
  return err.message;
}
