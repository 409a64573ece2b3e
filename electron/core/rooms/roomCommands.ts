// What the user does to rooms: create one, open a direct chat, browse the directory, ask to
// join (or take that back), and (as a member or admin) approve, deny, remove, promote, or leave. Each change is
// written to etcd, then the room is read again so the reply carries its new summary.
import type { Etcd3 } from 'etcd3';
import type { ParsedArgs } from '../../../shared/contract.js';
import { QuorumError } from '../../../shared/errors.js';
import type { DirectoryRoom, RoomSummary } from '../../../shared/types.js';
import { fingerprintOf } from '../crypto/keys.js';
import type { LocalIdentity } from '../identity/identityFile.js';
import type { PinnedKeys } from '../identity/pinnedKeys.js';
import { lookupUser } from '../identity/userRegistry.js';
import { untilReachable } from '../store/unreachable.js';
import { approve, changeMembership, deny, kick, leave, promote } from './membershipActions.js';
import { directRoomId, type MemberKeys } from './records.js';
import type { RoomList } from './roomList.js';
import { createRoom, myFingerprint, readDirectory, requestToJoin, roomExists, withdrawFromRoom } from './roomStore.js';
import type { TrackedRoom } from './trackedRoom.js';

const DIRECTORY_RESULTS = 100;

export class RoomCommands {
  private readonly me: string;

  constructor(
    private readonly client: Etcd3,
    private readonly identity: LocalIdentity,
    private readonly pins: PinnedKeys,
    private readonly rooms: RoomList,
  ) {
    this.me = myFingerprint(identity);
  }

  async createRoom({ name, members }: ParsedArgs<'createRoom'>): Promise<RoomSummary> {
    const others = await Promise.all(members.filter((n) => n !== this.identity.name).map((n) => this.findUser(n)));
    const { roomId } = await createRoom(this.client, this.identity, { name, kind: 'group', others });
    return this.reread(roomId);
  }

  async createDirectChat({ name }: ParsedArgs<'createDirectChat'>): Promise<RoomSummary> {
    if (name === this.identity.name) throw new QuorumError('BAD_INPUT', 'a direct chat needs someone else');
    const other = await this.findUser(name);
    const id = directRoomId(this.me, fingerprintOf(other));
    await createRoom(this.client, this.identity, { name: `${this.identity.name} & ${other.name}`, kind: 'direct', others: [other], id });
    return this.reread(id);
  }

  async searchDirectory({ query }: ParsedArgs<'searchDirectory'>): Promise<DirectoryRoom[]> {
    const needle = query.toLowerCase();
    const entries = await readDirectory(this.client);
    return entries
      .filter((e) => e.name.toLowerCase().includes(needle))
      .sort((a, b) => a.name.localeCompare(b.name) || b.createdAt - a.createdAt)
      .slice(0, DIRECTORY_RESULTS)
      .map((e) => ({ id: e.id, name: e.name, createdAt: e.createdAt, creatorName: e.creatorName, status: this.rooms.summary(e.id)?.status ?? 'none' }));
  }

  // Requests and decisions made while the cluster has no quorum wait for it, then go through:
  // each is safe to repeat (a create-only write, or a log append that re-reads the log first).

  async requestJoin({ roomId }: ParsedArgs<'requestJoin'>): Promise<RoomSummary> {
    const known = this.rooms.summary(roomId)?.status;
    if (known === 'member') throw new QuorumError('BAD_INPUT', 'you are already a member of this room');
    if (known === 'denied') throw new QuorumError('NOT_MEMBER', 'your request to join this room was denied');
    await untilReachable(async () => {
      if (!(await roomExists(this.client, roomId))) throw new QuorumError('NOT_FOUND', 'this room does not exist');
      await requestToJoin(this.client, this.identity, roomId);
    });
    return this.reread(roomId);
  }

  async approveRequest({ roomId, fingerprint }: ParsedArgs<'approveRequest'>): Promise<RoomSummary> {
    const room = await this.tracked(roomId);
    const request = room.requests.get(fingerprint);
    if (!request) throw new QuorumError('NOT_FOUND', 'there is no such join request');
    await untilReachable(() => changeMembership(this.client, this.identity, room, approve(this.identity, request)));
    return this.reread(roomId);
  }

  async denyRequest({ roomId, fingerprint }: ParsedArgs<'denyRequest'>): Promise<RoomSummary> {
    const room = await this.tracked(roomId);
    await untilReachable(() => changeMembership(this.client, this.identity, room, deny(this.identity, fingerprint)));
    return this.reread(roomId);
  }

  async kickMember({ roomId, fingerprint }: ParsedArgs<'kickMember'>): Promise<RoomSummary> {
    await changeMembership(this.client, this.identity, await this.tracked(roomId), kick(this.identity, fingerprint));
    return this.reread(roomId);
  }

  async promoteMember({ roomId, fingerprint }: ParsedArgs<'promoteMember'>): Promise<RoomSummary> {
    await changeMembership(this.client, this.identity, await this.tracked(roomId), promote(this.identity, fingerprint));
    return this.reread(roomId);
  }

  async leaveRoom({ roomId }: ParsedArgs<'leaveRoom'>): Promise<RoomSummary> {
    await changeMembership(this.client, this.identity, await this.tracked(roomId), leave(this.identity));
    return this.reread(roomId);
  }

  /**
   * Cancels a join request still waiting, or takes a room this identity was denied, removed from
   * or left off its list. A member leaves first. Asking again later starts over.
   */
  async forgetRoom({ roomId }: ParsedArgs<'forgetRoom'>): Promise<null> {
    const status = this.rooms.summary(roomId)?.status;
    if (!status) throw new QuorumError('NOT_FOUND', 'this room is not in your list');
    if (status === 'member') throw new QuorumError('BAD_INPUT', 'leave the room first');
    await untilReachable(() => withdrawFromRoom(this.client, this.identity, roomId));
    this.rooms.drop(roomId);
    return null;
  }

  /** A room this identity is in, as it tracks it (read now, if its inbox hint has not come yet). */
  private async tracked(roomId: string): Promise<TrackedRoom> {
    await this.rooms.ready(roomId);
    const room = this.rooms.room(roomId);
    if (!room) throw new QuorumError('NOT_MEMBER', 'you are not a member of this room');
    return room;
  }

  private async reread(roomId: string): Promise<RoomSummary> {
    const summary = await this.rooms.track(roomId);
    if (!summary) throw new QuorumError('NOT_FOUND', 'this room does not exist');
    return summary;
  }

  private async findUser(name: string): Promise<MemberKeys> {
    const user = await lookupUser(this.client, name);
    if (!user) throw new QuorumError('NOT_FOUND', `nobody is registered as “${name}”`);
    await this.pins.check(user.name, user.fingerprint);
    return { name: user.name, sigPub: user.sigPub, boxPub: user.boxPub };
  }
}
