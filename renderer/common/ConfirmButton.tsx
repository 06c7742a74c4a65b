import { Button, Popconfirm, type ButtonProps } from 'antd';
import { useRef, useState, type ReactNode } from 'react';

/**
 * A button whose action is asked first (移除, 撤销反馈, 放弃修改). The question takes the keyboard's focus (its
 * confirming button: antd's Popconfirm opens in a layer at the end of the page, which Tab would never reach), and
 * Escape or 取消 give the focus back to the button (a click elsewhere leaves it where it was clicked); Tab moves
 * between the question's two buttons.
 */
export function ConfirmButton({
  title,
  description,
  okText,
  okDanger,
  onConfirm,
  children,
  ...button
}: {
  title: string;
  description?: ReactNode;
  okText: string;
  /** The confirming button in red: the action removes or drops something. */
  okDanger?: boolean;
  onConfirm: () => void;
  children: ReactNode;
} & Omit<ButtonProps, 'onClick' | 'title' | 'children'>) {
  const [open, setOpen] = useState(false);
  const trigger = useRef<HTMLButtonElement>(null);
  const close = (): void => {
    setOpen(false);
    trigger.current?.focus();
  };
  return (
    // Keys pressed in the question (a layer elsewhere in the page) reach this element through React's tree.
    <span
      onKeyDown={(e) => {
        if (!open) return;
        if (e.key === 'Escape') {
          e.stopPropagation();
          close();
          return;
        }
        // Tab stays within the question (取消 and the confirming button) until it is answered or Escape pressed.
        const buttons = e.key === 'Tab' ? [...((e.target as HTMLElement).closest('.ant-popover')?.querySelectorAll<HTMLButtonElement>('button') ?? [])] : [];
        if (buttons.length > 0) {
          e.preventDefault();
          const at = buttons.indexOf(e.target as HTMLButtonElement);
          buttons[(at + (e.shiftKey ? buttons.length - 1 : 1)) % buttons.length]?.focus();
        }
      }}
    >
      <Popconfirm
        open={open}
        onOpenChange={setOpen}
        onCancel={close}
        title={title}
        description={description}
        okText={okText}
        cancelText="取消"
        destroyOnHidden
        okButtonProps={{ danger: okDanger, autoFocus: true }}
        onConfirm={() => {
          setOpen(false);
          onConfirm();
        }}
      >
        <Button ref={trigger} {...button}>
          {children}
        </Button>
      </Popconfirm>
    </span>
  );
}
