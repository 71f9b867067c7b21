import { useCallback, useEffect, useRef, useState } from 'react';
import { plainError } from './errors';

/** A read's three states and a way to run it again after a change. */
export interface Load<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
  reload(): void;
}

/**
 * Runs `fetcher` now and whenever `deps` change or `reload()` is called. An answer that arrives
 * after a newer request started is dropped, so a slow old answer never overwrites a fresh one.
 */
export function useLoad<T>(fetcher: () => Promise<T>, deps: readonly unknown[]): Load<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const latest = useRef(0);
  // The caller lists what the fetcher reads, as with useEffect.
  const run = useCallback(fetcher, deps);
  useEffect(() => {
    const mine = ++latest.current;
    setLoading(true);
    run().then(
      (d) => {
        if (mine !== latest.current) return;
        setData(d);
        setError(null);
        setLoading(false);
      },
      (e: unknown) => {
        if (mine !== latest.current) return;
        setError(plainError(e).message);
        setLoading(false);
      },
    );
  }, [run, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, loading, reload };
}
