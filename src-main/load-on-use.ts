import { createRequire } from 'node:module';

/**
 * Loads a CommonJS package from node_modules when a caller first needs it, synchronously, instead
 * of at start. For packages the first request never touches (card provider, serial ports, the
 * ESC/POS builder, QR codes): each cost tens of milliseconds of a cold start (issue 13). Node's
 * module cache keeps what was loaded, so later calls cost a lookup. Code that can await uses
 * `await import(...)` instead.
 */
export const loadOnUse = createRequire(import.meta.url);
