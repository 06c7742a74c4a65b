import { Fragment } from 'react';

/**
 * A file's name or path in a narrow column: it breaks after a / \ - _ or .
 * (太平街道-2021-Q3-第3版.xlsx, never inside 2021), and mid-word only where
 * one part alone is wider than the column.
 */
export function PathText({ text }: { text: string }) {
  const parts = text.split(/(?<=[\\/\-_.])/);
  return (
    <span style={{ overflowWrap: 'anywhere' }}>
      {parts.map((p, i) => (
        <Fragment key={i}>
          {i > 0 && <wbr />}
          {p}
        </Fragment>
      ))}
    </span>
  );
}
