// What this device knows of its own messages, for sending and receiving alike: the head of its
// chain in each room (each message names the one before it, so a deleted one leaves a gap), and
// the exact bytes of messages it sealed that the room's watch has not brought back yet. That echo
// is known to be genuine (this device signed it) and has already reached the renderer as the
// reply to sendMessage, so it is neither verified again nor sent to the renderer a second time.
import { hashRecord } from '../crypto/hash.js';

export interface SealedHere {
  bytes: Buffer;
  text: string;
}

/** Echoes kept at most: one not seen by then was never written, or the room is not followed. */
const ECHOES_KEPT = 1_000;

const keyOf = (roomId: string, id: string) => `${roomId}/${id}`;

export class OwnMessages {
  private readonly heads = new Map<string, { id: string; hash: string }>();
  private readonly echoes = new Map<string, SealedHere>();

  /** The newest message of ours in the room this device knows of: the next one names it. */
  head(roomId: string): { id: string; hash: string } {
    return this.heads.get(roomId) ?? { id: '', hash: '' };
  }

  /** A message sealed here, as it will be written. */
  sealed(roomId: string, id: string, bytes: string, text: string): void {
    this.seen(roomId, id, bytes);
    if (this.echoes.size >= ECHOES_KEPT) this.echoes.delete(this.echoes.keys().next().value!);
    this.echoes.set(keyOf(roomId, id), { bytes: Buffer.from(bytes), text });
  }

  /** What this device sealed under that id, if it is still waiting for its echo. */
  echo(roomId: string, id: string): SealedHere | undefined {
    return this.echoes.get(keyOf(roomId, id));
  }

  /** The echo came back. */
  echoed(roomId: string, id: string): void {
    this.echoes.delete(keyOf(roomId, id));
  }

  /** A genuine message of ours (sealed here, or on another device): the chain goes on from it. */
  seen(roomId: string, id: string, bytes: Buffer | string): void {
    if (id > this.head(roomId).id) this.heads.set(roomId, { id, hash: hashRecord(bytes) });
  }
}
