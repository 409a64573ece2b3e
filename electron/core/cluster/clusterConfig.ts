// The cluster the user chose on first start, remembered in the data dir's config.json: a local
// node, a network made or joined by invite (with the member this machine hosts), or a joined cluster with every endpoint learned and, for a secured cluster, its TLS
// files and etcd login. Secrets go through a SecretStore, never into the file as they are typed.
import { join } from 'node:path';
import { z } from 'zod';
import { readJsonFile, writeJsonFile } from '../store/jsonFile.js';
import type { NetworkChoice } from '../network/networkChoice.js';
import type { SealedSecret, SecretStore } from './secretStore.js';

export interface ClusterSecurity {
  caCert?: string;
  clientCert?: string;
  clientKey?: string;
  username?: string;
  password?: string;
}

export type ClusterChoice = { mode: 'local' } | { mode: 'join'; endpoints: string[]; security: ClusterSecurity } | NetworkChoice;

const sealed = z.union([z.object({ sealed: z.string() }), z.object({ plain: z.string() })]);
const hostedSchema = z.object({ name: z.string(), host: z.string(), clientPort: z.number().int(), peerPort: z.number().int() });
const savedSchema = z.union([
  z.object({ mode: z.literal('local') }),
  z.object({
    mode: z.literal('network'),
    network: z.string(),
    endpoints: z.array(z.url()).min(1),
    caCert: z.string(),
    username: z.string(),
    password: sealed,
    /** Absent in a config written before participants had logins of their own: everyone was a host. */
    kind: z.enum(['host', 'participant']).default('host'),
    networkKey: sealed.optional(),
    member: hostedSchema.optional(),
  }),
  z.object({
    // Absent in a file written by hand, as the README shows: just the endpoints.
    mode: z.literal('join').optional(),
    endpoints: z.array(z.url()).min(1),
    caCert: z.string().optional(),
    clientCert: z.string().optional(),
    clientKey: sealed.optional(),
    username: z.string().optional(),
    password: sealed.optional(),
  }),
]);

const configFile = (dataDir: string) => join(dataDir, 'config.json');

/** QUORUM_ENDPOINTS, else config.json, else null: the user has not chosen yet. */
export async function loadClusterChoice(dataDir: string, secrets: SecretStore, env: NodeJS.ProcessEnv = process.env): Promise<ClusterChoice | null> {
  const fromEnv = env.QUORUM_ENDPOINTS?.split(',').map((e) => e.trim()).filter(Boolean);
  if (fromEnv?.length) return { mode: 'join', endpoints: fromEnv, security: {} };
  const raw = await readJsonFile(configFile(dataDir)).catch(() => {
    throw new Error(`${configFile(dataDir)} is not JSON; fix it or delete it to choose a cluster again`);
  });
  if (raw === null) return null;
  const parsed = savedSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`${configFile(dataDir)} is not valid: it needs {"endpoints": ["http://host:port", …]}`);
  const saved = parsed.data;
  if (saved.mode === 'local') return { mode: 'local' };
  if (saved.mode === 'network') {
    const { network, endpoints, caCert, username, password, kind, networkKey, member } = saved;
    return {
      mode: 'network',
      network,
      endpoints,
      security: { caCert, username, password: secrets.open(password) },
      kind,
      ...(networkKey ? { networkKey: secrets.open(networkKey) } : {}),
      member,
    };
  }
  const open = (s: SealedSecret | undefined) => (s ? secrets.open(s) : undefined);
  return {
    mode: 'join',
    endpoints: saved.endpoints,
    security: { caCert: saved.caCert, clientCert: saved.clientCert, clientKey: open(saved.clientKey), username: saved.username, password: open(saved.password) },
  };
}

export async function saveClusterChoice(dataDir: string, secrets: SecretStore, choice: ClusterChoice): Promise<void> {
  if (choice.mode === 'local') return writeJsonFile(configFile(dataDir), { mode: 'local' });
  if (choice.mode === 'network') {
    const { network, endpoints, security, kind, networkKey, member } = choice;
    return writeJsonFile(configFile(dataDir), {
      mode: 'network',
      network,
      endpoints,
      caCert: security.caCert,
      username: security.username,
      password: secrets.seal(security.password),
      kind,
      networkKey: networkKey === undefined ? undefined : secrets.seal(networkKey),
      member,
    });
  }
  const { caCert, clientCert, clientKey, username, password } = choice.security;
  await writeJsonFile(configFile(dataDir), {
    mode: 'join',
    endpoints: choice.endpoints,
    caCert,
    clientCert,
    clientKey: clientKey === undefined ? undefined : secrets.seal(clientKey),
    username,
    password: password === undefined ? undefined : secrets.seal(password),
  });
}
