/**
 * The plain-Node files beside the database, read and written without `conf` (issue 13's cold
 * start): terminal.json is created with the defaults at the first start, owner-only; a broken or
 * out-of-schema file is said once and runs the defaults without stopping the till, and is left as
 * it is until the settings are saved; hub-link.json exists only while joined.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_TERMINAL_SETTINGS } from '../../src-shared/contract/terminal';
import { openTerminalFile } from '../../src-main/terminal/settings-store';
import { HUB_LINK_FILE, openHubLinkStore } from '../../src-main/terminal/hub-link-store';
import type { HubLink } from '../../src-main/core/sync/port';
import { removeTempDirs, tempDir } from '../helpers/app';

afterAll(removeTempDirs);

const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);

function open(dir: string) {
  const said: string[] = [];
  const store = openTerminalFile(dir, (m) => said.push(m));
  return { store, said };
}

describe('terminal.json', () => {
  it('is created with the defaults, 0600, and keeps what is saved', () => {
    const dir = tempDir();
    const { store, said } = open(dir);
    expect(said).toEqual([]);
    expect(store.path).toBe(join(dir, 'terminal.json'));
    expect(JSON.parse(readFileSync(store.path, 'utf8'))).toEqual(DEFAULT_TERMINAL_SETTINGS);
    expect(mode(store.path)).toBe('600');
    const next = { ...DEFAULT_TERMINAL_SETTINGS, printer: 'tcp://10.0.0.9:9100' };
    store.write(next);
    expect(store.read()).toEqual(next);
    expect(mode(store.path)).toBe('600');
    // Written whole through a temporary file that does not stay behind.
    expect(readdirSync(dir)).toEqual(['terminal.json']);
    // Another start reads the same file.
    expect(open(dir).store.read()).toEqual(next);
  });

  it('a key missing from the file reads as its default; a hand edit counts from the next read', () => {
    const dir = tempDir();
    const file = join(dir, 'terminal.json');
    writeFileSync(file, JSON.stringify({ drawer: 'printer?pin=1' }));
    const { store, said } = open(dir);
    expect(said).toEqual([]);
    expect(store.read()).toEqual({ ...DEFAULT_TERMINAL_SETTINGS, drawer: 'printer?pin=1' });
    writeFileSync(file, JSON.stringify({ drawer: 'none', printer: 'tcp://10.0.0.9:9100' }));
    expect(store.read().printer).toBe('tcp://10.0.0.9:9100');
  });

  for (const [what, text, words] of [
    ['not JSON', '{"printer": ', 'JSON'],
    ['a value outside the schema', JSON.stringify({ printer: 5 }), 'printer'],
  ] as const) {
    it(`${what}: said once, the defaults run, the file is kept until saved`, () => {
      const dir = tempDir();
      const file = join(dir, 'terminal.json');
      writeFileSync(file, text);
      const { store, said } = open(dir);
      expect(said).toHaveLength(1);
      expect(said[0]).toContain(file);
      expect(said[0]).toContain(words);
      expect(said[0]).toContain('running with the defaults');
      expect(store.read()).toEqual(DEFAULT_TERMINAL_SETTINGS);
      expect(readFileSync(file, 'utf8')).toBe(text);
      store.write({ ...DEFAULT_TERMINAL_SETTINGS, drawer: 'printer?pin=1' });
      expect(store.read().drawer).toBe('printer?pin=1');
    });
  }
});

describe('hub-link.json', () => {
  it('exists only while joined, 0600, and reads as unjoined when broken', () => {
    const dir = tempDir();
    const links = openHubLinkStore(dir);
    const file = join(dir, HUB_LINK_FILE);
    expect(links.read()).toBeNull();
    const link: HubLink = {
      url: 'http://127.0.0.1:9',
      token: 'secret-token',
      hubId: 'h-1',
      storeId: 's-1',
      storeName: 'Corner',
      tillId: 't-1',
      tillName: 'Front',
    };
    links.write(link);
    expect(links.read()).toEqual(link);
    expect(mode(file)).toBe('600');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ link });
    writeFileSync(file, '{"link": ');
    expect(links.read()).toBeNull();
    links.write(null);
    expect(readdirSync(dir)).toEqual([]);
  });
});
