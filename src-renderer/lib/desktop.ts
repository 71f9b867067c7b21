import type { ShellBridge } from '../../src-shared/desktop-channels';

/** The desktop app's shell bridge (streams, menu events); undefined in a browser. */
export function desktopShell(): ShellBridge | undefined {
  return (globalThis as { countertopShell?: ShellBridge }).countertopShell;
}
