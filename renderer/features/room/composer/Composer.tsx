import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { LIMITS } from '../../../../shared/limits';
import type { RoomMember } from '../../../../shared/types';
import { useQuorum } from '../../../store';
import { ComposeBar } from './ComposeBar';
import { MentionPicker } from './MentionPicker';
import { mentionAt, mentionedIn, putMention } from './mentions';

const PICKER_SIZE = 6;

/**
 * Where a message is written, answered or edited. The text is the room's draft, so it outlives
 * room switches and Esc; an edit borrows the field and gives the draft back when it ends.
 */
export function Composer({ roomId, label }: { roomId: string; label: string }) {
  const sendMessage = useQuorum((s) => s.sendMessage);
  const text = useQuorum((s) => s.drafts[roomId] ?? '');
  const setDraft = useQuorum((s) => s.setDraft);
  const composing = useQuorum((s) => s.composing);
  const stopComposing = useQuorum((s) => s.stopComposing);
  const saveEdit = useQuorum((s) => s.saveEdit);
  const startEdit = useQuorum((s) => s.startEdit);
  const members = useQuorum((s) => (s.membersRoomId === roomId ? s.members : null));
  const loadMembers = useQuorum((s) => s.loadMembers);
  const setText = (value: string) => setDraft(roomId, value);
  const [error, setError] = useState<string | null>(null);
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  const [pickerClosed, setPickerClosed] = useState(false);
  const field = useRef<HTMLTextAreaElement>(null);
  // Opening a room puts you where you write, as chat apps do (RoomView keys this by room).
  useEffect(() => field.current?.focus(), []);
  const tooLong = new TextEncoder().encode(text).length > LIMITS.messageBytes;

  const mention = mentionAt(text, caret);
  useEffect(() => {
    if (mention && !members) void loadMembers(roomId);
  }, [mention !== null, members, roomId, loadMembers]); // eslint-disable-line react-hooks/exhaustive-deps
  const matches: RoomMember[] = mention && !pickerClosed ? (members ?? []).filter((m) => m.name.startsWith(mention.query)).slice(0, PICKER_SIZE) : [];

  const pick = (member: RoomMember) => {
    if (!mention) return;
    const next = putMention(text, mention.start, caret, member.name);
    setText(next.text);
    setCaret(next.caret);
    requestAnimationFrame(() => field.current?.setSelectionRange(next.caret, next.caret));
  };

  const send = async (e?: FormEvent) => {
    e?.preventDefault();
    if (!text.trim() || tooLong) return;
    const sent = text;
    const mentions = mentionedIn(sent, members ?? []).map((m) => m.fingerprint);
    if (composing?.kind === 'edit') {
      setError(await saveEdit(sent, mentions));
      return;
    }
    const replyTo = composing?.kind === 'reply' ? composing.message.id : undefined;
    setText('');
    stopComposing();
    const failure = await sendMessage(sent, { replyTo, mentions });
    setError(failure);
    // Nothing typed is lost: the text comes back unless something new was typed meanwhile.
    if (failure && !useQuorum.getState().drafts[roomId]) setText(sent);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.nativeEvent.isComposing) return;
    if (matches.length > 0) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        setActive((active + (e.key === 'ArrowDown' ? 1 : matches.length - 1)) % matches.length);
        return;
      }
      if (e.key === 'Enter' || e.key === 'Tab') {
        e.preventDefault();
        pick(matches[Math.min(active, matches.length - 1)]!);
        return;
      }
      if (e.key === 'Escape') {
        e.preventDefault();
        setPickerClosed(true);
        return;
      }
    }
    // Esc ends a reply or an edit before it leaves the room.
    if (e.key === 'Escape' && composing) {
      e.preventDefault();
      stopComposing();
      return;
    }
    // Up in an empty composer edits your last message, as in most chat apps.
    if (e.key === 'ArrowUp' && text === '' && !composing) {
      const { messages, identity } = useQuorum.getState();
      const last = messages.findLast((m) => m.senderFingerprint === identity?.fingerprint && !m.deleted && !m.removed && !m.delivery);
      if (last) {
        e.preventDefault();
        startEdit(last);
      }
      return;
    }
    // Enter sends; Shift+Enter makes a new line.
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      void send();
    }
  };

  const listing = matches.length > 0;
  const describedBy = [composing && 'compose-bar', (error || tooLong) && 'composer-error'].filter(Boolean).join(' ') || undefined;
  return (
    <form className={`composer${composing ? ` ${composing.kind}ing` : ''}`} onSubmit={send}>
      {composing && <ComposeBar composing={composing} onCancel={() => (stopComposing(), field.current?.focus())} />}
      <label htmlFor="composer-text" className="visually-hidden">
        {composing?.kind === 'edit' ? 'Edit your message' : composing?.kind === 'reply' ? `Reply to ${composing.message.senderName}` : `Message ${label}`}
      </label>
      <textarea
        ref={field}
        id="composer-text"
        rows={2}
        value={text}
        placeholder={`Message ${label}`}
        onChange={(e) => {
          setText(e.target.value);
          setCaret(e.target.selectionStart);
          setActive(0);
          setPickerClosed(false);
        }}
        onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
        onKeyDown={onKeyDown}
        role={listing ? 'combobox' : undefined}
        aria-expanded={listing ? true : undefined}
        aria-controls={listing ? 'mention-picker' : undefined}
        aria-autocomplete={listing ? 'list' : undefined}
        aria-activedescendant={listing ? `mention-${matches[Math.min(active, matches.length - 1)]!.fingerprint}` : undefined}
        aria-invalid={tooLong}
        aria-describedby={describedBy}
      />
      {listing && <MentionPicker matches={matches} active={Math.min(active, matches.length - 1)} onPick={pick} />}
      <button type="submit" className="primary" disabled={!text.trim() || tooLong}>
        {composing?.kind === 'edit' ? 'Save' : 'Send'}
      </button>
      {(error || tooLong) && (
        <p id="composer-error" role="alert" className="error composer-error">
          {tooLong ? `A message holds at most ${LIMITS.messageBytes / 1024} KiB.` : error}
        </p>
      )}
    </form>
  );
}
