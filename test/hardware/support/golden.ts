/**
 * Golden files: `UPDATE_GOLDEN=1 npx vitest run test/documents` (re)writes them from the current
 * output; otherwise the test compares against what is stored. Review the diff before committing.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const GOLDEN_DIR = fileURLToPath(new URL('../golden/', import.meta.url));

export function golden(name: string, actual: Buffer | string): Buffer {
  const file = path.join(GOLDEN_DIR, name);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) {
    if (process.env.CI && !existsSync(file)) throw new Error(`golden file ${name} is missing`);
    mkdirSync(GOLDEN_DIR, { recursive: true });
    writeFileSync(file, actual);
  }
  return readFileSync(file);
}
