import { useEffect, useId, useRef, useState, type FocusEvent, type FormEvent, type KeyboardEvent } from 'react';

/**
 * "Go to date": a button that opens a small form with the date field. The field is made only
 * when asked for: Chromium's date input costs a dozen ms of style work (its calendar icon is an
 * SVG document), which otherwise lands on every room open.
 */
export function DateJump({ onJump }: { onJump: (ms: number) => void }) {
  const [open, setOpen] = useState(false);
  // The last date chosen stays in the field, for another look at the same day.
  const [date, setDate] = useState('');
  const fieldId = useId();
  const formId = useId();
  const wrapper = useRef<HTMLDivElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);

  const close = () => {
    setOpen(false);
    toggle.current?.focus();
  };
  // A click anywhere else closes it, as a menu would.
  useEffect(() => {
    if (!open) return;
    const outside = (e: PointerEvent) => {
      if (!wrapper.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', outside);
    return () => document.removeEventListener('pointerdown', outside);
  }, [open]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const ms = new Date(`${date}T00:00:00`).getTime();
    if (!Number.isFinite(ms)) return;
    close();
    onJump(ms);
  };
  // Esc, on the form or its button, closes the form, not the room around it.
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'Escape' || !open) return;
    e.preventDefault();
    close();
  };
  // Tabbing away closes it too. No related target: the date picker's own popup, or another window.
  const onBlur = (e: FocusEvent) => {
    if (e.relatedTarget && !wrapper.current?.contains(e.relatedTarget as Node)) setOpen(false);
  };

  return (
    <div ref={wrapper} className="jump-date" onKeyDown={onKeyDown} onBlur={onBlur}>
      <button ref={toggle} type="button" className="ghost" aria-expanded={open} aria-controls={open ? formId : undefined} onClick={() => setOpen(!open)}>
        Go to date
      </button>
      {open && (
        <form id={formId} className="jump-date-popover" onSubmit={submit}>
          <label htmlFor={fieldId}>Jump to date</label>
          {/* No later than today: a future day would land on the latest message without a word. */}
          <input id={fieldId} type="date" value={date} max={localToday()} onChange={(e) => setDate(e.target.value)} required autoFocus />
          <button type="submit" className="primary">
            Go
          </button>
        </form>
      )}
    </div>
  );
}

/** Today in the field's own yyyy-mm-dd form, on this machine's calendar. */
function localToday(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}
