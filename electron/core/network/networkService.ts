// What the network view can do: show the members, invite, revoke, host a member on this
// machine, and remove a member whose machine is gone. Each call works on the connection of
// the moment, so it keeps working after the client is replaced.
import type { ParsedArgs } from '../../../shared/contract.js';
import { QuorumError } from '../../../shared/errors.js';
import type { ClusterHealth, CreatedInvite, NetworkView } from '../../../shared/types.js';
import type { ClusterManager } from '../cluster/clusterManager.js';
import { hostMember } from './hostMember.js';
import { createInvite, listInvites, revokeInvite } from './invites.js';
import { readMembers, removeMember, summarize, votingEndpoints } from './networkView.js';

export class NetworkService {
  /** One hosting at a time: two would add two learners for one machine. */
  private hostingNow = false;

  constructor(private readonly cluster: ClusterManager) {}

  async view(): Promise<NetworkView> {
    const client = this.cluster.client;
    const choice = this.cluster.current;
    const network = choice?.mode === 'network' ? choice : null;
    const members = await this.members();
    const canManage = network?.kind === 'host';
    const invites = canManage ? await listInvites(client).catch(() => []) : [];
    return { ...summarize(network?.network ?? null, members, Boolean(network?.member)), invites, canManage };
  }

  /** How many voting members answer, of how many: for the connection badge. */
  async health(): Promise<ClusterHealth> {
    const voters = (await this.members()).filter((m) => !m.learner);
    return { answering: voters.filter((m) => m.reachable).length, voting: voters.length };
  }

  private members() {
    const choice = this.cluster.current;
    const security = choice && choice.mode !== 'local' ? choice.security : {};
    return readMembers(this.cluster.client, security, this.cluster.member?.endpoint ?? null).catch((err: Error) => {
      throw new QuorumError('OFFLINE', `no member answered the member list (${err.message})`);
    });
  }

  createInvite = async (request: ParsedArgs<'createInvite'>, createdBy: string): Promise<CreatedInvite> =>
    createInvite(this.cluster.client, this.cluster.requireNetwork(), { ...request, createdBy });

  revokeInvite = async (user: string): Promise<void> => {
    if (this.cluster.requireNetwork().kind !== 'host') throw new QuorumError('FORBIDDEN', 'only a host of this network can revoke an invite');
    await revokeInvite(this.cluster.client, user);
  };

  async host(request: ParsedArgs<'hostMember'>): Promise<NetworkView> {
    const network = this.cluster.requireNetwork();
    if (this.hostingNow) throw new QuorumError('BAD_INPUT', 'this machine is already becoming a member; wait for it to finish');
    this.hostingNow = true;
    try {
      const client = this.cluster.client;
      const { hosted, member } = await hostMember(client, network, request, this.cluster.machine);
      await this.cluster.hosting(hosted, member, await votingEndpoints(client));
    } finally {
      this.hostingNow = false;
    }
    return this.view();
  }

  async remove(id: string): Promise<NetworkView> {
    if (this.cluster.requireNetwork().kind !== 'host') throw new QuorumError('FORBIDDEN', 'only a host of this network can remove a member');
    const view = await this.view();
    await removeMember(this.cluster.client, view.members, id);
    return this.view();
  }
}
