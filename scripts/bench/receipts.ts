// Receipt rendering for `npm run bench` (issue 13): how many receipts a second the till lays out
// and encodes as ESC/POS bytes, and as a receipt-sized PDF, in one process (no HTTP). Prints one
// JSON line. Run with tsx: the renderers are TypeScript.
import { renderEscPos } from '../../src-main/documents/escpos-renderer';
import { renderPdf } from '../../src-main/documents/pdf-renderer';
import { buildTestReceipt } from '../../src-main/documents/test-receipt';

const seconds = Number(process.argv[2] ?? '2');

async function perSecond(fn: () => unknown): Promise<{ perSec: number; msEach: number }> {
  // Warm-up: fonts, modules and the JIT.
  for (let i = 0; i < 5; i++) await fn();
  let n = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < seconds * 1000) {
    await fn();
    n++;
  }
  const ms = performance.now() - t0;
  return { perSec: (n * 1000) / ms, msEach: ms / n };
}

const model = buildTestReceipt(undefined, 48, new Date('2026-12-04T10:00:00Z'));
const escpos = await perSecond(() => renderEscPos(model));
const pdf = await perSecond(() => renderPdf(model));
console.log(JSON.stringify({ escpos, pdf, escposBytes: renderEscPos(model).length }));
