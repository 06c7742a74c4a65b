import { ArrowUpOutlined, FolderOutlined, HddOutlined } from '@ant-design/icons';
import { Alert, Button, Empty, Input, List, Modal, Space, Spin, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { FolderListing, FolderPlace } from '../../shared/views';
import { api } from '../api/client';

/** The folder a path is in: `E:\备份\a.db` → `E:\备份`, `/media/u/a.db` → `/media/u`; null at a root. */
function parentOf(path: string): string | null {
  const m = /^(.*[\\/])[^\\/]+[\\/]?$/.exec(path);
  if (!m) return null;
  const up = m[1] as string;
  // Keep the root's own separator (E:\, /); drop it elsewhere.
  return /^([A-Za-z]:[\\/]|[\\/])$/.test(up) ? up : up.replace(/[\\/]$/, '');
}

/** `name` in folder `dir`, with the separator the folder's path uses. */
const inFolder = (dir: string, name: string): string => (/[\\/]$/.test(dir) ? dir + name : `${dir}${dir.includes('\\') ? '\\' : '/'}${name}`);

/**
 * Choosing a folder of this computer (a USB stick) instead of typing its
 * path: the places to start from (drives, the home folder, where sticks
 * appear), then folder by folder; a folder holding a whole copy is marked,
 * and with `pickCopies` each copy can be chosen itself (a folder with two
 * copies: say which). The core lists them: it runs on this computer in both
 * hosts. Keyboard: Tab to the list, ↑ ↓ Home End between its folders, Enter
 * opens one, Backspace goes up; 选择此文件夹 takes the one open.
 */
export function FolderPicker({ start, title, pickCopies = false, onPick, onClose }: { start: string; title: string; pickCopies?: boolean; onPick: (path: string) => void; onClose: () => void }) {
  const [listing, setListing] = useState<FolderListing | null>(null);
  const [places, setPlaces] = useState<FolderPlace[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [typed, setTyped] = useState(start);
  const firstRef = useRef<HTMLButtonElement>(null);
  const listRef = useRef<HTMLDivElement>(null);
  // Only the latest request's answer is shown (a quick second click answered first would otherwise be overwritten).
  const latest = useRef(0);

  /** Lists `path` (the places to start from when undefined); `fallBack`: a folder not there opens the nearest one above that is. */
  const open = async (path: string | undefined, fallBack = false): Promise<void> => {
    const asked = ++latest.current;
    setLoading(true);
    let at = path;
    let r = await api('folders.list', at === undefined ? {} : { path: at });
    while (fallBack && !r.ok && r.error.code === 'not_found' && at !== undefined && asked === latest.current) {
      const up = parentOf(at);
      if (up === null) break;
      setNote(`“${path ?? ''}”不存在（尚未建立，或U盘没有插好），已打开其上一级`);
      at = up;
      r = await api('folders.list', { path: at });
    }
    if (asked !== latest.current) return;
    setLoading(false);
    if (!r.ok) {
      setProblem(r.error.message);
      if (listing === null) {
        // Nothing shown yet: the places to start from, with what was wrong said above them.
        const first = await api('folders.list', {});
        if (asked !== latest.current) return;
        if (first.ok) {
          setListing(first.value);
          setPlaces(first.value.places);
        }
      }
      return;
    }
    if (!(fallBack && at !== path)) setNote(null);
    setProblem(null);
    setListing(r.value);
    if (r.value.path === null) setPlaces(r.value.places);
    setTyped(r.value.path ?? '');
  };

  useEffect(() => {
    // The places to start from, kept for the whole dialog; then the folder the form names (a copy's file: its folder).
    void (async () => {
      const given = start.trim();
      if (given === '') return open(undefined);
      const p = await api('folders.list', {});
      if (p.ok) setPlaces(p.value.places);
      await open(/\.db$/i.test(given) ? (parentOf(given) ?? given) : given, true);
    })();
    // Once, as the dialog opens.
  }, []);
  useEffect(() => {
    // The keyboard on the first entry; on the list itself when there is none (Backspace still goes up).
    if (firstRef.current) firstRef.current.focus();
    else listRef.current?.focus();
  }, [listing]);

  const here = listing?.path ?? null;
  const entries = here === null ? places : (listing?.folders ?? []);
  const go = (path: string | undefined): void => void open(path);
  const goUp = (): void => go(listing?.parent ?? undefined);

  return (
    <Modal
      open
      title={title}
      width={640}
      onCancel={onClose}
      footer={
        <Space>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" disabled={here === null || loading} onClick={() => here && onPick(here)}>
            选择此文件夹
          </Button>
        </Space>
      }
    >
      <Space.Compact style={{ width: '100%', marginBottom: 8 }}>
        <Input aria-label="当前文件夹" value={typed} placeholder="此电脑" onChange={(e) => setTyped(e.target.value)} onPressEnter={() => go(typed.trim() === '' ? undefined : typed)} />
        <Button disabled={loading} onClick={() => go(typed.trim() === '' ? undefined : typed)}>
          转到
        </Button>
      </Space.Compact>
      <Space style={{ marginBottom: 8 }} wrap>
        <Button size="small" icon={<ArrowUpOutlined aria-hidden />} disabled={here === null || loading} onClick={goUp}>
          上一级
        </Button>
        {places.map((p) => (
          <Button key={p.path} size="small" disabled={loading} type={here === p.path ? 'primary' : 'default'} onClick={() => go(p.path)}>
            {p.name}
          </Button>
        ))}
      </Space>
      {problem && <Alert type="error" showIcon message={problem} style={{ marginBottom: 8 }} />}
      {note && !problem && <Alert type="info" showIcon message={note} style={{ marginBottom: 8 }} />}
      {here !== null && listing && listing.copies.length > 0 && (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 8 }}
          data-testid="folder-copies"
          message={
            pickCopies ? (
              <Space wrap>
                {listing.copies.length > 1 ? '此文件夹中有多份完整副本，请选择要恢复的那一份：' : '此文件夹中有完整副本：'}
                {listing.copies.map((c) => (
                  <Button key={c} size="small" onClick={() => onPick(inFolder(here, c))}>
                    {c}
                  </Button>
                ))}
              </Space>
            ) : (
              `此文件夹中有完整副本：${listing.copies.join('、')}`
            )
          }
        />
      )}
      <Spin spinning={loading}>
        <div
          ref={listRef}
          tabIndex={-1}
          aria-label="文件夹列表"
          style={{ height: 260, overflow: 'auto', border: '1px solid #f0f0f0', borderRadius: 6, outline: 'none' }}
          onKeyDown={(e) => {
            if (e.key === 'Backspace' && here !== null && !loading) {
              e.preventDefault();
              goUp();
              return;
            }
            // ↑ ↓ Home End move between the folders (one list: no Tab through a thousand of them).
            const moves: Record<string, (i: number, n: number) => number> = { ArrowDown: (i, n) => Math.min(n - 1, i + 1), ArrowUp: (i) => Math.max(0, i - 1), Home: () => 0, End: (_, n) => n - 1 };
            const move = moves[e.key];
            if (!move) return;
            const buttons = [...(listRef.current?.querySelectorAll<HTMLButtonElement>('button') ?? [])];
            if (buttons.length === 0) return;
            e.preventDefault();
            buttons[move(buttons.indexOf(document.activeElement as HTMLButtonElement), buttons.length)]?.focus();
          }}
        >
          {listing !== null && entries.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={here === null ? '没有找到可用的磁盘' : '此文件夹中没有子文件夹（可直接选择此文件夹）'} />
          ) : (
            <List
              size="small"
              dataSource={entries}
              renderItem={(f, i) => (
                <List.Item style={{ padding: 0 }}>
                  <Button
                    ref={i === 0 ? firstRef : undefined}
                    type="text"
                    block
                    aria-label={f.name}
                    icon={here === null ? <HddOutlined aria-hidden /> : <FolderOutlined aria-hidden style={{ color: '#d4a017' }} />}
                    style={{ justifyContent: 'flex-start', height: 'auto', padding: '4px 12px' }}
                    onClick={(e) => {
                      // A double click (Explorer's habit) opens one folder, not the one that comes next under the pointer.
                      if (e.detail > 1) return;
                      go(f.path);
                    }}
                    title={f.path}
                  >
                    {f.name}
                    {here === null && (
                      <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
                        {f.path}
                      </Typography.Text>
                    )}
                  </Button>
                </List.Item>
              )}
            />
          )}
        </div>
      </Spin>
      {listing && listing.more > 0 && <Typography.Text type="secondary">另有 {listing.more} 个文件夹未列出，请在上方输入路径</Typography.Text>}
      {here !== null && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          选择：<Tag>{here}</Tag>
        </Typography.Paragraph>
      )}
    </Modal>
  );
}
