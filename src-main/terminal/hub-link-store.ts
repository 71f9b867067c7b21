/**
 * Where a joined till keeps its hub link (address, till id, token): beside the terminal
 * settings, never in the database, so a restore keeps the till joined to the same hub and a
 * backup never carries the token. `hub-link.json` in the data dir, 0600 like terminal.json;
 * the file exists only while the till is joined. Read and written whole by private-files.ts (the
 * same JSON `conf` wrote, without loading `conf` and its validator at every start, issue 13).
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { HubLink, HubLinkStore } from '../core/sync/port';
import { readJsonFile, writeJsonFile } from '../private-files';

export const HUB_LINK_FILE = 'hub-link.json';

export function openHubLinkStore(dir: string): HubLinkStore {
  const file = join(dir, HUB_LINK_FILE);
  return {
    read() {
      // Looked at every second by the sync worker: an unjoined till only finds the file absent.
      let stored: unknown;
      try {
        stored = readJsonFile(file);
      } catch {
        // Not JSON: as good as unjoined (conf cleared such a file the same way).
        return null;
      }
      const link = (stored as { link?: HubLink | null } | undefined)?.link;
      return link && typeof link.url === 'string' && typeof link.token === 'string' ? link : null;
    },
    write(link) {
      if (link) writeJsonFile(file, { link });
      else rmSync(file, { force: true });
    },
  };
}
