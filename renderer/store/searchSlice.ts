import type { StateCreator } from 'zustand';
import type { SearchProgress, SearchResult, SearchSender } from '../../shared/searchTypes';
import { api } from '../api';
import { describeError } from '../errorWords';
import type { QuorumState } from './index';

/** Where a search looks: the open room (Ctrl/Cmd+F) or every room (Ctrl/Cmd+Shift+F). */
export type SearchScope = 'room' | 'all';

export interface SearchFilters {
  senderFingerprint: string | null;
  /** Days as the date inputs give them (YYYY-MM-DD), local time; empty for no bound. */
  fromDay: string;
  untilDay: string;
}

export interface SearchSlice {
  searchScope: SearchScope;
  searchQuery: string;
  searchFilters: SearchFilters;
  searchResults: SearchResult[];
  /** The query the results answer (they may lag the box by a keystroke). */
  searchAnswered: string | null;
  searchProgress: SearchProgress | null;
  /** Whom the search can be narrowed to: who has messages indexed where it looks. */
  searchSenders: SearchSender[];
  searchError: string | null;
  /** Sets what is searched; the results follow (a reply older than a newer question is dropped). */
  search(change: Partial<{ scope: SearchScope; query: string; filters: Partial<SearchFilters> }>): void;
  setSearchProgress(progress: SearchProgress): void;
  /** Opens a result's room at its message, highlighted, with history both ways. */
  openResult(result: SearchResult): Promise<void>;
}

const DAY_MS = 86_400_000;
const startOfDay = (day: string) => (day ? new Date(`${day}T00:00:00`).getTime() : undefined);

export const createSearchSlice: StateCreator<QuorumState, [], [], SearchSlice> = (set, get) => {
  let asked = 0;
  const run = async () => {
    const { searchScope, searchQuery, searchFilters, historyRoomId } = get();
    const question = ++asked;
    const from = startOfDay(searchFilters.fromDay);
    const untilStart = startOfDay(searchFilters.untilDay);
    try {
      const { results, progress } = await api.searchMessages({
        query: searchQuery,
        roomId: searchScope === 'room' ? (historyRoomId ?? undefined) : undefined,
        senderFingerprint: searchFilters.senderFingerprint ?? undefined,
        from: from !== undefined && Number.isFinite(from) ? from : undefined,
        until: untilStart !== undefined && Number.isFinite(untilStart) ? untilStart + DAY_MS : undefined,
      });
      if (question === asked) set({ searchResults: results, searchAnswered: searchQuery, searchProgress: progress, searchError: null });
    } catch (err) {
      if (question === asked) set({ searchError: describeError(err) });
    }
  };

  const loadSenders = async () => {
    const { searchScope, historyRoomId } = get();
    try {
      const senders = await api.searchSenders({ roomId: searchScope === 'room' ? (historyRoomId ?? undefined) : undefined });
      if (get().searchScope === searchScope) set({ searchSenders: senders });
    } catch (err) {
      set({ searchError: describeError(err) });
    }
  };

  return {
    searchScope: 'room',
    searchQuery: '',
    searchFilters: { senderFingerprint: null, fromDay: '', untilDay: '' },
    searchResults: [],
    searchAnswered: null,
    searchProgress: null,
    searchSenders: [],
    searchError: null,
    search({ scope, query, filters }) {
      set({
        ...(scope ? { searchScope: scope } : {}),
        ...(query !== undefined ? { searchQuery: query } : {}),
        ...(filters ? { searchFilters: { ...get().searchFilters, ...filters } } : {}),
      });
      void run();
      if (scope) void loadSenders();
    },
    setSearchProgress(progress) {
      set({ searchProgress: progress });
    },
    async openResult(result) {
      if (get().historyRoomId !== result.roomId) await get().selectRoom(result.roomId);
      await get().showWindowAt(result.roomId, () => api.jumpToMessage({ roomId: result.roomId, messageId: result.messageId }));
    },
  };
};
