import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PDFDocument } from 'pdf-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { isPosError } from '../../src-shared/errors';
import { fontsDir, renderPdf } from '../../src-main/documents/pdf-renderer';
import { buildTestReceipt } from '../../src-main/documents/test-receipt';
import { golden } from '../hardware/support/golden';

const NOW = new Date('2026-11-25T10:15:00.000Z');
const hasPdftotext = spawnSync('pdftotext', ['-v'], { stdio: 'ignore' }).status === 0;
if (!hasPdftotext) {
  console.warn('pdftotext missing (apt-get install poppler-utils): PDF text checks are skipped');
}

const dir = mkdtempSync(path.join(tmpdir(), 'countertop-pdf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function pdfText(pdf: Uint8Array, name: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
}

describe.each([
  [58, 32],
  [80, 48],
] as const)('PDF receipt, %i mm', (mm, width) => {
  const model = buildTestReceipt(undefined, width, NOW);

  it.skipIf(!hasPdftotext)(
    'has the receipt’s text (golden) in an embedded Unicode font',
    async () => {
      const pdf = await renderPdf(model, { creationDate: NOW });
      const text = pdfText(pdf, `r${mm}.pdf`);
      // pdftotext's -layout spacing is an approximation that may shift between poppler versions:
      // compare the words and their order, line by line, not the exact run of spaces.
      const squash = (t: string) => t.split('\n').map((l) => l.trim().replace(/ +/g, ' '));
      expect(squash(text)).toEqual(
        squash(golden(`receipt-${mm}mm.pdf.txt`, text).toString('utf8')),
      );
      expect(text).toContain('Order #42');
      expect(text).toMatch(/2 × Café crème +7,00 €/);
      expect(text).toMatch(/TOTAL +15,08 €/);
      expect(text).toContain('Jus d’orange pressé'); // Unicode survives: no code page here
      const fonts = execFileSync('pdffonts', [path.join(dir, `r${mm}.pdf`)], { encoding: 'utf8' });
      // Embedded (emb) with a Unicode map (uni); subset, though named without a tag (see renderer).
      expect(fonts).toMatch(/DejaVuSansMono +CID TrueType +Identity-H +yes +no +yes/);
      expect(fonts).toMatch(/DejaVuSansMono-Bold +CID TrueType +Identity-H +yes +no +yes/);
      expect(pdf.length).toBeLessThan(60_000); // the full fonts alone would be 670 kB
    },
  );

  it('is a single page as wide as the paper, with fixed dates', async () => {
    const pdf = await renderPdf(model, { creationDate: NOW, title: 'Receipt #42' });
    const doc = await PDFDocument.load(pdf, { updateMetadata: false });
    expect(doc.getPageCount()).toBe(1);
    const { width: w, height: h } = doc.getPage(0).getSize();
    expect(w).toBeCloseTo((mm * 72) / 25.4, 3);
    expect(h).toBeGreaterThan(200);
    expect(h).toBeLessThan(700);
    expect(doc.getCreationDate()?.toISOString()).toBe(NOW.toISOString());
    expect(doc.getModificationDate()?.toISOString()).toBe(NOW.toISOString());
    expect(doc.getTitle()).toBe('Receipt #42');
  });

  it('is byte-for-byte deterministic', async () => {
    const a = await renderPdf(model, { creationDate: NOW });
    const b = await renderPdf(model, { creationDate: NOW });
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });
});

describe('fonts', () => {
  it('resolves resources/fonts from the repository and honours an override', () => {
    expect(fontsDir()).toBe(fileURLToPath(new URL('../../resources/fonts', import.meta.url)));
    expect(existsSync(path.join(fontsDir(), 'DejaVuSansMono.ttf'))).toBe(true);
    expect(fontsDir('/opt/app/fonts')).toBe('/opt/app/fonts');
  });

  it('fails clearly when the fonts are missing', async () => {
    const error = await renderPdf(buildTestReceipt(undefined, 48, NOW), { fontsDir: dir }).catch(
      (e: unknown) => e,
    );
    expect(isPosError(error)).toBe(false);
    // Regular and bold load together; whichever is found missing first is named.
    expect(String(error)).toMatch(
      new RegExp(`receipt font ${dir}/DejaVuSansMono(-Bold)?\\.ttf could not be read`),
    );
  });
});
