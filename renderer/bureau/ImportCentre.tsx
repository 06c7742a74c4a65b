import { DeleteOutlined, FolderOpenOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Card, Progress, Space, Table, Tag, Typography, Upload } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import {
  BUNDLE_MAX_BYTES,
  inBundleEvidence,
  isImportableName,
  isJunkName,
  unlistedText,
  unzippedBundles,
  WORKBOOK_EXTENSIONS,
  type ImportFileResult,
  type ImportReport,
} from '../../shared/api/exchange';
import type { ApiError } from '../../shared/errors';
import { api } from '../api/client';
import { formatBytes, uploadFile } from '../api/files';
import { ErrorNote } from '../common/ErrorNote';
import { ExportButton } from '../common/ExportButton';
import { PathText } from '../common/PathText';
import { ImportResultsTable as ResultsTable } from './ImportResultsTable';
import { ImportRuns } from './ImportRuns';
import { evidenceShortSaid, filesSaid, outcomesSaid, periodsTaken, type PeriodTaken } from '../../shared/import-words';
import { spaceOpensChooser } from '../common/focus';

interface Picked {
  uid: string;
  file: File;
  name: string;
  percent: number;
  /** Its upload (exchange.uploadStart), once the check has sent it. */
  upload: string | null;
  results: ImportFileResult[];
}

/** Rows of the selection shown at a time. */
const PAGE = 20;

/** The results that belong to a picked file: its own, or (for a zip) those of the workbooks inside it. */
const resultsOf = (name: string, files: ImportFileResult[]): ImportFileResult[] =>
  files.filter((f) => f.file === name || f.file.startsWith(`${name}/`));

/**
 * Drop many workbooks, folders or zips; check them all in one dry run (so
 * the preview sees what the import will: two files for the same unit and
 * period, copies); then import them all in one go, the refused ones too, so
 * the run's record lists every file with its reason.
 */
export function ImportCentre({ onImported, onOpenPeriod }: { onImported: () => void; onOpenPeriod: (period: string) => void }) {
  const { message } = AntApp.useApp();
  const [picked, setPicked] = useState<Picked[]>([]);
  const [runsShown, setRunsShown] = useState(0);
  const [phase, setPhase] = useState<'pick' | 'checking' | 'checked' | 'importing' | 'done'>('pick');
  const [final, setFinal] = useState<ImportReport | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  // Files of a folder picked that are not workbooks or zips by their names (photos, documents): passed over, not uploaded, as the
  // import passes them over in a folder; those of a 佐证材料 folder are sent (a unit's bundle unzipped: its evidence).
  const [skipped, setSkipped] = useState<string[]>([]);
  // Files of 佐证材料 folders that belong to no unzipped bundle (no workbook beside the folder, or more than one): not sent, said.
  const [unassigned, setUnassigned] = useState<string[]>([]);
  // What the check's import passed over (a picked folder's files it did not take): said, as of the last check.
  const [passedOver, setPassedOver] = useState<string[]>([]);
  // Files in a zip of several workbooks that none of them lists (the dry run's, then the import's).
  const [unlisted, setUnlisted] = useState<string[]>([]);
  // Folders picked under a name already in the selection, and the name they are shown (and recorded) by.
  const [renamed, setRenamed] = useState<{ top: string; as: string }[]>([]);
  // Unzipped bundles whose evidence is over the cap: not sent, said.
  const [tooBig, setTooBig] = useState<{ book: string; bytes: number }[]>([]);
  const latest = useRef<Picked[]>([]);
  latest.current = picked;
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  // Files picked after an import start a new selection (the ones imported are done with).
  const startAfresh = useRef(false);
  startAfresh.current = phase === 'done';
  // Another folder picked under a name already in the selection (two 收件箱 from different places) is told apart by its
  // first folder's name (收件箱（2）): the core groups an unzipped bundle's files by their paths. The same folder picked
  // again (some of its files the very ones held: same path, size and time) keeps its names, a file changed since
  // replacing the one held; a folder sharing no file name with one held joins it.
  const rootOf = useRef(new WeakMap<readonly File[], string>());
  const nameOf = (file: File, batch: readonly File[]): string => {
    const rel = file.webkitRelativePath;
    if (!rel) return file.name;
    const top = rel.split('/')[0] ?? rel;
    let root = rootOf.current.get(batch);
    if (root === undefined) {
      const held = latest.current;
      const rest = (f: File): string => f.webkitRelativePath.slice(top.length);
      const roots = [...new Set(held.map((x) => x.name.split('/')[0] ?? x.name))].filter((r) => r === top || r.startsWith(`${top}（`));
      const overlap = (r: string): { same: number; named: number } => {
        let same = 0;
        let named = 0;
        for (const f of batch) {
          const x = held.find((h) => h.name === r + rest(f));
          if (!x) continue;
          named++;
          if (x.file.size === f.size && x.file.lastModified === f.lastModified) same++;
        }
        return { same, named };
      };
      const scored = roots.map((r) => ({ r, ...overlap(r) }));
      const again = scored.filter((x) => x.same > 0).sort((a, b) => b.same - a.same)[0];
      const apart = scored.find((x) => x.named === 0);
      root = again?.r ?? apart?.r ?? top;
      for (let n = 2; !again && !apart && held.some((x) => x.name.startsWith(`${root}/`)); n++) root = `${top}（${n}）`;
      rootOf.current.set(batch, root);
      const renamed = root;
      if (renamed !== top) setRenamed((xs) => [...xs.filter((x) => x.as !== renamed), { top, as: renamed }]);
    }
    return root + rel.slice(top.length);
  };
  /** The selection and everything said of it gone (清空, or files picked after an import). */
  const clearSelection = (): void => {
    setPicked([]);
    setSkipped([]);
    setUnassigned([]);
    setTooBig([]);
    setRenamed([]);
    setPassedOver([]);
    setUnlisted([]);
  };
  const add = (file: File, batch: readonly File[] = [file]): false => {
    if (startAfresh.current) {
      startAfresh.current = false;
      clearSelection();
      latest.current = [];
    }
    const name = nameOf(file, batch);
    // Windows' thumbnails, Office's lock files, hidden files: nobody sent them.
    if (file.webkitRelativePath && isJunkName(name)) return false;
    if (file.webkitRelativePath && !isImportableName(file.name) && !inBundleEvidence(name)) {
      setSkipped((xs) => (xs.includes(name) ? xs : [...xs, name]));
      return false;
    }
    // A selection changed after a dry run is checked again as a whole: the earlier results no longer say what the import would do.
    // A folder's file of a path held already: the one picked now (the folder picked again, a file corrected since) takes its
    // place, unless it is the same. Files picked on their own keep both (two downloads of 新市镇.xlsx may be two versions).
    const held = latest.current.find((x) => x.name === name);
    if (held && held.file.size === file.size && (held.file.lastModified === file.lastModified || !file.webkitRelativePath)) return false;
    if (held && file.webkitRelativePath) discard([held]);
    setPicked((xs) => [
      ...xs.filter((x) => x.name !== name || !file.webkitRelativePath).map((x) => ({ ...x, percent: 0, results: [] })),
      { uid: `${Date.now()}-${Math.random()}`, file, name, percent: 0, upload: null, results: [] },
    ]);
    setPhase('pick');
    setFinal(null);
    return false;
  };
  /** One picked file taken out: its upload goes, and the rest is checked again as a whole. The keyboard's focus goes to the next row's 移除. */
  const [refocus, setRefocus] = useState<number | null>(null);
  const selection = useRef<HTMLDivElement>(null);
  const remove = (p: Picked): void => {
    discard([p]);
    setRefocus(picked.findIndex((x) => x.uid === p.uid));
    setPicked((xs) => xs.filter((x) => x.uid !== p.uid).map((x) => ({ ...x, percent: 0, results: [] })));
    setUnassigned([]);
    setTooBig([]);
    setPassedOver([]);
    setUnlisted([]);
    setPhase('pick');
    setFinal(null);
  };
  useEffect(() => {
    if (refocus === null) return;
    const buttons = selection.current?.querySelectorAll<HTMLButtonElement>('button[data-remove]') ?? [];
    // Paged (over PAGE rows): the buttons are the current page's.
    const at = picked.length > PAGE ? refocus % PAGE : refocus;
    (buttons[Math.min(at, buttons.length - 1)] ?? document.querySelector<HTMLButtonElement>('[data-testid=pick-folder]'))?.focus();
    setRefocus(null);
  }, [refocus, picked]);
  const update = (uid: string, patch: Partial<Picked>): void => setPicked((xs) => xs.map((x) => (x.uid === uid ? { ...x, ...patch } : x)));

  /** Uploads of an earlier check (the files may have changed since): removed before the files go again. */
  const discard = (xs: Picked[]): void => {
    const ids = xs.flatMap((x) => (x.upload ? [x.upload] : []));
    // A hundred at a time: each call small enough to outlive the page (see OUTLIVES_PAGE).
    for (let i = 0; i < ids.length; i += 100) void api('exchange.uploadDiscard', { ids: ids.slice(i, i + 100) });
  };

  const check = async (): Promise<void> => {
    setPhase('checking');
    setError(null);
    discard(picked);
    // An unzipped bundle's 佐证材料 files go with it; those that belong to no bundle (as the core would judge) are not sent.
    const bundles = unzippedBundles(picked.map((p) => p.name));
    const loose = picked.filter((p) => !isImportableName(p.name) && inBundleEvidence(p.name) && !bundles.taken.has(p.name));
    setUnassigned(loose.map((p) => p.name));
    // A bundle whose evidence comes to more than a bundle may hold: the core would refuse it, so none of it is sent.
    const sizeOf = new Map(picked.map((p) => [p.name, p.file.size]));
    const over = [...bundles.evidence].flatMap(([book, ev]) => {
      const bytes = ev.reduce((n, name) => n + (sizeOf.get(name) ?? 0), 0);
      return bytes > BUNDLE_MAX_BYTES ? [{ book, ev, bytes }] : [];
    });
    setTooBig(over.map(({ book, bytes }) => ({ book, bytes })));
    const held = new Set(over.flatMap(({ book, ev }) => [book, ...ev]));
    setPassedOver([]);
    setUnlisted([]);
    // Send every file, a piece at a time (the first half of the progress), then one dry run of them all.
    const ids: string[] = [];
    for (const p of picked) {
      if (loose.includes(p) || held.has(p.name)) continue;
      // The page left meanwhile: nothing more is sent, and what was sent goes.
      if (!mounted.current) {
        if (ids.length > 0) void api('exchange.uploadDiscard', { ids });
        return;
      }
      update(p.uid, { percent: 5, results: [], upload: null });
      const sent = await uploadFile(p.file, p.name, (share) => update(p.uid, { percent: 5 + Math.round(45 * share) }));
      if (!sent.ok) {
        const begun = sent.id ? [...ids, sent.id] : ids;
        if (begun.length > 0) void api('exchange.uploadDiscard', { ids: begun });
        setError(sent.error);
        setPicked((xs) => xs.map((x) => ({ ...x, percent: 0, upload: null, results: [] })));
        setPhase('pick');
        return;
      }
      ids.push(sent.value);
      if (!mounted.current) {
        void api('exchange.uploadDiscard', { ids });
        return;
      }
      update(p.uid, { percent: 50, upload: sent.value });
    }
    if (ids.length === 0) {
      // Nothing left to check (every file said above as not sent).
      setPicked((xs) => xs.map((x) => ({ ...x, percent: 0 })));
      setPhase('pick');
      return;
    }
    const r = await api('exchange.import', { uploads: ids, dryRun: true });
    if (!r.ok) {
      setError(r.error);
      setPicked((xs) => xs.map((x) => ({ ...x, percent: 0 })));
      setPhase('pick');
      return;
    }
    setPicked((xs) => xs.map((x) => ({ ...x, percent: 100, results: resultsOf(x.name, r.value.files) })));
    setPassedOver(r.value.skipped);
    setUnlisted(r.value.unlisted);
    setPhase('checked');
  };

  // Uploads being imported are not discarded on leaving: the import reads them, and removes them itself once done.
  const importing = useRef(false);
  importing.current = phase === 'importing';
  const confirm = async (): Promise<void> => {
    const uploads = picked.flatMap((p) => (p.upload ? [p.upload] : []));
    importing.current = true;
    setPhase('importing');
    const r = await api('exchange.import', { uploads, dryRun: false });
    if (!r.ok) {
      setError(r.error);
      setPhase('checked');
      return;
    }
    // The import took the uploads (and removed them).
    setPicked((xs) => xs.map((x) => ({ ...x, upload: null })));
    setFinal(r.value);
    setPhase('done');
    setRunsShown((n) => n + 1);
    const noted = r.value.files.filter((f) => f.status !== 'rejected' && f.warnings.length > 0).length;
    const said = `导入完成：${outcomesSaid(r.value.files) || '没有文件'}${noted > 0 ? `。${noted} 个文件有提示，请查看下方结果` : ''}`;
    if (r.value.totals.rejected > 0 || noted > 0) message.warning(said);
    else message.success(said);
    onImported();
  };

  // Leaving the page discards what was uploaded and not imported: for another page of the app, and when the
  // page itself goes (closed, reloaded: pagehide; React's clean-ups do not run then, and the call is one that
  // outlives the page). What a crash leaves goes with the sweep a day later.
  useEffect(() => {
    const leave = (): void => {
      if (!importing.current) discard(latest.current);
    };
    window.addEventListener('pagehide', leave);
    return () => {
      window.removeEventListener('pagehide', leave);
      leave();
    };
  }, []);

  // The dry run's outcome brought into view (with many files it sat below the fold) and given the keyboard: its summary
  // read first, the next Tab on its 导入 button (预检 and 确认导入 above were scrolled out of view).
  const checkedCard = useRef<HTMLDivElement>(null);
  const checkedSummary = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (phase !== 'checked') return;
    checkedCard.current?.scrollIntoView({ block: 'start' });
    checkedSummary.current?.focus({ preventScroll: true });
  }, [phase]);
  // When the import is done, the keyboard's focus goes to its outcome (the button pressed is disabled by then).
  const outcome = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (final) outcome.current?.focus();
  }, [final]);

  const checkedRows = picked.flatMap((p) => p.results);
  const busy = phase === 'checking' || phase === 'importing';
  // An unzipped bundle's evidence, as the core will take it (a spreadsheet in a 佐证材料 folder too, when it is a bundle's).
  const bundled = useMemo(() => unzippedBundles(picked.map((p) => p.name)).taken, [picked]);
  const isEvidence = (name: string): boolean => bundled.has(name) || (!isImportableName(name) && inBundleEvidence(name));
  const evidenceCount = picked.filter((p) => isEvidence(p.name)).length;
  const accepted = checkedRows.filter((r) => r.status !== 'rejected').length;
  const count = (status: ImportFileResult['status']): number => checkedRows.filter((r) => r.status === status).length;
  const overall = picked.length ? Math.round(picked.reduce((n, p) => n + p.percent, 0) / picked.length) : 0;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small" title="导入各单位报送的工作簿">
        {/* No files added while a check or an import runs: what it sends is the selection it started with. */}
        <div onKeyDown={spaceOpensChooser} data-drop-name="选择要导入的文件：拖入工作簿或压缩包，或按回车选择">
        <Upload.Dragger
          multiple
          showUploadList={false}
          beforeUpload={add}
          // Every name the import takes (WPS's .et too), so the picker does not hide one.
          accept={[...WORKBOOK_EXTENSIONS, '.zip'].join(',')}
          aria-label="选择要导入的文件"
          disabled={busy}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">将各单位的工作簿（.xlsx、.xls、.ods）或压缩包（.zip）拖到这里，或点击选择</p>
          <p className="ant-upload-hint">可一次选择多个文件；先预检，确认无误后再导入。</p>
        </Upload.Dragger>
        </div>
        <Space style={{ marginTop: 12 }}>
          <Upload directory multiple showUploadList={false} beforeUpload={add} disabled={busy}>
            <Button icon={<FolderOpenOutlined />} data-testid="pick-folder" disabled={busy}>
              选择文件夹
            </Button>
          </Upload>
          {/* Loading, not disabled, while it works: a disabled button loses the keyboard focus. (A loading button takes no clicks.) */}
          {/* The step to take is the primary one: 预检 until it has run, then 确认导入. After an import the files are done with. */}
          <Button
            type={phase === 'checked' ? 'default' : 'primary'}
            disabled={picked.length === 0 || phase === 'importing' || phase === 'done'}
            loading={phase === 'checking'}
            onClick={() => void check()}
          >
            预检（不写入）
          </Button>
          <Button
            type="primary"
            disabled={(phase !== 'checked' && phase !== 'importing') || accepted === 0}
            loading={phase === 'importing'}
            onClick={() => void confirm()}
          >
            {phase === 'checked' || phase === 'importing' ? `确认导入（${accepted} 个工作簿${accepted > count('imported') + count('updated') ? `，其中 ${accepted - count('imported') - count('updated')} 个只作记录` : ''}）` : '确认导入'}
          </Button>
          <Button
            disabled={
              busy ||
              (picked.length === 0 && skipped.length + unassigned.length + passedOver.length + tooBig.length === 0 && !final && !error)
            }
            onClick={() => {
              discard(picked);
              clearSelection();
              setFinal(null);
              setPhase('pick');
              setError(null);
              // The button turns disabled: the keyboard goes to where files are picked again.
              document.querySelector<HTMLButtonElement>('[data-testid=pick-folder]')?.focus();
            }}
          >
            清空
          </Button>
        </Space>
      </Card>
      {error && <ErrorNote error={error} />}
      {tooBig.length > 0 && (
        <Alert
          type="error"
          showIcon
          data-testid="bundles-too-big"
          title={`${tooBig.length} 份已解压的报送包不导入：其“佐证材料”超过一份报送可带的上限 ${formatBytes(BUNDLE_MAX_BYTES)}`}
          description={`${tooBig
            .slice(0, 10)
            .map((t) => `${t.book}（佐证材料共 ${formatBytes(t.bytes)}）`)
            .join('、')}${tooBig.length > 10 ? ' 等' : ''}。请只保留该单位报送的文件，或请该单位删减佐证材料后重新导出。`}
        />
      )}
      {unassigned.length > 0 && (
        <Alert
          type="warning"
          showIcon
          data-testid="unassigned-evidence"
          title={`“佐证材料”文件夹中 ${unassigned.length} 个文件无法确定属于哪一份报送，不导入`}
          description={`${unassigned.slice(0, 10).join('、')}${unassigned.length > 10 ? ' 等' : ''}。“佐证材料”文件夹旁边没有工作簿（工作簿应放在“佐证材料”文件夹之外），或有不止一个工作簿。已解压的报送包应是一个文件夹，其中只有该单位的一个工作簿和它的“佐证材料”文件夹；也可直接导入单位导出的压缩包（.zip）。`}
        />
      )}
      {passedOver.length > 0 && (
        <Alert
          type="info"
          showIcon
          data-testid="passed-over"
          title={`预检跳过了 ${passedOver.length} 个文件（不导入）`}
          description={`${passedOver.slice(0, 10).join('、')}${passedOver.length > 10 ? ' 等' : ''}`}
        />
      )}
      {unlisted.length > 0 && !final && <Alert type="warning" showIcon data-testid="unlisted-in-zip" title={unlistedText(unlisted, 10)} />}
      {skipped.length > 0 && (
        <Alert
          type="info"
          showIcon
          data-testid="skipped-files"
          title={`已跳过所选文件夹中 ${skipped.length} 个不是工作簿或压缩包的文件（不导入）`}
          description={`${skipped.slice(0, 10).join('、')}${skipped.length > 10 ? ' 等' : ''}。佐证材料须随单位的报送文件一起报送：单位导出的压缩包（.zip），或解压后的文件夹（其中只有一个工作簿和“佐证材料”文件夹）；散放的照片等文件不作为佐证材料导入。`}
        />
      )}
      {picked.length > 0 && phase !== 'importing' && phase !== 'done' && (
        <Card
          size="small"
          title={`已选择 ${picked.length} 个文件${evidenceCount > 0 ? `（其中佐证材料 ${evidenceCount} 个）` : ''}`}
          extra={phase === 'checking' ? <Progress percent={overall} size="small" style={{ width: 200 }} aria-label="预检进度" /> : null}
        >
          {renamed.length > 0 && (
            <Typography.Paragraph type="secondary" data-testid="renamed-folders">
              {renamed.map((r) => `另一个名为“${r.top}”的文件夹显示为“${r.as}”`).join('；')}
              （导入记录中也这样称呼，以免与同名文件夹的文件混淆）
            </Typography.Paragraph>
          )}
          <div ref={selection}>
            <Table<Picked>
              size="small"
              rowKey="uid"
              dataSource={picked}
              pagination={picked.length > PAGE ? { pageSize: PAGE, size: 'small', showSizeChanger: false } : false}
              columns={[
                {
                  title: '文件',
                  dataIndex: 'name',
                  render: (name: string) => (
                    <>
                      {isEvidence(name) && <Tag>佐证材料</Tag>}
                      {/* Listed as picked, but whose it is is not known: said in the row too, not only above. */}
                      {unassigned.includes(name) && <Tag color="warning">不导入</Tag>}
                      <PathText text={name} />
                    </>
                  ),
                },
                { title: '大小', render: (_, p) => formatBytes(p.file.size), width: 100 },
                // Progress only while the files are sent and checked; before that a bar at 0% says nothing.
                phase === 'checking'
                  ? { title: '读取与预检', render: (_, p) => <Progress percent={p.percent} size="small" />, width: 200 }
                  : {
                      title: '操作',
                      width: 100,
                      render: (_, p) => (
                        <Button
                          type="link"
                          size="small"
                          data-remove
                          icon={<DeleteOutlined aria-hidden />}
                          aria-label={`移除“${p.name}”`}
                          title={`移除“${p.name}”`}
                          onClick={() => remove(p)}
                        >
                          移除
                        </Button>
                      ),
                    },
              ]}
            />
          </div>
        </Card>
      )}
      {phase !== 'done' && checkedRows.length > 0 && (
        <Card size="small" title={`预检结果：${filesSaid(checkedRows)}，尚未写入`} ref={checkedCard}>
          <div ref={checkedSummary} tabIndex={-1} className="focus-target">
          <Alert
            type={accepted < checkedRows.length ? 'warning' : count('imported') + count('updated') > 0 ? 'success' : 'info'}
            showIcon
            style={{ marginBottom: 12 }}
            title={`可导入 ${accepted} 个工作簿，将被拒绝 ${checkedRows.length - accepted} 个`}
            description={`其中新导入 ${count('imported')} 个、更新 ${count('updated')} 个${count('unchanged') ? `、无变化 ${count('unchanged')} 个（已有相同内容，只作记录）` : ''}${count('stale') ? `、旧版本 ${count('stale')} 个（存档，不采用）` : ''}${evidenceShortSaid(checkedRows, false)}`}
            // Where the results are read: the import one step away (the same as 确认导入 above, which may be out of view).
            action={
              accepted > 0 && phase === 'checked' ? (
                <Button type="primary" onClick={() => void confirm()}>
                  {`导入这 ${accepted} 个工作簿`}
                </Button>
              ) : undefined
            }
          />
          </div>
          <PeriodsOf rows={checkedRows} onOpen={onOpenPeriod} dryRun />
          <ResultsTable rows={checkedRows} testId="dry-run-table" dryRun />
        </Card>
      )}
      {final && (
        <Card
          size="small"
          title="导入结果"
          // To print, file, or tell the units whose files were refused why and where.
          extra={final.runId !== null && <ExportButton size="small" label="导出结果明细" done="已导出导入结果明细" run={() => api('exchange.importRunExport', { runId: final.runId as string })} />}
        >
          <div ref={outcome} tabIndex={-1} className="focus-target">
            <Typography.Paragraph data-testid="import-totals">
              {/* What happened, without the states no file came to. */}
              {`共 ${filesSaid(final.files)}：${(
                [
                  ['已导入', final.totals.imported],
                  ['已更新', final.totals.updated],
                  ['无变化', final.totals.unchanged],
                  ['旧版本', final.totals.stale],
                  ['已拒绝', final.totals.rejected],
                ] as const
              )
                .filter(([, n]) => n > 0)
                .map(([what, n]) => `${what} ${n} 个`)
                .join('，')}${evidenceShortSaid(final.files)}`}
            </Typography.Paragraph>
          </div>
          {final.unlisted.length > 0 && (
            <Typography.Paragraph style={{ color: '#ad6800' }} data-testid="import-unlisted">
              {unlistedText(final.unlisted, 10)}
            </Typography.Paragraph>
          )}
          <PeriodsOf rows={final.files} onOpen={onOpenPeriod} />
          <ResultsTable rows={final.files} testId="import-results" />
        </Card>
      )}
      {/* Shown afresh after each import: the new run is at the top. */}
      <ImportRuns key={runsShown} />
    </Space>
  );
}

/** The periods the accepted workbooks are for, each with a way to its overview (the header's period may be another). */
function PeriodsOf({ rows, onOpen, dryRun = false }: { rows: ImportFileResult[]; onOpen: (period: string) => void; dryRun?: boolean }) {
  const periods: PeriodTaken[] = periodsTaken(rows);
  if (periods.length === 0) return null;
  return (
    <Typography.Paragraph data-testid="import-periods">
      {dryRun ? '将导入的报送周期：' : '本次导入的报送周期：'}
      {periods.map((p, i) => (
        <span key={p.period}>
          {i > 0 ? '；' : ''}
          {p.label}（{p.units} 个单位）
          {/* Only once imported: before, the overview has nothing of them yet, and leaving would drop the files checked. */}
          {!dryRun && (
            <Button type="link" size="small" onClick={() => onOpen(p.period)}>
              查看{p.label}汇总
            </Button>
          )}
        </span>
      ))}
    </Typography.Paragraph>
  );
}
