// The network view: every member, whether it answers, who leads, how far behind each is, and
// what the quorum can still take. Each member is asked on its own, with a short deadline, so a
// dead machine costs one timeout, not a stall.
import type { Etcd3, IMember } from 'etcd3';
import { QuorumError } from '../../../shared/errors.js';
import { quorumOf } from '../../../shared/quorum.js';
import type { NetworkMember, NetworkView } from '../../../shared/types.js';
import type { ClusterSecurity } from '../cluster/clusterConfig.js';
import { adminCall, createEtcdClient } from '../store/etcdClient.js';

const STATUS_DEADLINE_MS = 1_000;


/** The client URLs of the members that vote (a learner serves no clients yet). */
export async function votingEndpoints(client: Etcd3): Promise<string[]> {
  const { members } = await client.cluster.memberList({});
  return [...new Set(members.filter((m) => !m.isLearner).flatMap((m) => m.clientURLs))].sort();
}

export async function readMembers(client: Etcd3, security: ClusterSecurity, myMemberUrl: string | null): Promise<NetworkMember[]> {
  const { members } = await client.cluster.memberList({});
  const statuses = await Promise.all(members.map((m) => memberStatus(m, security)));
  const leader = statuses.find((s) => s)?.leader ?? null;
  const leaderIndex = statuses.find((s, i) => s && members[i]!.ID === leader)?.raftIndex ?? null;
  return members
    .map((m, i) => {
      const status = statuses[i];
      return {
        id: BigInt(m.ID).toString(16),
        name: m.name || '(starting)',
        clientUrls: m.clientURLs,
        reachable: status !== null,
        leader: m.ID === leader,
        learner: m.isLearner,
        lag: status && leaderIndex !== null ? Math.max(0, Number(BigInt(leaderIndex) - BigInt(status.raftIndex))) : null,
        mine: myMemberUrl !== null && m.clientURLs.includes(myMemberUrl),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

export function summarize(network: string | null, members: NetworkMember[], hosting: boolean): Omit<NetworkView, 'invites' | 'canManage'> {
  const voters = members.filter((m) => !m.learner);
  const voting = voters.length;
  const reachable = voters.filter((m) => m.reachable).length;
  const quorum = quorumOf(voting);
  const tolerates = Math.max(0, reachable - quorum);
  const toleratesWithOneMore = Math.max(0, reachable + 1 - quorumOf(voting + 1));
  const warnings: string[] = [];
  if (reachable < quorum) warnings.push(`The chat has stopped: only ${reachable} of ${voting} machines answer, and ${quorum} must.`);
  else if (tolerates === 0 && voting > 1) warnings.push('One more machine down stops the chat.');
  // Only a network made in Quorum has invites to offer as the way out.
  else if (tolerates === 0) warnings.push(`This ${network ? 'network' : 'cluster'} is one machine: if it goes down, the chat stops.${network ? ' Invite someone to host a member.' : ''}`);
  if (voting > 1 && voting % 2 === 0) warnings.push(`${voting} members is an even number: it survives no more losses than ${voting - 1} would. Add or remove one.`);
  return { network, members, voting, reachable, quorum, tolerates, toleratesWithOneMore, warnings, hosting };
}

/**
 * Removes a member whose machine is gone for good, so the quorum counts only live ones. Refused,
 * in words, for a member that answers (most of all when its removal would stop the chat), while
 * the chat has stopped, and for this machine's own member.
 */
export async function removeMember(client: Etcd3, members: NetworkMember[], id: string): Promise<void> {
  const target = members.find((m) => m.id === id);
  if (!target) throw new QuorumError('NOT_FOUND', 'that member is no longer in the network');
  if (target.mine) throw new QuorumError('BAD_INPUT', 'this is the member your own machine hosts; it cannot remove itself');
  const voters = members.filter((m) => !m.learner);
  const live = voters.filter((m) => m.reachable).length;
  if (live < quorumOf(voters.length)) {
    throw new QuorumError('OFFLINE', `the chat has stopped (${live} of ${voters.length} machines answer): a removal needs most machines to answer. Bring a machine back first`);
  }
  if (target.reachable && !target.learner) {
    const after = voters.length - 1;
    if (live - 1 < quorumOf(after)) {
      throw new QuorumError('BAD_INPUT', `removing ${target.name} would stop the chat: ${live - 1} of the remaining ${after} machines answer, and ${quorumOf(after)} must`);
    }
    throw new QuorumError('BAD_INPUT', `${target.name} answers: only a machine that is gone for good can be removed`);
  }
  try {
    await client.cluster.memberRemove({ ID: BigInt(`0x${id}`).toString() }, adminCall());
  } catch (err) {
    throw new QuorumError('OFFLINE', `the network could not remove ${target.name}: ${(err as Error).message}. A removal needs most machines to answer`);
  }
}

async function memberStatus(member: IMember, security: ClusterSecurity): Promise<{ leader: string; raftIndex: string } | null> {
  const url = member.clientURLs[0];
  if (!url) return null;
  const client = createEtcdClient([url], security);
  try {
    const status = await client.maintenance.status({ deadline: Date.now() + STATUS_DEADLINE_MS });
    return { leader: status.leader, raftIndex: status.raftIndex };
  } catch {
    return null;
  } finally {
    client.close();
  }
}
