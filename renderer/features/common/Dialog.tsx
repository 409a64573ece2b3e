import type { ReactNode, Ref } from 'react';

/** A native modal dialog: it traps focus, and Esc closes it. */
export function Dialog({ ref, id, title, onClose, children }: { ref: Ref<HTMLDialogElement>; id: string; title: string; onClose?: () => void; children: ReactNode }) {
  return (
    <dialog ref={ref} className="dialog" aria-labelledby={`${id}-title`} onClose={onClose}>
      <h2 id={`${id}-title`}>{title}</h2>
      {children}
    </dialog>
  );
}

export const closeDialogOf = (element: Element) => element.closest('dialog')?.close();

export function ErrorText({ error, id }: { error: string | null; id?: string }) {
  if (!error) return null;
  return (
    <p role="alert" className="error" id={id}>
      {error}
    </p>
  );
}
