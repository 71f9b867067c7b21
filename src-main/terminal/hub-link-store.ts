/**
 * Where a joined till keeps its hub link (address, till id, token): beside the terminal
 * settings, never in the database, so a restore keeps the till joined to the same hub and a
 * backup never carries the token. `hub-link.json` in the data dir, 0600 like terminal.json;
 * the file exists only while the till is joined.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Conf from 'conf';
import type { HubLink, HubLinkStore } from '../core/sync/port';

interface Stored {
  link: HubLink | null;
}

export const HUB_LINK_FILE = 'hub-link.json';

export function openHubLinkStore(dir: string): HubLinkStore {
  const file = join(dir, HUB_LINK_FILE);
  const open = () =>
    new Conf<Stored>({
      cwd: dir,
      configName: 'hub-link',
      projectName: 'countertop',
      defaults: { link: null },
      accessPropertiesByDotNotation: false,
      configFileMode: 0o600,
      clearInvalidConfig: true,
    });
  return {
    read() {
      // Looked at every second by the sync worker: an unjoined till only checks the file is absent.
      if (!existsSync(file)) return null;
      const link = open().get('link');
      return link && typeof link.url === 'string' && typeof link.token === 'string' ? link : null;
    },
    write(link) {
      if (link) open().set('link', link);
      else rmSync(file, { force: true });
    },
  };
}
