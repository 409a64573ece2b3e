import { useCallback, useEffect, useState } from 'react';
import type { NetworkView } from '../../../shared/types';
import { api } from '../../api';
import { describeError } from '../../errorWords';

const REFRESH_MS = 2_000;

/** The network view, read again every 2 s while the dialog is open: members come and go. */
export function useNetworkView(open: boolean) {
  const [view, setView] = useState<NetworkView | null>(null);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    try {
      setView(await api.getNetwork({}));
      setError(null);
    } catch (err) {
      setError(describeError(err));
    }
  }, []);

  useEffect(() => {
    if (!open) return;
    void refresh();
    const timer = setInterval(() => void refresh(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [open, refresh]);

  return { view, setView, error, refresh };
}
