/**
 * Packaging cannot run here (no Electron binary, no signing), so the packaging config is checked
 * by reading it: the fuses the security checklist asks for, and the files an installer needs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/processes';

const config = readFileSync(join(REPO_ROOT, 'electron-builder.yml'), 'utf8');

/** The `key: value` lines of one top-level block of the YAML file. */
function block(name: string): Record<string, string> {
  const lines = config.split('\n');
  const start = lines.findIndex((l) => l === `${name}:`);
  expect(start, `${name} is in electron-builder.yml`).toBeGreaterThanOrEqual(0);
  const out: Record<string, string> = {};
  for (const line of lines.slice(start + 1)) {
    const m = /^ {2}([A-Za-z]+): *(.*)$/.exec(line);
    if (!m) break;
    out[m[1]!] = m[2]!;
  }
  return out;
}

describe('electron-builder.yml', () => {
  it('sets the fuses: no RunAsNode, encrypted cookies, no NODE_OPTIONS or inspect, ASAR integrity', () => {
    expect(block('electronFuses')).toEqual({
      runAsNode: 'false',
      enableCookieEncryption: 'true',
      enableNodeOptionsEnvironmentVariable: 'false',
      enableNodeCliInspectArguments: 'false',
      enableEmbeddedAsarIntegrityValidation: 'true',
      onlyLoadAppFromAsar: 'true',
      grantFileProtocolExtraPrivileges: 'false',
    });
    // ASAR integrity needs an ASAR: it must not be switched off.
    expect(config).not.toMatch(/^asar: *false/m);
  });

  it('ships the bundles, the screens and the migrations, with main pointing at the bundle', () => {
    for (const f of ['dist-main/**', 'dist-renderer/**', 'migrations/**', 'resources/**'])
      expect(config).toContain(`  - ${f}`);
    expect(block('extraMetadata')).toEqual({ main: 'dist-main/main.js' });
  });
});
