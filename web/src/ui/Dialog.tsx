import { type ReactNode, useEffect, useRef } from "react";
import { Dialog as AriaDialog, Heading, Modal, ModalOverlay } from "react-aria-components";

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** A modal dialog on React Aria's Modal and Dialog: focus stays inside while it is open and returns
 * to where it was on close, Escape closes it, the rest of the page is hidden from assistive
 * technology and does not scroll, and a click outside does nothing (a form's work is never lost to a
 * stray tap). Focus starts on its first control, as a confirmation starts on Cancel. */
export function Dialog(props: { title: string; onClose: () => void; children: ReactNode; footer: ReactNode }) {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    ref.current?.querySelector<HTMLElement>(FOCUSABLE)?.focus();
  }, []);
  return (
    <ModalOverlay
      isOpen
      isDismissable={false}
      onOpenChange={(open) => {
        if (!open) props.onClose();
      }}
      className="dialog-backdrop"
    >
      <Modal className="dialog">
        <AriaDialog ref={ref} className="dialog-content">
          <Heading slot="title" level={2}>
            {props.title}
          </Heading>
          <div className="dialog-body">{props.children}</div>
          <div className="dialog-actions">{props.footer}</div>
        </AriaDialog>
      </Modal>
    </ModalOverlay>
  );
}
