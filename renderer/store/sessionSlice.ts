import type { StateCreator } from 'zustand';
import type { Identity, IdentityExport } from '../../shared/types';
import { api } from '../api';
import { askToNotify } from '../desktop/attention';
import { describeError } from '../errorWords';
import type { QuorumState } from './index';

export interface SessionSlice {
  /** undefined while loading, null when no identity is unlocked. */
  identity: Identity | null | undefined;
  /** The name on this device's locked identity file, if there is one. */
  lockedName: string | null;
  sessionError: string | null;
  loadSession(): Promise<void>;
  createIdentity(name: string, passphrase: string): Promise<void>;
  unlock(passphrase: string): Promise<void>;
  importIdentity(contents: string, passphrase: string): Promise<void>;
  lock(): Promise<void>;
  /** The identity put aside to make room for another on this device: whose, and where its file is. */
  identityKeptAside: { name: string; path: string } | null;
  setIdentityAside(): Promise<void>;
  /** The main process locked the identity: nothing of it stays on screen (its drafts neither). */
  lockedHere(): void;
  /** The identity file to save, or words for why not. */
  exportIdentity(): Promise<IdentityExport | string>;
  clearSessionError(): void;
}

export const createSessionSlice: StateCreator<QuorumState, [], [], SessionSlice> = (set, get) => {
  const signIn = async (attempt: () => Promise<Identity>) => {
    try {
      const identity = await attempt();
      set({ identity, lockedName: null, sessionError: null });
      askToNotify();
      await get().loadRooms();
    } catch (err) {
      set({ sessionError: describeError(err) });
    }
  };
  return {
    identity: undefined,
    lockedName: null,
    identityKeptAside: null,
    sessionError: null,
    async loadSession() {
      try {
        const { identity, lockedName } = await api.getSession({});
        set({ identity, lockedName, sessionError: null });
        if (identity) await get().loadRooms();
      } catch (err) {
        set({ identity: null, sessionError: describeError(err) });
      }
    },
    createIdentity: (name, passphrase) => signIn(() => api.createIdentity({ name, passphrase })),
    unlock: (passphrase) => signIn(() => api.unlock({ passphrase })),
    importIdentity: (contents, passphrase) => signIn(() => api.importIdentity({ contents, passphrase })),
    async lock() {
      await api.lock({});
      get().lockedHere();
    },
    async setIdentityAside() {
      const name = get().lockedName;
      try {
        const { keptAt } = await api.setIdentityAside({});
        set({ lockedName: null, identityKeptAside: name ? { name, path: keptAt } : null, sessionError: null });
      } catch (err) {
        set({ sessionError: describeError(err) });
      }
    },
    lockedHere() {
      const name = get().identity?.name ?? get().lockedName;
      get().selectRoom(null);
      set({ identity: null, lockedName: name, rooms: [], drafts: {}, sessionError: null });
    },
    async exportIdentity() {
      try {
        return await api.exportIdentity({});
      } catch (err) {
        return describeError(err);
      }
    },
    clearSessionError() {
      set({ sessionError: null });
    },
  };
};
