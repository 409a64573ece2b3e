// The login: the identity file on this device, locked or unlocked. Creating an identity makes
// its keys here and registers its name create-only; importing one checks the cluster's registry
// agrees; unlocking claims the name on a cluster that does not have it yet.
import type { Etcd3 } from 'etcd3';
import { QuorumError } from '../../../shared/errors.js';
import type { Identity, IdentityExport, Session } from '../../../shared/types.js';
import { fingerprintOf, generateKeyPairs, publicKeysOf, safetyCodeOf } from '../crypto/keys.js';
import {
  decryptIdentity,
  encryptIdentity,
  parseIdentityFile,
  readIdentityFile,
  setIdentityFileAside,
  writeIdentityFile,
  type IdentityFile,
  type LocalIdentity,
} from './identityFile.js';
import { lookupUser, registerUser } from './userRegistry.js';

export function describeIdentity(me: LocalIdentity): Identity {
  const fingerprint = fingerprintOf(publicKeysOf(me.keys));
  return { name: me.name, fingerprint, safetyCode: safetyCodeOf(fingerprint) };
}

export class IdentitySession {
  private file: IdentityFile | null = null;
  private unlocked: LocalIdentity | null = null;

  constructor(
    private readonly dataDir: string,
    /** The cluster's client; it throws NO_CLUSTER until the user has chosen a cluster. */
    private readonly client: () => Etcd3,
  ) {}

  async load(): Promise<void> {
    this.file = await readIdentityFile(this.dataDir);
  }

  get current(): LocalIdentity | null {
    return this.unlocked;
  }

  session(): Session {
    return {
      identity: this.unlocked ? describeIdentity(this.unlocked) : null,
      lockedName: !this.unlocked && this.file ? this.file.name : null,
    };
  }

  require(): LocalIdentity {
    if (this.unlocked) return this.unlocked;
    throw this.file ? new QuorumError('LOCKED', 'unlock your identity first') : new QuorumError('NO_IDENTITY', 'create an identity first');
  }

  async create(name: string, passphrase: string): Promise<LocalIdentity> {
    this.refuseSecond();
    const me: LocalIdentity = { name, createdAt: Date.now(), keys: generateKeyPairs() };
    const file = await encryptIdentity(me, passphrase);
    if (!(await registerUser(this.client(), name, me.keys, me.createdAt))) {
      throw new QuorumError('NAME_TAKEN', `the name “${name}” is taken: choose another`);
    }
    await writeIdentityFile(this.dataDir, file);
    this.file = file;
    this.unlocked = me;
    return me;
  }

  /**
   * Unlocks the file here, with nothing asked of the cluster: a participant who takes or garbles
   * the name in the registry must not lock its owner out. On a cluster new to this identity (a
   * network set up since), the name is claimed if it is free; taken, the members' name warnings
   * tell everyone the keys differ.
   */
  async unlock(passphrase: string): Promise<LocalIdentity> {
    if (!this.file) throw new QuorumError('NO_IDENTITY', 'there is no identity on this device');
    const me = await decryptIdentity(this.file, passphrase);
    this.unlocked = me;
    void this.claimIfFree(me);
    return me;
  }

  private async claimIfFree(me: LocalIdentity): Promise<void> {
    try {
      if (!(await lookupUser(this.client(), me.name))) await registerUser(this.client(), me.name, me.keys, me.createdAt);
    } catch {
      // Unreachable now: the next unlock tries again.
    }
  }

  lock(): void {
    this.unlocked = null;
  }

  /** Makes room for another identity on this device: the locked one's file is kept aside, not deleted. */
  async setAside(): Promise<string> {
    if (!this.file) throw new QuorumError('NO_IDENTITY', 'there is no identity on this device');
    if (this.unlocked) throw new QuorumError('BAD_INPUT', 'lock your identity first');
    const kept = await setIdentityFileAside(this.dataDir);
    this.file = null;
    return kept;
  }

  export(): IdentityExport {
    if (!this.file || !this.unlocked) throw new QuorumError('LOCKED', 'unlock your identity first');
    return { fileName: `${this.file.name}.quorum-identity.json`, contents: JSON.stringify(this.file, null, 2) };
  }

  /** Moves an identity here from another machine: it must unlock, and the registry must agree. */
  async import(contents: string, passphrase: string): Promise<LocalIdentity> {
    this.refuseSecond();
    const file = parseIdentityFile(contents);
    const me = await decryptIdentity(file, passphrase);
    await this.claimName(me);
    await writeIdentityFile(this.dataDir, file);
    this.file = file;
    this.unlocked = me;
    return me;
  }

  /** For an import: the cluster's registry must hold this identity's name with its keys: claimed if free, refused if someone else's. */
  private async claimName(me: LocalIdentity): Promise<void> {
    const registered = await lookupUser(this.client(), me.name);
    if (!registered) {
      // Never registered on this cluster (or the name was freed): claim it with these keys.
      if (!(await registerUser(this.client(), me.name, me.keys, me.createdAt))) throw new QuorumError('NAME_TAKEN', `the name “${me.name}” is taken`);
    } else if (registered.fingerprint !== fingerprintOf(publicKeysOf(me.keys))) {
      throw new QuorumError('NAME_TAKEN', `the name “${me.name}” belongs to different keys on this cluster`);
    }
  }

  private refuseSecond(): void {
    if (this.file) throw new QuorumError('BAD_INPUT', `this device already has the identity “${this.file.name}”`);
  }
}
