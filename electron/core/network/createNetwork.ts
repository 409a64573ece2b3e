// "Create a network": this machine becomes the first member of a new etcd cluster, listening on
// an address the user chose, with TLS from a CA made here and authentication on.
import { rm } from 'node:fs/promises';
import type { ParsedArgs } from '../../../shared/contract.js';
import { join } from 'node:path';
import { ETCD_MISSING, findEtcdBinary, freePort } from '../../node/etcdProcess.js';
import { SupervisedMember, type MemberEvent } from '../../node/supervisedMember.js';
import { createEtcdClient } from '../store/etcdClient.js';
import { createAuthority, issueMemberCertificate } from './certificates.js';
import { enableAuth } from './etcdLogins.js';
import { memberSpec, writeMemberFiles, type HostedMember } from './memberFiles.js';
import { newNetworkKey, writeNetworkInfo } from './networkRecords.js';
import type { NetworkChoice } from './networkChoice.js';

export interface MachineOptions {
  dataDir: string;
  bundledEtcd: string[];
  env: NodeJS.ProcessEnv;
  onMemberEvent?: (event: MemberEvent) => void;
}

export function etcdBinary(machine: MachineOptions): string {
  const binary = findEtcdBinary(machine.env, machine.bundledEtcd);
  if (!binary) throw new Error(ETCD_MISSING);
  return binary;
}

/** `request.host` is the address other machines reach this one at. */
export async function createNetwork(request: ParsedArgs<'createNetwork'>, machine: MachineOptions): Promise<{ choice: NetworkChoice; member: SupervisedMember }> {
  const binary = etcdBinary(machine);
  const authority = await createAuthority(request.network);
  await writeMemberFiles(machine.dataDir, authority.cert, await issueMemberCertificate(authority, request.machine, request.host));
  const hosted: HostedMember = { name: request.machine, host: request.host, clientPort: await freePort(request.host), peerPort: await freePort(request.host) };
  const member = await SupervisedMember.launch(binary, memberSpec(machine.dataDir, hosted), { ca: authority.cert, onEvent: machine.onMemberEvent });
  try {
    const setup = createEtcdClient([member.endpoint], { caCert: authority.cert });
    const login = await enableAuth(setup).finally(() => setup.close());
    const networkKey = newNetworkKey();
    const security = { caCert: authority.cert, ...login };
    const client = createEtcdClient([member.endpoint], security);
    await writeNetworkInfo(client, request.network, authority, networkKey).finally(() => client.close());
    return { choice: { mode: 'network', network: request.network, endpoints: [member.endpoint], security, kind: 'host', networkKey, member: hosted }, member };
  } catch (err) {
    // Nothing of a half-made network stays behind, so trying again starts clean.
    await member.stop();
    await rm(join(machine.dataDir, 'network'), { recursive: true, force: true });
    throw err;
  }
}
