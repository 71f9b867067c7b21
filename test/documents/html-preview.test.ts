import { describe, expect, it } from 'vitest';
import { renderHtmlPreview } from '../../src-main/documents/html-preview';
import { layoutReceipt } from '../../src-main/documents/receipt-layout';
import { buildReceipt } from '../../src-main/documents/receipt-model';
import { sampleReceiptInput } from '../../src-main/documents/test-receipt';

const NOW = new Date('2026-11-25T10:15:00.000Z');

describe('renderHtmlPreview', () => {
  it('escapes user text', () => {
    const input = sampleReceiptInput(
      { storeName: '<b>Bar</b>', currency: 'EUR', footer: 'Tom & "Jerry\'s"' },
      NOW,
    );
    const html = renderHtmlPreview(buildReceipt(input, { widthChars: 48 }));
    expect(html).not.toContain('<b>');
    expect(html).toContain('&lt;b&gt;Bar&lt;/b&gt;');
    expect(html).toContain('Tom &amp; &quot;Jerry&#39;s&quot;');
  });

  it('shows the same lines the printer gets, with emphasis as classes', () => {
    const model = buildReceipt(sampleReceiptInput(undefined, NOW), { widthChars: 32 });
    const html = renderHtmlPreview(model);
    expect(html.startsWith('<div class="receipt receipt--w32" style="--receipt-chars:32">')).toBe(
      true,
    );
    const rows = [...html.matchAll(/<div class="(receipt-line[^"]*)">(.*?)<\/div>/g)];
    const lines = layoutReceipt(model);
    expect(rows).toHaveLength(lines.length);
    expect(rows[0]?.[1]).toBe('receipt-line receipt-line--bold receipt-line--double');
    expect(rows.map((row) => row[2])).toContain('TOTAL                    15,08 €');
    expect(rows.map((row) => row[2])).toContain('&nbsp;');
  });
});
