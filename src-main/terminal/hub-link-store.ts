/**
 * Where a joined till keeps its hub link (address, till id, token): beside the terminal
 * settings, never in the database, so a restore keeps the till joined to the same hub and a
 * backup never carries the token. `hub-link.json` in the data dir, 0600 like terminal.json.
 */
import Conf from 'conf';
import type { HubLink, HubLinkStore } from '../core/sync/port';

interface Stored {
  link: HubLink | null;
}

export function openHubLinkStore(dir: string): HubLinkStore {
  const conf = new Conf<Stored>({
    cwd: dir,
    configName: 'hub-link',
    projectName: 'countertop',
    defaults: { link: null },
    accessPropertiesByDotNotation: false,
    configFileMode: 0o600,
    clearInvalidConfig: true,
  });
  return {
    read: () => {
      const link = conf.get('link');
      return link && typeof link.url === 'string' && typeof link.token === 'string' ? link : null;
    },
    write: (link) => conf.set('link', link),
  };
}
