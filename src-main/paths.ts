import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder holding package.json, migrations/, resources/ and dist-renderer/. Found by walking
 * up from this module, so it is right both from source (tsx) and from the bundled Electron main.
 */
function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (
      existsSync(pkg) &&
      (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'countertop'
    ) {
      return dir;
    }
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the Countertop install folder (package.json)');
    dir = up;
  }
}

export const APP_ROOT = findRoot();
export const MIGRATIONS_DIR = join(APP_ROOT, 'migrations');
export const RESOURCES_DIR = join(APP_ROOT, 'resources');
export const RENDERER_DIR = join(APP_ROOT, 'dist-renderer');
export const VERSION: string = (
  JSON.parse(readFileSync(join(APP_ROOT, 'package.json'), 'utf8')) as { version: string }
).version;
