/**
 * Renders the receipt model to a receipt-sized PDF (GET /api/diagnostics/receipt, e-mailed or
 * archived receipts). It draws the same fixed-width lines as the ESC/POS renderer in DejaVu Sans
 * Mono, embedded (subset) from resources/fonts, so any Unicode name prints and the PDF looks like
 * the paper: 72 mm of text on 80 mm paper, 48 mm on 58 mm, page height fitted to the content.
 *
 * Output is deterministic for a given model and `creationDate`: font names are fixed (pdf-lib
 * would otherwise add a random subset tag) and the dates come from the caller.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { RESOURCES_DIR } from '../paths';
import type { PDFDocument, PDFFont } from 'pdf-lib';
import { layoutReceipt } from './receipt-layout';
import { paperWidthFor, type ReceiptModel } from './receipt-model';

const MM = 72 / 25.4;
/** Printable width of common thermal printers, by paper width. */
const PRINTABLE_MM = { 58: 48, 80: 72 } as const;
const MARGIN_Y_MM = 5;
const LINE_SPACING = 1.25;

export const FONT_REGULAR = 'DejaVuSansMono.ttf';
export const FONT_BOLD = 'DejaVuSansMono-Bold.ttf';

/**
 * Where the bundled fonts live: `resources/fonts` at the repository root (and beside the
 * packaged app's resources). A packaged app passes its own resources path as `override`.
 * Reading these two read-only font files is the only I/O in src-main/documents/: the PDF must
 * embed the glyphs, and the files ship with the app (they are not a device or a setting).
 */
export function fontsDir(override?: string): string {
  // From paths.ts, not relative to this module: the Electron main is one bundle in dist-main/.
  return override ?? path.join(RESOURCES_DIR, 'fonts');
}

const fontCache = new Map<string, Promise<Uint8Array>>();

function loadFont(dir: string, file: string): Promise<Uint8Array> {
  const full = path.join(dir, file);
  let bytes = fontCache.get(full);
  if (!bytes) {
    bytes = readFile(full).then(
      (buffer) => new Uint8Array(buffer),
      (error: unknown) => {
        // An installation fault (resources not shipped), not a device fault: no PosError.
        throw new Error(
          `receipt font ${full} could not be read (${error instanceof Error ? error.message : String(error)}); pass fontsDir to point at resources/fonts`,
        );
      },
    );
    // A failed read is not cached, so a fixed path works on the next try.
    bytes.catch(() => fontCache.delete(full));
    fontCache.set(full, bytes);
  }
  return bytes;
}

type Fontkit = Parameters<PDFDocument['registerFontkit']>[0];
type ParsedFont = ReturnType<Fontkit['create']>;
const parsedFonts = new WeakMap<Uint8Array, ParsedFont>();

function parsedFont(fontkit: Fontkit, bytes: Uint8Array): ParsedFont {
  let font = parsedFonts.get(bytes);
  if (!font) {
    font = fontkit.create(bytes);
    parsedFonts.set(bytes, font);
  }
  return font;
}

export interface PdfOptions {
  /** Directory holding DejaVuSansMono(.ttf|-Bold.ttf); see `fontsDir`. */
  fontsDir?: string;
  /** Stored as the PDF's creation and modification dates. Default: now. */
  creationDate?: Date;
  title?: string;
}

export async function renderPdf(
  model: ReceiptModel,
  options: PdfOptions = {},
): Promise<Uint8Array> {
  const dir = fontsDir(options.fontsDir);
  const [regularBytes, boldBytes] = await Promise.all([
    loadFont(dir, FONT_REGULAR),
    loadFont(dir, FONT_BOLD),
  ]);

  // Loaded on first use: the server's first request never needs them (issue 13).
  const [{ PDFDocument, rgb }, { default: fontkit }] = await Promise.all([
    import('pdf-lib'),
    import('@pdf-lib/fontkit'),
  ]);
  const doc = await PDFDocument.create({ updateMetadata: false });
  // Parsing a font is most of a receipt's time (issue 13): the parsed font is kept per font
  // bytes (themselves kept above), and each document still makes its own subset of it.
  doc.registerFontkit({ create: (bytes) => parsedFont(fontkit, bytes) });
  const regular = await doc.embedFont(regularBytes, { subset: true, customName: 'DejaVuSansMono' });
  const bold = await doc.embedFont(boldBytes, { subset: true, customName: 'DejaVuSansMono-Bold' });

  const date = options.creationDate ?? new Date();
  doc.setTitle(options.title ?? 'Receipt');
  doc.setCreator('Countertop');
  doc.setProducer('Countertop (pdf-lib)');
  doc.setCreationDate(date);
  doc.setModificationDate(date);

  const paperMm = paperWidthFor(model.widthChars);
  const printable = PRINTABLE_MM[paperMm] * MM;
  // The size at which `widthChars` monospace characters exactly fill the printable width.
  const size = printable / (model.widthChars * regular.widthOfTextAtSize('0', 1));
  const marginX = ((paperMm - PRINTABLE_MM[paperMm]) / 2) * MM;
  const marginY = MARGIN_Y_MM * MM;

  const lines = layoutReceipt(model);
  const heights = lines.map((line) => size * LINE_SPACING * (line.double ? 2 : 1));
  const pageHeight = marginY * 2 + heights.reduce((a, b) => a + b, 0);
  const page = doc.addPage([paperMm * MM, pageHeight]);

  let top = pageHeight - marginY;
  lines.forEach((line, i) => {
    const height = heights[i] ?? 0;
    const lineSize = line.double ? size * 2 : size;
    const font: PDFFont = line.bold ? bold : regular;
    if (line.text) {
      page.drawText(line.text, {
        x: marginX,
        // Baseline about 80 % down the line box, like the printer's font A.
        y: top - height * 0.8,
        size: lineSize,
        font,
        color: rgb(0, 0, 0),
      });
    }
    top -= height;
  });

  return doc.save({ useObjectStreams: false });
}
