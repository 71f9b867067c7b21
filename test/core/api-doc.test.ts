/** docs/api.md stays in step with the code: its operation table is the contract's. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contract } from '../../src-shared/contract';
import { API_DOC, withTable } from '../../scripts/api-table';

describe('docs/api.md', () => {
  it('lists every operation of the contract, as the contract declares it', () => {
    const doc = readFileSync(API_DOC, 'utf8');
    // If this fails: run `npm run docs:api` and commit docs/api.md.
    expect(doc).toBe(withTable(doc));
    for (const name of Object.keys(contract)) expect(doc).toContain(`\`${name}\``);
  });

  it('names each operation after its key in the contract', () => {
    for (const [key, op] of Object.entries(contract)) expect(op.name).toBe(key);
  });
});
