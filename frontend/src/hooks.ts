import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Lang } from './format';

export type Async<T> = { data?: T; error?: unknown; loading: boolean; reload: () => void };

/** Runs load when deps change; aborts the previous run. */
export function useAsync<T>(load: (signal: AbortSignal) => Promise<T>, deps: unknown[]): Async<T> {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const ac = new AbortController();
    setState((s) => ({ data: s.data, loading: true }));
    load(ac.signal).then(
      (data) => !ac.signal.aborted && setState({ data, loading: false }),
      (error) => !ac.signal.aborted && setState({ error, loading: false }),
    );
    return () => ac.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { ...state, reload };
}

/**
 * A change made from a view: run(f) clears the last error, awaits f,
 * calls reload when it succeeded and keeps its error for display otherwise.
 */
export function useAction(reload: () => void): { error: unknown; setError: (e: unknown) => void; run: (f: () => Promise<unknown>) => Promise<void> } {
  const [error, setError] = useState<unknown>();
  const run = useCallback(async (f: () => Promise<unknown>) => {
    setError(undefined);
    try {
      await f();
      reload();
    } catch (e) {
      setError(e);
    }
  }, [reload]);
  return { error, setError, run };
}

export function useLang(): Lang {
  const { i18n } = useTranslation();
  return i18n.language === 'en' ? 'en' : 'zh';
}
