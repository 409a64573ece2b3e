import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';

/**
 * "Go to date": a button that opens a small form with the date field. The field is made only
 * when asked for: Chromium's date input costs a dozen ms of style work (its calendar icon is an
 * SVG document), which otherwise lands on every room open.
 */
export function DateJump({ onJump }: { onJump: (ms: number) => void }) {
  const [open, setOpen] = useState(false);
  // The last date chosen stays in the field, for another look at the same day.
  const [date, setDate] = useState('');
  const toggle = useRef<HTMLButtonElement>(null);
  const popover = useRef<HTMLFormElement>(null);

  const close = () => {
    setOpen(false);
    toggle.current?.focus();
  };
  // A click anywhere else closes it, as a menu would.
  useEffect(() => {
    if (!open) return;
    const outside = (e: PointerEvent) => {
      if (!popover.current?.contains(e.target as Node) && !toggle.current?.contains(e.target as Node)) setOpen(false);
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
  // Esc closes the form, not the room around it.
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'Escape') return;
    e.preventDefault();
    close();
  };

  return (
    <div className="jump-date">
      <button ref={toggle} type="button" className="ghost" aria-expanded={open} aria-controls="jump-date-form" onClick={() => setOpen(!open)}>
        Go to date
      </button>
      {open && (
        <form ref={popover} id="jump-date-form" className="jump-date-popover" onSubmit={submit} onKeyDown={onKeyDown}>
          <label htmlFor="jump-date">Jump to date</label>
          <input id="jump-date" type="date" value={date} onChange={(e) => setDate(e.target.value)} required autoFocus />
          <button type="submit" className="primary">
            Go
          </button>
        </form>
      )}
    </div>
  );
}
