import { CheckCircleOutlined, CloseCircleOutlined, EditOutlined, ExclamationCircleOutlined, LoadingOutlined } from '@ant-design/icons';
import { Tag, Tooltip } from 'antd';
import type { ApiError } from '../../shared/errors';
import { errorText } from '../common/errors';
import type { SaveState } from './useAutosave';

/** The visible save state: 已保存, 保存中…, 未保存 and why. */
export function SaveStateTag({ state, error }: { state: SaveState; error: ApiError | null }) {
  const tag = {
    empty: <Tag>尚未填写</Tag>,
    saved: (
      <Tag color="success" icon={<CheckCircleOutlined />}>
        已保存
      </Tag>
    ),
    dirty: (
      <Tag color="processing" icon={<EditOutlined />}>
        编辑中（草稿已暂存）
      </Tag>
    ),
    saving: (
      <Tag color="processing" icon={<LoadingOutlined />}>
        保存中…
      </Tag>
    ),
    invalid: (
      <Tag color="warning" icon={<ExclamationCircleOutlined />}>
        未保存：请修改标红的项目（草稿已暂存）
      </Tag>
    ),
    conflict: (
      <Tag color="warning" icon={<ExclamationCircleOutlined />}>
        未保存：已在别处修改（草稿已暂存）
      </Tag>
    ),
    error: (
      <Tooltip title={error ? errorText(error) : ''}>
        <Tag color="error" icon={<CloseCircleOutlined />}>
          保存失败（草稿已暂存）
        </Tag>
      </Tooltip>
    ),
  }[state];
  return (
    <span className="save-state" data-testid="save-state" role="status" aria-live="polite">
      {tag}
    </span>
  );
}
