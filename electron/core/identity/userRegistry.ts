// users/<name>: a name bound to public keys, registered create-only and self-signed.
import type { Etcd3 } from 'etcd3';
import { z } from 'zod';
import type { KeyPairs } from '../crypto/keys.js';
import { fingerprintOf, publicKeysOf } from '../crypto/keys.js';
import { parseRecord, signRecord, userNameSchema, verifyRecord } from '../rooms/records.js';
import { putIfAbsent } from '../store/etcdClient.js';
import { layout } from '../store/layout.js';

const userRecordSchema = z.object({
  v: z.literal(1),
  name: userNameSchema,
  sigPub: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  boxPub: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  createdAt: z.number().int().positive(),
  sig: z.string().max(128),
});
export type UserRecord = z.infer<typeof userRecordSchema>;

/** Registers the name; false if someone holds it already. */
export async function registerUser(client: Etcd3, name: string, keys: KeyPairs, createdAt: number): Promise<boolean> {
  const record = signRecord<UserRecord>('user', { v: 1, name, ...publicKeysOf(keys), createdAt }, keys);
  return putIfAbsent(client, [{ key: layout.user(name), value: JSON.stringify(record) }]);
}

/** The verified record under a name, or null if there is none or it is not genuine. */
export async function lookupUser(client: Etcd3, name: string): Promise<(UserRecord & { fingerprint: string }) | null> {
  const bytes = await client.get(layout.user(name)).buffer();
  if (!bytes) return null;
  const record = parseRecord(userRecordSchema, bytes);
  if (!record || record.name !== name || !verifyRecord('user', record, record.sigPub)) return null;
  return { ...record, fingerprint: fingerprintOf(record) };
}
