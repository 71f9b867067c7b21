import type { ReactNode } from 'react';
import type { Load } from '../lib/use-load';
import { ErrorNote } from './ErrorNote';

/**
 * The loading, error and empty states every list shows, the same way on every screen. The
 * first load shows "Loading…"; a reload keeps the old rows on screen until the new ones come.
 */
export function LoadState<T>({
  load,
  empty,
  isEmpty,
  children,
}: {
  load: Load<T>;
  /** What an empty list says, and what to do about it. */
  empty: ReactNode;
  isEmpty(data: T): boolean;
  children(data: T): ReactNode;
}) {
  if (load.data === null) {
    if (load.error)
      return (
        <ErrorNote message={load.error}>
          <button type="button" onClick={load.reload}>
            Try again
          </button>
        </ErrorNote>
      );
    return (
      <p className="muted" role="status">
        Loading…
      </p>
    );
  }
  return (
    <>
      {load.error && (
        <ErrorNote message={load.error}>
          <button type="button" onClick={load.reload}>
            Try again
          </button>
        </ErrorNote>
      )}
      {isEmpty(load.data) ? <div className="empty-state">{empty}</div> : children(load.data)}
    </>
  );
}
