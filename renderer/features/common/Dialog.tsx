import type { ReactNode, Ref } from 'react';

// closedby="any": a click on the backdrop closes it too (React does not type the attribute yet).
const closedByAny = { closedby: 'any' } as object;

/** A native modal dialog: it traps focus, and Esc or a click outside closes it. */
export function Dialog({ ref, id, title, onClose, children }: { ref: Ref<HTMLDialogElement>; id: string; title: string; onClose?: () => void; children: ReactNode }) {
  return (
    <dialog ref={ref} className="dialog" aria-labelledby={`${id}-title`} onClose={onClose} {...closedByAny}>
      <h2 id={`${id}-title`}>{title}</h2>
      {children}
    </dialog>
  );
}

/**
 * Closes the dialog around `element`. The browser then gives focus back to what opened it;
 * with `focusNext`, focus goes there instead (the composer of a room just made).
 */
export function closeDialogOf(element: Element, focusNext?: string): void {
  element.closest('dialog')?.close();
  if (focusNext) requestAnimationFrame(() => document.querySelector<HTMLElement>(focusNext)?.focus());
}

/** Cancel and a primary action, at the foot of a dialog's form. */
export function DialogActions({ submitLabel, busy = false }: { submitLabel: string; busy?: boolean }) {
  return (
    <div className="actions">
      <button type="button" onClick={(e) => closeDialogOf(e.currentTarget)}>
        Cancel
      </button>
      <button type="submit" className="primary" disabled={busy}>
        {submitLabel}
      </button>
    </div>
  );
}
