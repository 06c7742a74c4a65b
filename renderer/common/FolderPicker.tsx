import { ArrowUpOutlined, FolderOutlined, HddOutlined } from '@ant-design/icons';
import { Alert, Button, Empty, Input, List, Modal, Space, Spin, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { FolderListing } from '../../shared/views';
import { api } from '../api/client';

/**
 * Choosing a folder of this computer (a USB stick) instead of typing its
 * path: the places to start from (drives, the home folder, where sticks
 * appear), then folder by folder; a folder holding a whole copy is marked.
 * The core lists them: it runs on this computer in both hosts. Keyboard:
 * Tab to a folder, Enter opens it; Backspace in the list goes up; 选择此文件夹
 * takes the one open.
 */
export function FolderPicker({ start, title, onPick, onClose }: { start: string; title: string; onPick: (path: string) => void; onClose: () => void }) {
  const [listing, setListing] = useState<FolderListing | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [typed, setTyped] = useState(start);
  const firstRef = useRef<HTMLButtonElement>(null);

  const open = async (path: string | undefined): Promise<void> => {
    setLoading(true);
    const r = await api('folders.list', path === undefined ? {} : { path });
    setLoading(false);
    if (!r.ok) {
      setProblem(r.error.message);
      // Nothing shown yet: the places to start from, with what was wrong said above them.
      if (!listing) {
        const places = await api('folders.list', {});
        if (places.ok) setListing(places.value);
      }
      return;
    }
    setProblem(null);
    setListing(r.value);
    setTyped(r.value.path ?? '');
  };

  useEffect(() => {
    // From the folder typed in the form, when it is one; else from the places to start from.
    void open(start.trim() === '' ? undefined : start);
  }, []);
  useEffect(() => {
    firstRef.current?.focus();
  }, [listing]);

  const here = listing?.path ?? null;
  const goUp = (): void => void open(listing?.parent ?? undefined);
  const entries = here === null ? (listing?.places ?? []) : (listing?.folders ?? []);

  return (
    <Modal
      open
      title={title}
      width={640}
      onCancel={onClose}
      footer={
        <Space>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" disabled={here === null} onClick={() => here && onPick(here)}>
            选择此文件夹
          </Button>
        </Space>
      }
    >
      <Space.Compact style={{ width: '100%', marginBottom: 8 }}>
        <Input
          aria-label="当前文件夹"
          value={typed}
          placeholder="此电脑"
          onChange={(e) => setTyped(e.target.value)}
          onPressEnter={() => void open(typed.trim() === '' ? undefined : typed)}
        />
        <Button onClick={() => void open(typed.trim() === '' ? undefined : typed)}>转到</Button>
      </Space.Compact>
      <Space style={{ marginBottom: 8 }} wrap>
        <Button size="small" icon={<ArrowUpOutlined />} disabled={here === null} onClick={goUp}>
          上一级
        </Button>
        {listing?.places.map((p) => (
          <Button key={p.path} size="small" type={here === p.path ? 'primary' : 'default'} onClick={() => void open(p.path)}>
            {p.name}
          </Button>
        ))}
      </Space>
      {problem && <Alert type="error" showIcon message={problem} style={{ marginBottom: 8 }} />}
      {listing && listing.copies.length > 0 && (
        <Alert type="success" showIcon style={{ marginBottom: 8 }} message={`此文件夹中有完整副本：${listing.copies.join('、')}`} data-testid="folder-copies" />
      )}
      <Spin spinning={loading}>
        <div
          style={{ height: 260, overflow: 'auto', border: '1px solid #f0f0f0', borderRadius: 6 }}
          onKeyDown={(e) => {
            if (e.key === 'Backspace' && here !== null) {
              e.preventDefault();
              goUp();
            }
          }}
        >
          {entries.length === 0 ? (
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
                    icon={here === null ? <HddOutlined /> : <FolderOutlined style={{ color: '#d4a017' }} />}
                    style={{ justifyContent: 'flex-start', height: 'auto', padding: '4px 12px' }}
                    onClick={() => void open(f.path)}
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
