// Everything an unlocked identity does on one connection to the cluster: its rooms (the list and
// what the user does to them) and its messages. Made at login, and again when the connection is
// replaced; stopped at lock.
import type { Etcd3 } from 'etcd3';
import { join } from 'node:path';
import { localKey } from './crypto/localKey.js';
import type { LocalIdentity } from './identity/identityFile.js';
import type { PinnedKeys } from './identity/pinnedKeys.js';
import { MessageService } from './messages/messageService.js';
import { ReadMarks } from './messages/receiving/readMarks.js';
import { Outbox } from './messages/sending/outbox.js';
import { RoomCommands } from './rooms/roomCommands.js';
import { SearchIndex } from './search/searchIndex.js';
import { SearchService } from './search/searchService.js';
import { RoomList } from './rooms/roomList.js';
import { myFingerprint } from './rooms/roomStore.js';
import type { MessageClock } from './store/messageId.js';
import type { EventSink } from './service.js';

export class Chat {
  private constructor(
    readonly rooms: RoomList,
    readonly commands: RoomCommands,
    readonly messages: MessageService,
    readonly search: SearchService,
  ) {}

  static async start(client: Etcd3, identity: LocalIdentity, clock: MessageClock, pins: PinnedKeys, dataDir: string, emit: EventSink): Promise<Chat> {
    const fingerprint = myFingerprint(identity);
    const rooms = new RoomList(client, identity, dataDir, pins, emit);
    const search = new SearchService(client, await SearchIndex.open(join(dataDir, 'search'), fingerprint, localKey(identity.keys, 'search')), emit);
    const outbox = new Outbox(dataDir, fingerprint, localKey(identity.keys, 'outbox'));
    const messages = new MessageService(client, identity, clock, rooms, outbox, new ReadMarks(dataDir, fingerprint), dataDir, emit, search);
    rooms.observe(messages);
    await rooms.start();
    await messages.start();
    return new Chat(rooms, new RoomCommands(client, identity, pins, rooms), messages, search);
  }

  async stop(): Promise<void> {
    await this.rooms.stop();
    await this.messages.stop();
    await this.search.close();
  }
}
