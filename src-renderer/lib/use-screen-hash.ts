import { useEffect, useState } from 'react';

function screenFromHash(): string {
  return location.hash.replace(/^#\/?/, '');
}

/** The screen named in the address (`#/menu`), followed as it changes; `set` moves it in state. */
export function useScreenHash(): [string, (hash: string) => void] {
  const [hash, setHash] = useState(screenFromHash);
  useEffect(() => {
    const on = () => setHash(screenFromHash());
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  return [hash, setHash];
}
