import { migration001 } from './001-initial';
import { migration002 } from './002-imports';
import { migration003 } from './003-reports-column-order';
import { migration004 } from './004-history-texts-once';
import { migration005 } from './005-overview-index';
import { migration006 } from './006-lagging-index';
import { migration007 } from './007-submissions-period-index';
import { migration008 } from './008-notice-numbers';
import { migration009 } from './009-submitted-at';
import { migration010 } from './010-returns';
import { migration011 } from './011-import-containers';
import { migration012 } from './012-submission-lineage';
import { migration013 } from './013-unit-deactivated-at';
import { migration014 } from './014-originals';
import { migration015 } from './015-unit-renames';
import { migration016 } from './016-approvals';
import { migration017 } from './017-import-files-unit-period';
import { migration018 } from './018-settings-changes';
import { migration019 } from './019-notices';
import { migration020 } from './020-baselines';
import { migration021 } from './021-evidence-missing';
import { migration022 } from './022-evidence-missing-files';
import { migration023 } from './023-run-unlisted';
import { migration024 } from './024-repair-early-shapes';
import { migration025 } from './025-owed-from';
import type { Migration } from './types';

/** Append-only: never edit a migration that has shipped; add the next one. */
export const MIGRATIONS: readonly Migration[] = [migration001, migration002, migration003, migration004, migration005, migration006, migration007, migration008, migration009, migration010, migration011, migration012, migration013, migration014, migration015, migration016, migration017, migration018, migration019, migration020, migration021, migration022, migration023, migration024, migration025];

export const LATEST_VERSION = MIGRATIONS.length;

MIGRATIONS.forEach((m, i) => {
  if (m.version !== i + 1) throw new Error(`migration ${m.name} has version ${m.version}, expected ${i + 1}`);
});
