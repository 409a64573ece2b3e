// "Host a member": this machine joins the cluster as an etcd learner (it copies the log without
// voting, so a slow start cannot cost the quorum), and is promoted to a voter once it has caught
// up. If it cannot catch up in time it is removed again, and the user is told why.
import { rm } from 'node:fs/promises';
import type { Etcd3, IMember } from 'etcd3';
import type { ParsedArgs } from '../../../shared/contract.js';
import { QuorumError } from '../../../shared/errors.js';
import { freePort, peerUrl } from '../../node/etcdProcess.js';
import { withRetries } from '../store/retry.js';
import { SupervisedMember } from '../../node/supervisedMember.js';
import { adminCall } from '../store/etcdClient.js';
import { issueMemberCertificate } from './certificates.js';
import { etcdBinary, type MachineOptions } from './createNetwork.js';
import { memberSpec, writeMemberFiles, type HostedMember } from './memberFiles.js';
import type { NetworkChoice } from './networkChoice.js';
import { readAuthority } from './networkRecords.js';

export const CATCH_UP_MS = 60_000;

export async function hostMember(
  client: Etcd3,
  choice: NetworkChoice,
  request: ParsedArgs<'hostMember'>,
  machine: MachineOptions,
): Promise<{ hosted: HostedMember; member: SupervisedMember }> {
  if (choice.member) throw new QuorumError('BAD_INPUT', `this machine already hosts the member “${choice.member.name}”`);
  if (choice.kind !== 'host' || !choice.networkKey) throw new QuorumError('FORBIDDEN', 'hosting a member takes a host’s invite: ask a host of this network for one');
  const binary = etcdBinary(machine);
  refuseUnfit(request, (await client.cluster.memberList({})).members);
  const authority = await readAuthority(client, choice.networkKey, choice.security.caCert);
  await writeMemberFiles(machine.dataDir, authority.cert, await issueMemberCertificate(authority, request.machine, request.host));
  const hosted: HostedMember = { name: request.machine, host: request.host, clientPort: await freePort(request.host), peerPort: await freePort(request.host) };
  const ownPeerUrl = peerUrl(memberSpec(machine.dataDir, hosted));
  const dataDir = memberSpec(machine.dataDir, hosted).dataDir;
  let member: SupervisedMember | null = null;
  let learnerId: string | null = null;
  try {
    const members = await addLearner(client, ownPeerUrl);
    learnerId = members.find((m) => m.peerURLs.includes(ownPeerUrl))!.ID;
    const initialCluster = members.flatMap((m) => m.peerURLs.map((url) => `${m.ID === learnerId ? hosted.name : m.name}=${url}`)).join(',');
    const spec = memberSpec(machine.dataDir, hosted, { initialCluster, state: 'existing' });
    member = await SupervisedMember.launch(binary, spec, { ca: authority.cert, quorum: false, onEvent: machine.onMemberEvent });
    await promoteWhenCaughtUp(client, learnerId);
    return { hosted, member };
  } catch (err) {
    const reason = err instanceof QuorumError ? err : new QuorumError('OFFLINE', `this machine could not become a member: ${(err as Error).message}`);
    // Promoted after all (a late answer): the member votes now, so stopping it would cost the quorum.
    if (member && learnerId && (await isVoter(client, learnerId))) return { hosted, member };
    await member?.stop();
    if (learnerId) {
      const removed = await client.cluster.memberRemove({ ID: learnerId }, adminCall()).then(
        () => true,
        () => false,
      );
      if (!removed) {
        throw new QuorumError('OFFLINE', `${reason.message}. Its half-added member could not be removed either: remove “${hosted.name}” from the network view`);
      }
    }
    await rm(dataDir, { recursive: true, force: true });
    throw reason;
  }
}

/** A name the others already use, or a loopback address others cannot dial, is refused up front. */
function refuseUnfit(request: ParsedArgs<'hostMember'>, members: IMember[]): void {
  if (members.some((m) => m.name === request.machine)) throw new QuorumError('BAD_INPUT', `a member named “${request.machine}” is already in the network; pick another name`);
  if (members.some((m) => m.name === '')) throw new QuorumError('BAD_INPUT', 'another machine is becoming a member right now; try again in a minute');
  const loopback = (host: string) => /^127\./.test(host) || host === 'localhost';
  const remote = members.flatMap((m) => m.peerURLs).some((url) => !loopback(new URL(url).hostname));
  if (loopback(request.host) && remote) {
    throw new QuorumError('BAD_INPUT', `${request.host} is this computer only: the other machines cannot reach it. Give this computer’s network address (like 192.168.1.20)`);
  }
}

async function isVoter(client: Etcd3, id: string): Promise<boolean> {
  const { members } = await client.cluster.memberList({}).catch(() => ({ members: [] as IMember[] }));
  return members.some((m) => m.ID === id && !m.isLearner);
}

/**
 * Adds this machine as a learner; returns the member list with it. etcd adds a member only once
 * the leader has been connected to every voter for 5 s, so right after another machine joined it
 * says "unhealthy cluster" for a moment. A retried call can find its own first try already done.
 */
async function addLearner(client: Etcd3, peerURL: string): Promise<IMember[]> {
  const add = async () => {
    try {
      return (await client.cluster.memberAdd({ peerURLs: [peerURL], isLearner: true }, adminCall())).members;
    } catch (err) {
      const { members } = await client.cluster.memberList({}).catch(() => ({ members: [] as IMember[] }));
      if (members.some((m) => m.peerURLs.includes(peerURL))) return members;
      throw err;
    }
  };
  try {
    return await withRetries(add, { retryIf: (err) => /unhealthy cluster/.test(err.message), withinMs: 15_000, delayMs: 500 });
  } catch (err) {
    throw new QuorumError('OFFLINE', `the network did not accept a new member: ${(err as Error).message}. Adding one needs every member to answer`);
  }
}

/** etcd refuses to promote a learner until its log is close to the leader's; ask until it agrees. */
async function promoteWhenCaughtUp(client: Etcd3, id: string): Promise<void> {
  const promote = async () => {
    try {
      await client.cluster.memberPromote({ ID: id }, adminCall());
    } catch (err) {
      // A promote that went through but answered late is retried, and refused as done.
      if (!(await isVoter(client, id))) throw err;
    }
  };
  try {
    await withRetries(promote, { retryIf: () => true, withinMs: CATCH_UP_MS, delayMs: 500 });
  } catch (err) {
    throw new QuorumError(
      'OFFLINE',
      `this machine’s member could not catch up with the network in ${CATCH_UP_MS / 1000} s (${(err as Error).message}), so it was removed again: check that the other machines can reach this address`,
    );
  }
}
