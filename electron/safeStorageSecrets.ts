// Cluster passwords and keys sealed by the operating system's keychain (Electron safeStorage);
// where the platform has none, the core's unprotected store, and the setup screen says so.
import { safeStorage } from 'electron';
import { unprotectedSecrets, type SecretStore } from './core/cluster/secretStore.js';

export function safeStorageSecrets(): SecretStore {
  if (!safeStorage.isEncryptionAvailable()) return unprotectedSecrets;
  return {
    protected: true,
    seal: (secret) => ({ sealed: safeStorage.encryptString(secret).toString('base64') }),
    open: (sealed) => ('sealed' in sealed ? safeStorage.decryptString(Buffer.from(sealed.sealed, 'base64')) : sealed.plain),
  };
}
