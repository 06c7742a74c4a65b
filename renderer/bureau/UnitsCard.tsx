import { PlusOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Card, Checkbox, Form, Input, Modal, Select, Switch, Table, Tag } from 'antd';
import { useState } from 'react';
import type { Unit, UnitKind } from '../../shared/catalog/types';
import { chinaDate, formatChineseDate } from '../../shared/period';
import { api } from '../api/client';
import { errorText } from '../common/errors';
import { useCall } from '../common/useCall';

interface Editing {
  code?: string;
  /** The name it has now (an existing unit's): a different one is a rename. */
  was?: string;
  /** The new name only corrects the spelling: earlier periods take it too. */
  correction?: boolean;
  /** Whether it is active now (an existing unit's): switched off, saving deactivates it, and the button says so. */
  wasActive?: boolean;
  name: string;
  kind: UnitKind;
  active: boolean;
}

/** Reporting units: add, rename, deactivate. Codes never change. */
/** `onSaved`: a unit added, renamed or (de)activated (the task list's editor offers the units as they are now). */
export function UnitsCard({ onSaved }: { onSaved?: () => void } = {}) {
  const { message } = AntApp.useApp();
  const units = useCall('units.list', { includeInactive: true });
  const renames = useCall('units.renames', {});
  // A unit's earlier names, each with when it was replaced: 新市镇（2022年3月1日改名）.
  const formerly = new Map<string, string[]>();
  for (const r of renames.data ?? []) formerly.set(r.code, [...(formerly.get(r.code) ?? []), `${r.name}（${formatChineseDate(chinaDate(r.renamedAt))}改名）`]);
  const [editing, setEditingState] = useState<Editing | null>(null);
  // What the core refused, by field: shown under the field, not as a passing message.
  const [problems, setProblems] = useState<{ name?: string }>({});
  const setEditing = (e: Editing | null): void => {
    setEditingState(e);
    setProblems({});
  };
  const save = async (): Promise<void> => {
    if (!editing) return;
    const renamed = editing.was !== undefined && editing.name.trim() !== editing.was;
    const r = await api('units.save', {
      ...(editing.code ? { code: editing.code } : {}),
      name: editing.name,
      kind: editing.kind,
      active: editing.active,
      ...(renamed && editing.correction ? { correction: true } : {}),
    });
    if (!r.ok) {
      // The name's problem under the name; anything else (no field of this form) as a message.
      const name = r.error.details?.find((d) => d.field === 'name');
      if (name) setProblems({ name: name.message });
      if (!name || (r.error.details ?? []).length > 1) message.error(errorText(r.error));
      return;
    }
    message.success(`已保存：${r.value.name}`);
    setEditing(null);
    units.reload();
    renames.reload();
    onSaved?.();
  };
  return (
    <Card size="small" title="填报单位" extra={<Button icon={<PlusOutlined />} onClick={() => setEditing({ name: '', kind: 'town', active: true })}>新增单位</Button>}>
      <Table<Unit>
        size="small"
        rowKey="code"
        loading={units.loading}
        dataSource={units.data ?? []}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        columns={[
          { title: '代码', dataIndex: 'code', width: 80 },
          { title: '名称', dataIndex: 'name' },
          { title: '曾用名', render: (_, u) => formerly.get(u.code)?.join('；') ?? '' },
          { title: '类型', render: (_, u) => (u.kind === 'town' ? '镇（街道）' : '区直部门') },
          { title: '状态', render: (_, u) => (u.active ? <Tag color="green">启用</Tag> : <Tag>停用</Tag>) },
          { title: '操作', render: (_, u) => <Button size="small" aria-label={`修改（${u.name}）`} onClick={() => setEditing({ code: u.code, was: u.name, wasActive: u.active, name: u.name, kind: u.kind, active: u.active })}>修改</Button> },
        ]}
      />
      <Modal open={editing !== null} title={editing?.code ? `修改单位（${editing.code}）` : '新增单位'} onCancel={() => setEditing(null)} onOk={() => void save()} okText={editing?.wasActive && !editing.active ? '保存并停用' : '保存'} okButtonProps={{ danger: editing?.wasActive === true && !editing.active }}>
        {editing && (
          <Form layout="vertical">
            <Form.Item
              label="单位名称"
              htmlFor="unit-name"
              required
              validateStatus={problems.name ? 'error' : undefined}
              help={problems.name ? <span id="unit-name-help" role="alert">{problems.name}</span> : undefined}
              extra={
                editing.was && editing.name.trim() !== '' && editing.name.trim() !== editing.was
                  ? editing.correction
                    ? `更正后，以往的报送周期也改用新名称；以原名称“${editing.was}”报送的文件仍可导入（会提示核实名称）。`
                    : `改名后，截止日期在今天之前的报送周期仍以原名称“${editing.was}”显示、打印和导出；以原名称报送的文件照常接收。`
                  : undefined
              }
            >
              <Input id="unit-name" autoFocus value={editing.name} count={{ max: 40 }} onChange={(e) => setEditing({ ...editing, name: e.target.value })} aria-invalid={problems.name ? true : undefined} aria-describedby={problems.name ? 'unit-name-help' : undefined} />
            </Form.Item>
            {editing.was && editing.name.trim() !== '' && editing.name.trim() !== editing.was && (
              <Form.Item>
                <Checkbox checked={editing.correction ?? false} onChange={(e) => setEditing({ ...editing, correction: e.target.checked })}>
                  只是更正名称中的错字（不是改名）
                </Checkbox>
              </Form.Item>
            )}
            <Form.Item label="类型" htmlFor="unit-kind">
              <Select id="unit-kind" value={editing.kind} onChange={(k) => setEditing({ ...editing, kind: k })} options={[{ value: 'town', label: '镇（街道）' }, { value: 'department', label: '区直部门' }]} />
            </Form.Item>
            <Form.Item label="启用" extra={editing.code && !editing.active ? '停用后该单位不再报送；截止日期在停用之前的报送周期仍计入该单位（汇总、报送情况照旧），其已有填报内容全部保留。' : undefined}>
              <Switch aria-label="启用" checked={editing.active} onChange={(a) => setEditing({ ...editing, active: a })} />
            </Form.Item>
          </Form>
        )}
      </Modal>
    </Card>
  );
}
