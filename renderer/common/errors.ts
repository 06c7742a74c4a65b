/** How API errors read in the UI. */
import type { ApiError } from '../../shared/errors';

export function errorText(err: ApiError): string {
  if (err.code === 'not_implemented') return `${err.message}：该功能将在后续版本中提供，现在可以先保存填报内容。`;
  return err.message;
}
