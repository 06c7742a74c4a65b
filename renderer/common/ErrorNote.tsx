import { Alert } from 'antd';
import { problemText, type ApiError } from '../../shared/errors';
import { errorText } from './errors';

/** An API error in place, with every detail line (file, sheet, row, column). */
export function ErrorNote({ error, title }: { error: ApiError; title?: string }) {
  const details = error.details ?? [];
  return (
    <Alert
      type="error"
      showIcon
      title={title ?? errorText(error)}
      description={
        details.length > 0 ? (
          <ul className="error-details">
            {details.map((d, i) => (
              <li key={i}>{[d.file, problemText(d)].filter(Boolean).join(' · ')}</li>
            ))}
          </ul>
        ) : title ? (
          errorText(error)
        ) : undefined
      }
    />
  );
}
