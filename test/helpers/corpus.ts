/**
 * The foreign and hostile spreadsheets the import must refuse: the project's
 * corpus beside the checkout (`../shared/corpus/spreadsheets`) when it is
 * there, else the copy kept in the repository (`test/fixtures/corpus`), so a
 * clone anywhere walks them.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** `../shared/corpus/spreadsheets` beside the checkout (null when this clone has none beside it). */
export const SHARED_CORPUS: string | null = ((p) => (existsSync(p) ? p : null))(fileURLToPath(new URL('../../../shared/corpus/spreadsheets', import.meta.url)));

/** The repository's copy. */
export const VENDORED_CORPUS = fileURLToPath(new URL('../fixtures/corpus/spreadsheets', import.meta.url));

/** The folder the tests walk. */
export const CORPUS = SHARED_CORPUS ?? VENDORED_CORPUS;
