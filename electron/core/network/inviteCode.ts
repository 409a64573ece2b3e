// An invite: what a newcomer pastes (or opens as a file) to reach and trust a network. It names
// the endpoints, the network CA's fingerprint (the CA itself is fetched from a member and
// checked against it), an etcd login made for this one newcomer, and, in a host's invite only,
// the network key that opens the CA's signing key when the newcomer hosts a member. It gives etcd
// access only: reading a room still needs a member's Approve.
import { z } from 'zod';
import { QuorumError } from '../../../shared/errors.js';

const PREFIX = 'quorum-invite:';

const inviteSchema = z.object({
  v: z.literal(1),
  network: z.string().min(1).max(64),
  endpoints: z.array(z.url().startsWith('https://')).min(1).max(15),
  caFingerprint: z.string().regex(/^[0-9a-f]{64}$/),
  user: z.string().regex(/^quorum-[0-9a-f]{16}$/),
  password: z.string().min(16).max(128),
  /** A host can host a member and invite others; a participant chats. */
  kind: z.enum(['host', 'participant']).default('host'),
  networkKey: z.string().regex(/^[A-Za-z0-9_-]{43}$/).optional(),
  expiresAt: z.number().int().positive(),
});

export type Invite = Omit<z.infer<typeof inviteSchema>, 'v'>;

export function encodeInvite(invite: Invite): string {
  return PREFIX + Buffer.from(JSON.stringify({ v: 1, ...invite })).toString('base64url');
}

/** The invite in a pasted code or an opened file; a clear error for anything else. */
export function decodeInvite(text: string, now = Date.now()): Invite {
  const code = text.trim();
  if (!code.startsWith(PREFIX)) throw new QuorumError('BAD_INPUT', 'this is not a Quorum invite: an invite starts with “quorum-invite:”');
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(code.slice(PREFIX.length), 'base64url').toString('utf8'));
  } catch {
    throw new QuorumError('BAD_INPUT', 'this invite is damaged: copy the whole code again');
  }
  const parsed = inviteSchema.safeParse(json);
  if (!parsed.success) throw new QuorumError('BAD_INPUT', 'this invite is damaged: copy the whole code again');
  const { network, endpoints, caFingerprint, user, password, kind, networkKey, expiresAt } = parsed.data;
  if (kind === 'host' && !networkKey) throw new QuorumError('BAD_INPUT', 'this invite is damaged: copy the whole code again');
  const invite = { network, endpoints, caFingerprint, user, password, kind, ...(kind === 'host' ? { networkKey } : {}), expiresAt };
  if (invite.expiresAt <= now) {
    throw new QuorumError('BAD_INPUT', `this invite expired on ${new Date(invite.expiresAt).toUTCString()}: ask for a new one`);
  }
  return invite;
}
