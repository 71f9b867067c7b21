import { useState } from 'react';
import type { TerminalSettingsView } from '../../src-shared/contract/terminal';
import { LoadState } from '../components/LoadState';
import { useLoad } from '../lib/use-load';
import { useSession } from '../session';
import { LanServerSettings } from './LanServerSettings';
import { TerminalDevices } from './TerminalDevices';
import './terminal-setup.css';

/**
 * The settings of this terminal on the Hardware screen (needs `settings.manage`): its printer and
 * drawer, and the LAN server. A save answers with the settings in use, which both sections then
 * show; `onApplied` lets the hardware status above load again.
 */
export function TerminalSetup({ onApplied }: { onApplied(): void }) {
  const { client } = useSession();
  const load = useLoad(() => client.getTerminalSettings({}), [client]);
  const [latest, setLatest] = useState<TerminalSettingsView | null>(null);
  const saved = (v: TerminalSettingsView) => {
    setLatest(v);
    onApplied();
  };
  return (
    <LoadState load={load} isEmpty={() => false} empty={null}>
      {(loaded) => {
        const view = latest ?? loaded;
        return (
          <>
            <TerminalDevices view={view} onSaved={saved} />
            <LanServerSettings view={view} onSaved={saved} />
          </>
        );
      }}
    </LoadState>
  );
}
