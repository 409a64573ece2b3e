// A message as its relations leave it: the newest edit's text (the versions before kept), a
// deletion by its author, and the reactions standing (for each member and emoji, the latest
// word: on or off). Only a message's author edits or deletes it; such a relation from anyone else
// is refused, and so is any relation once the message is deleted.
import type { Message, Reaction } from '../../../../shared/types.js';
import type { RelationBody } from '../../crypto/relationEnvelope.js';
import type { Relation } from './decodeRelation.js';

export interface Applied {
  message: Message;
  /** Relations its author could not make: the caller counts them. */
  refused: Relation[];
}

const byId = (a: Relation, b: Relation) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function applyRelations(message: Message, relations: Relation[], me: string, nameOf: (fingerprint: string) => string): Applied {
  const author = message.senderFingerprint;
  const refused = relations.filter((r) => r.kind !== 'react' && r.sender !== author);
  const own = relations.filter((r) => r.kind === 'react' || r.sender === author).sort(byId);
  if (own.some((r) => r.kind === 'delete')) return { message: deletedRow(message), refused };
  // A message the chain shows removed was not deleted by its author: nothing can be done to it.
  if (message.removed) return { message, refused: [...refused, ...own] };

  let changed: Message = message;
  const edits = own.filter((r) => r.kind === 'edit');
  if (edits.length > 0) {
    const versions = [{ text: message.text, at: message.sentAt }, ...edits.map((r) => ({ text: (r.body as RelationBody<'edit'>).text, at: r.at }))];
    const newest = edits.at(-1)!;
    const mentions = (newest.body as RelationBody<'edit'>).mentions ?? [];
    changed = withMentions({ ...changed, text: versions.at(-1)!.text, edited: { at: newest.at, earlier: versions.slice(0, -1) } }, mentions, me);
  }
  const reactions = standingReactions(own.filter((r) => r.kind === 'react'), me, nameOf);
  if (reactions.length > 0) changed = { ...changed, reactions };
  return { message: changed, refused };
}

/** What stays of a message its author deleted: where it was, who sent it, and that it is gone. */
export function deletedRow(message: Message): Message {
  const { id, roomId, senderName, senderFingerprint, sentAt, senderWarning } = message;
  return { id, roomId, senderName, senderFingerprint, sentAt, text: '', deleted: true, ...(senderWarning ? { senderWarning } : {}) };
}

export function withMentions(message: Message, mentions: string[], me: string): Message {
  const rest = { ...message };
  delete rest.mentions;
  delete rest.mentionsMe;
  if (mentions.length === 0) return rest;
  return { ...rest, mentions, ...(mentions.includes(me) ? { mentionsMe: true as const } : {}) };
}

/** Each member's latest word on each emoji (relations sorted by id), in the order emoji were first put there. */
function standingReactions(reactions: Relation[], me: string, nameOf: (fingerprint: string) => string): Reaction[] {
  const latest = new Map<string, Relation>();
  for (const r of reactions) latest.set(`${r.sender} ${(r.body as RelationBody<'react'>).emoji}`, r);
  const byEmoji = new Map<string, Reaction>();
  for (const r of [...latest.values()].sort(byId)) {
    const { emoji, on } = r.body as RelationBody<'react'>;
    if (!on) continue;
    const reaction = byEmoji.get(emoji) ?? { emoji, by: [], mine: false };
    reaction.by.push({ name: nameOf(r.sender), fingerprint: r.sender });
    if (r.sender === me) reaction.mine = true;
    byEmoji.set(emoji, reaction);
  }
  return [...byEmoji.values()];
}
