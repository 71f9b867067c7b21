import react from '@vitejs/plugin-react';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type UserConfig } from 'vite';
// With extensions, from files that import nothing of the project's: Vite's coming config loader
// ('native') resolves no extensionless paths.
import { readMigrations } from './src-main/db/migration-files.ts';
import { takeSchemaSnapshot } from './src-main/db/schema-snapshot.ts';

/**
 * What all migrations end with, embedded in the server and desktop bundles: a brand-new data dir
 * is created in one transaction instead of replaying every migration (db/schema-snapshot.ts).
 */
function schemaSnapshotDefine(): Record<string, string> {
  return {
    __COUNTERTOP_SCHEMA_SNAPSHOT__: JSON.stringify(
      takeSchemaSnapshot(readMigrations('migrations')),
    ),
  };
}

/**
 * Loaded where first used (`await import(...)`, load-on-use.ts), never by a start: kept out of
 * the server bundle, test/foundation/built-server.test.ts checks a start loads none of them.
 */
const LAZY_PACKAGES = [
  'stripe',
  'serialport',
  'node-thermal-printer',
  'qrcode',
  'pdf-lib',
  '@pdf-lib/fontkit',
  'web-push',
  'electron-store',
];

/**
 * Fastify's parts a running server never loads: the JSON-schema compilers (no route has a JSON
 * schema; http/server.ts gives Fastify compilers that refuse one) and `inject` (tests only). They
 * stay in node_modules, loaded only if ever required: bundled, their ~700 kB (ajv, fast-uri,
 * fast-json-stringify, light-my-request) were parsed at every start for nothing (issue 13).
 */
const NEVER_LOADED_BY_A_START = [
  '@fastify/ajv-compiler',
  '@fastify/fast-json-stringify-compiler',
  'light-my-request',
];

/**
 * Three builds from one file:
 *   vite build                          → the renderer (dist-renderer/), served by the embedded server too;
 *                                         its second page, office.html, is the hub's office (/office/)
 *   vite build --mode electron-main     → the Electron main process (dist-main/main.js, ESM)
 *   vite build --mode electron-preload  → the sandboxed preload (dist-main/preload.cjs, CommonJS)
 *   vite build --mode server            → the headless server and CLI (dist-main/serve.js, manage.js)
 */
export default defineConfig(({ mode }): UserConfig => {
  if (mode === 'server') {
    // `node dist-main/serve.js` and `node dist-main/manage.js`: the headless server and the CLI
    // as bundled JavaScript, so a start does not compile TypeScript (issue 13).
    return {
      // Every package the start needs is bundled in (kysely, zod, jose, fastify, pino and theirs):
      // resolving and reading a few hundred small files from node_modules was most of a cold
      // start, ~20 % of its CPU even after the heavy ones moved to first use. Left in node_modules:
      // better-sqlite3 (native) and what loads on first use (LAZY_PACKAGES).
      ssr: { noExternal: true },
      define: schemaSnapshotDefine(),
      plugins: [
        {
          name: 'clear-old-chunks',
          // dist-main also holds the Electron bundles, so the folder is not emptied; old chunks are.
          buildStart: () => rmSync('dist-main/chunks', { recursive: true, force: true }),
        },
      ],
      build: {
        ssr: true,
        outDir: 'dist-main',
        emptyOutDir: false,
        target: 'node20',
        sourcemap: true,
        rollupOptions: {
          input: { serve: 'src-main/cli/serve.ts', manage: 'src-main/cli/manage.ts' },
          external: ['better-sqlite3', ...LAZY_PACKAGES, ...NEVER_LOADED_BY_A_START],
          output: {
            format: 'es' as const,
            entryFileNames: '[name].js',
            chunkFileNames: 'chunks/[name]-[hash].js',
          },
        },
      },
    };
  }
  if (mode === 'electron-main' || mode === 'electron-preload') {
    const preload = mode === 'electron-preload';
    return {
      ...(preload ? {} : { define: schemaSnapshotDefine() }),
      build: {
        ssr: preload ? 'src-main/electron/preload.ts' : 'src-main/electron/main.ts',
        outDir: 'dist-main',
        emptyOutDir: false,
        target: 'node20',
        sourcemap: true,
        rollupOptions: {
          external: [
            'electron',
            'better-sqlite3',
            'serialport',
            'fastify',
            'kysely',
            'jose',
            'zod',
          ],
          output: preload
            ? { format: 'cjs' as const, entryFileNames: 'preload.cjs' }
            : { format: 'es' as const, entryFileNames: 'main.js' },
        },
      },
      // The preload must be self-contained: a sandboxed preload cannot load node_modules.
      ssr: preload ? { noExternal: true } : {},
    };
  }
  return {
    root: 'src-renderer',
    base: './',
    plugins: [react()],
    build: {
      outDir: '../dist-renderer',
      emptyOutDir: true,
      target: 'chrome120',
      // Two pages from one build: the till's screens, and the hub's office, which reuses them.
      rollupOptions: {
        input: {
          index: fileURLToPath(new URL('src-renderer/index.html', import.meta.url)),
          office: fileURLToPath(new URL('src-renderer/office.html', import.meta.url)),
        },
      },
    },
    server: { port: 5173, proxy: { '/api': 'http://127.0.0.1:8787' } },
  };
});
