/**
 * The layers of docs/architecture.md, read from the imports: a test so that a core file reaching
 * a device, a transport or the app's wiring fails the build, not a later review.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.posix.join(dir, e.name);
    if (e.isDirectory()) return sources(rel);
    return /\.(ts|tsx)$/.test(e.name) && !e.name.endsWith('.d.ts') ? [rel] : [];
  });
}

const files = ['src-main', 'src-shared', 'src-renderer'].flatMap(sources);
const known = new Set(files);

function resolveImport(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), spec));
  const found = [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`].find((c) => known.has(c));
  return found ?? null;
}

/** Every file's relative imports (type-only ones too: they tie the layers as much). */
const imports = new Map(
  files.map((f) => {
    const text = readFileSync(path.join(ROOT, f), 'utf8');
    const specs = [
      ...text.matchAll(
        /(?:import|export)\s[^'";]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g,
      ),
    ].map((m) => m[1] ?? m[2] ?? '');
    return [f, specs.flatMap((s) => resolveImport(f, s) ?? [])];
  }),
);

function broken(from: RegExp, to: RegExp): string[] {
  return [...imports].flatMap(([f, targets]) =>
    from.test(f) ? targets.filter((t) => to.test(t)).map((t) => `${f} -> ${t}`) : [],
  );
}

describe('layers', () => {
  it('the core reaches devices, transports and the wiring only through ports', () => {
    expect(
      broken(
        /^src-main\/core\//,
        /^src-main\/(hardware|spooler|electron|http|handlers|cli)\/|^src-main\/app(-gate)?\.ts$/,
      ),
    ).toEqual([]);
  });

  it('documents are pure: no devices, no core, no transports', () => {
    expect(
      broken(
        /^src-main\/documents\//,
        /^src-main\/(core|hardware|spooler|electron|http|handlers|db)\//,
      ),
    ).toEqual([]);
  });

  it('the contract and the renderer import nothing of src-main; db/ knows no business rules', () => {
    expect(broken(/^src-(shared|renderer)\//, /^src-main\//)).toEqual([]);
    expect(broken(/^src-main\/db\//, /^src-main\/core\//)).toEqual([]);
  });

  it('has no import circles', () => {
    const circles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const stack: string[] = [];
    const visit = (f: string): void => {
      state.set(f, 'open');
      stack.push(f);
      for (const t of imports.get(f) ?? []) {
        if (state.get(t) === 'open') circles.push(stack.slice(stack.indexOf(t)).join(' -> '));
        else if (!state.has(t)) visit(t);
      }
      stack.pop();
      state.set(f, 'done');
    };
    for (const f of files) if (!state.has(f)) visit(f);
    expect(circles).toEqual([]);
  });
});
