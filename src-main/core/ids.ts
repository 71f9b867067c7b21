import { randomFillSync } from 'node:crypto';
import type { IdSource } from './context';

/**
 * The ids the till writes: UUIDv7 (RFC 9562), 48 bits of Unix milliseconds, then a 12-bit counter
 * and 62 random bits. Random (v4) ids put every new order, line, payment and history row on a
 * random page of each table's primary-key and `order_id` indexes, so a batch of a dozen orders
 * dirtied a hundred-odd pages and every COMMIT wrote them all to the WAL; time-ordered ids append
 * to the indexes' last pages (issue 13: the COMMIT took 3.2 ms for a batch, 1.4 ms after). They
 * are still UUIDs to every reader, and unguessable in their 62 random bits.
 *
 * Within one source, ids only grow: in the same millisecond (or when the clock steps back) the
 * counter goes up from a random start below 2^11, and past its end the id borrows the next
 * millisecond. So rows written in one batch stay in insertion order by id too.
 */
export function timeOrderedIds(now: () => number = Date.now): IdSource {
  let lastMs = -1;
  let counter = 0;
  const bytes = Buffer.alloc(16);
  // Random bytes are drawn 4 KiB at a time: one call into the CSPRNG per id was 3 % of an
  // order's CPU (node's randomUUID pools the same way).
  const pool = Buffer.alloc(4096);
  let used = pool.length;
  const random = (start: number, end: number) => {
    if (used + (end - start) > pool.length) {
      randomFillSync(pool);
      used = 0;
    }
    used += pool.copy(bytes, start, used, used + (end - start));
  };
  return () => {
    let ms = now();
    if (ms > lastMs) {
      random(6, 16);
      counter = ((bytes[6]! & 0x07) << 8) | bytes[7]!;
    } else {
      ms = lastMs;
      counter++;
      if (counter > 0xfff) {
        ms++;
        counter = 0;
      }
      random(8, 16);
    }
    lastMs = ms;
    // Six bytes of milliseconds, big-endian (2^48 ms is the year 10889).
    bytes.writeUIntBE(ms, 0, 6);
    bytes[6] = 0x70 | (counter >> 8);
    bytes[7] = counter & 0xff;
    bytes[8] = 0x80 | (bytes[8]! & 0x3f);
    const hex = bytes.toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  };
}
