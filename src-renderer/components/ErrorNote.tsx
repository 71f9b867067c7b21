import type { ReactNode } from 'react';

/** An error in plain words, announced to screen readers, with an optional way out. */
export function ErrorNote({ message, children }: { message: string | null; children?: ReactNode }) {
  if (!message) return null;
  return (
    <div className="error-note" role="alert">
      <span>{message}</span>
      {children}
    </div>
  );
}
