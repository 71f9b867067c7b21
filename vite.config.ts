import react from '@vitejs/plugin-react';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type UserConfig } from 'vite';
// With extensions, from files that import nothing of the project's: Vite's coming config loader
// ('native') resolves no extensionless paths.
import { readMigrations } from './src-main/db/migration-files.ts';
import { takeSchemaSnapshot } from './src-main/db/schema-snapshot.ts';

/**
 * Three builds from one file:
 *   vite build                          → the renderer (dist-renderer/), served by the embedded server too;
 *                                         its second page, office.html, is the hub's office (/office/)
 *   vite build --mode electron-main     → the Electron main process (dist-main/main.js, ESM)
 *   vite build --mode electron-preload  → the sandboxed preload (dist-main/preload.cjs, CommonJS)
 *   vite build --mode server            → the headless server and CLI (dist-main/serve.js, manage.js)
 */

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

export default defineConfig(({ mode }): UserConfig => {
  if (mode === 'server') {
    // `node dist-main/serve.js` and `node dist-main/manage.js`: the headless server and the CLI
    // as bundled JavaScript, so a start does not compile TypeScript (issue 13). Packages stay
    // external (SSR default) and load from node_modules; heavy ones load on first use.
    return {
      // Bundled in: pure-JS ESM packages made of hundreds of small modules, whose resolution and
      // loading dominated the start (kysely alone ~0.2 s). Native or worker-spawning ones
      // (better-sqlite3, serialport, pino's transports, fastify's plugins) stay in node_modules.
      ssr: { noExternal: ['kysely', 'zod', 'jose'] },
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
