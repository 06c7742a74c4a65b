import { Select, type SelectProps } from 'antd';

/**
 * antd's Select with several values, which Tab leaves as it leaves any field. In an open list rc-select takes Tab
 * as Enter (it picks or drops the highlighted option and keeps the focus): a keyboard trap that changed the choice
 * unasked with every press. Here Tab never reaches it: the focus moves on, and the list closes as the field is left.
 */
export function MultiSelect<V>(props: Omit<SelectProps<V>, 'mode'>) {
  return (
    <div
      style={{ display: 'contents' }}
      onKeyDownCapture={(e) => {
        if (e.key === 'Tab') e.stopPropagation();
      }}
    >
      <Select<V> {...props} mode="multiple" />
    </div>
  );
}
