// What this device knows of its own messages, for sending and receiving alike: the head of its
// chain in each room (each message names the last one this device delivered there, so one
// removed leaves a gap readers see), kept on disk; and the exact bytes of messages it sealed that
// the room's watch has not brought back yet. That echo is known to be genuine (this device signed
// it) and has already reached the renderer as the reply to sendMessage, so it is neither verified
// again nor sent to the renderer a second time.
import { join } from 'node:path';
import type { MessageBody } from '../crypto/envelope.js';
import { hashRecord } from '../crypto/hash.js';
import { readJsonFile, writeJsonFile } from '../store/jsonFile.js';

export interface SealedHere {
  bytes: Buffer;
  body: MessageBody;
}

type Head = { id: string; hash: string };

/** Echoes kept at most: one not seen by then was never written, or the room is not followed. */
const ECHOES_KEPT = 1_000;
/** A device sending fast moves its heads often: they are written at most once a second. */
const WRITE_EVERY_MS = 1_000;

const keyOf = (roomId: string, id: string) => `${roomId}/${id}`;

export class OwnMessages {
  private heads: Record<string, Head> = {};
  private readonly echoes = new Map<string, SealedHere>();
  private readonly file: string;
  private timer: NodeJS.Timeout | null = null;

  constructor(dataDir: string, fingerprint: string) {
    this.file = join(dataDir, 'chains', `${fingerprint}.json`);
  }

  async load(): Promise<void> {
    this.heads = ((await readJsonFile(this.file)) as Record<string, Head> | null) ?? {};
  }

  /** Writes heads that moved since the last write. */
  async flush(): Promise<void> {
    if (!this.timer) return;
    clearTimeout(this.timer);
    this.timer = null;
    await writeJsonFile(this.file, this.heads);
  }

  /** The newest message this device delivered in the room: the next one names it. */
  head(roomId: string): Head {
    return this.heads[roomId] ?? { id: '', hash: '' };
  }

  /** A message of this device's landed: the chain goes on from it. */
  delivered(roomId: string, id: string, bytes: string): void {
    if (id <= this.head(roomId).id) return;
    this.heads[roomId] = { id, hash: hashRecord(bytes) };
    this.timer ??= setTimeout(() => void this.flush(), WRITE_EVERY_MS);
  }

  /** A message sealed here, as it will be written. */
  sealed(roomId: string, id: string, bytes: string, body: MessageBody): void {
    if (this.echoes.size >= ECHOES_KEPT) this.echoes.delete(this.echoes.keys().next().value!);
    this.echoes.set(keyOf(roomId, id), { bytes: Buffer.from(bytes), body });
  }

  /** What this device sealed under that id, if it is still waiting for its echo. */
  echo(roomId: string, id: string): SealedHere | undefined {
    return this.echoes.get(keyOf(roomId, id));
  }

  /** The echo came back. */
  echoed(roomId: string, id: string): void {
    this.echoes.delete(keyOf(roomId, id));
  }
}
