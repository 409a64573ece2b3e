// Passwords and private keys the app must remember to reach its cluster. The desktop app seals
// them with the operating system's keychain (Electron safeStorage); where there is none, they
// are kept as they are, in a file only this user can read, and the setup screen says so.
export type SealedSecret = { sealed: string } | { plain: string };

export interface SecretStore {
  /** True when secrets are encrypted by the operating system, not only file permissions. */
  readonly protected: boolean;
  seal(secret: string): SealedSecret;
  open(sealed: SealedSecret): string;
}

/** What the headless host has: no keychain, so the data dir's file permissions are the guard. */
export const unprotectedSecrets: SecretStore = {
  protected: false,
  seal: (secret) => ({ plain: secret }),
  open(sealed) {
    if ('plain' in sealed) return sealed.plain;
    throw new Error('this secret was sealed by the desktop app’s keychain; open Quorum’s desktop app, or join the cluster again');
  },
};
