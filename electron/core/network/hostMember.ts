// "Host a member": this machine joins the cluster as an etcd learner (it copies the log without
// voting, so a slow start cannot cost the quorum), and is promoted to a voter once it has caught
// up. If it cannot catch up in time it is removed again, and the user is told why.
import { rm } from 'node:fs/promises';
import type { Etcd3 } from 'etcd3';
import { QuorumError } from '../../../shared/errors.js';
import { freePort, peerUrl } from '../../node/etcdProcess.js';
import { SupervisedMember } from '../../node/supervisedMember.js';
import { issueMemberCertificate } from './certificates.js';
import { etcdBinary, type MachineOptions } from './createNetwork.js';
import { memberSpec, writeMemberFiles, type HostedMember } from './memberFiles.js';
import type { NetworkChoice } from './networkChoice.js';
import { readAuthority } from './networkRecords.js';

export const CATCH_UP_MS = 60_000;

export async function hostMember(
  client: Etcd3,
  choice: NetworkChoice,
  request: { machine: string; host: string },
  machine: MachineOptions,
): Promise<{ hosted: HostedMember; member: SupervisedMember }> {
  if (choice.member) throw new QuorumError('BAD_INPUT', `this machine already hosts the member “${choice.member.name}”`);
  const binary = etcdBinary(machine);
  const authority = await readAuthority(client, choice.networkKey);
  await writeMemberFiles(machine.dataDir, authority.cert, await issueMemberCertificate(authority, request.machine, request.host));
  const hosted: HostedMember = { name: request.machine, host: request.host, clientPort: await freePort(request.host), peerPort: await freePort(request.host) };
  const spec0 = memberSpec(machine.dataDir, hosted);
  const added = await addLearner(client, peerUrl(spec0));
  const initialCluster = added.members
    .flatMap((m) => m.peerURLs.map((url) => `${m.ID === added.member.ID ? hosted.name : m.name}=${url}`))
    .join(',');
  const spec = memberSpec(machine.dataDir, hosted, { initialCluster, state: 'existing' });
  let member: SupervisedMember | null = null;
  try {
    member = await SupervisedMember.launch(binary, spec, { ca: authority.cert, quorum: false, onEvent: machine.onMemberEvent });
    await promoteWhenCaughtUp(client, added.member.ID);
    return { hosted, member };
  } catch (err) {
    await member?.stop();
    await client.cluster.memberRemove({ ID: added.member.ID }).catch(() => undefined);
    await rm(spec.dataDir, { recursive: true, force: true });
    throw err instanceof QuorumError ? err : new QuorumError('OFFLINE', `this machine could not become a member: ${(err as Error).message}`);
  }
}

/**
 * etcd adds a member only once the leader has been connected to every voter for 5 s: right
 * after another machine joined, it says "unhealthy cluster" for a moment. Other refusals stand.
 */
async function addLearner(client: Etcd3, peerURL: string) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      return await client.cluster.memberAdd({ peerURLs: [peerURL], isLearner: true });
    } catch (err) {
      const message = (err as Error).message;
      if (!/unhealthy cluster/.test(message) || Date.now() > deadline) {
        throw new QuorumError('OFFLINE', `the network did not accept a new member: ${message}. Adding one needs every member to answer`);
      }
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** etcd refuses to promote a learner until its log is close to the leader's; ask until it agrees. */
async function promoteWhenCaughtUp(client: Etcd3, id: string): Promise<void> {
  const deadline = Date.now() + CATCH_UP_MS;
  let last = '';
  while (Date.now() < deadline) {
    try {
      await client.cluster.memberPromote({ ID: id });
      return;
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new QuorumError(
    'OFFLINE',
    `this machine’s member could not catch up with the network in ${CATCH_UP_MS / 1000} s (${last}), so it was removed again: check that the other machines can reach this address`,
  );
}
