/**
 * The receipt printer facade: render the layout model to ESC/POS and send it through the
 * configured transport. Rendering is synchronous and pure; only the send touches hardware, with
 * the transport's deadline, so a dead printer answers with a PosError within `timeoutMs`.
 */
import { describePrinter, type PrinterConfig } from './config';
import { DEFAULT_CODE_PAGE, renderEscPos, type EscPosCodePage } from '../documents/escpos-renderer';
import { DEFAULT_TIMEOUT_MS, hardwareError } from './hardware-error';
import {
  widthCharsFor,
  type PaperWidthMm,
  type ReceiptModel,
  type StoreSettings,
} from '../documents/receipt-model';
import { buildTestReceipt } from '../documents/test-receipt';
import { sendBytes } from './transports';

export interface PrintResult {
  /** The printer it went to, e.g. "tcp://192.168.1.50:9100". */
  printer: string;
  /** How many bytes the printer took. */
  bytes: number;
}

export interface ReceiptPrinter {
  readonly config: PrinterConfig;
  readonly paperWidthMm: PaperWidthMm;
  print(model: ReceiptModel): Promise<PrintResult>;
  /** Prints the sample receipt (test-receipt.ts) with the shop's settings. */
  printTest(store?: StoreSettings, now?: Date): Promise<PrintResult>;
}

export interface ReceiptPrinterOptions {
  paperWidthMm?: PaperWidthMm;
  codePage?: EscPosCodePage;
  cut?: 'full' | 'partial';
  timeoutMs?: number;
}

export function createReceiptPrinter(
  config: PrinterConfig,
  options: ReceiptPrinterOptions = {},
): ReceiptPrinter {
  const paperWidthMm = options.paperWidthMm ?? 80;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const codePage = options.codePage ?? DEFAULT_CODE_PAGE;

  const print = async (model: ReceiptModel): Promise<PrintResult> => {
    if (config.kind === 'none') {
      throw hardwareError('no printer configured (POS_PRINTER=none)', { printer: 'none' });
    }
    const bytes = renderEscPos(model, { codePage, cut: options.cut ?? 'full' });
    await sendBytes(config, bytes, { timeoutMs });
    return { printer: describePrinter(config), bytes: bytes.length };
  };

  return {
    config,
    paperWidthMm,
    print,
    printTest: (store, now) => print(buildTestReceipt(store, widthCharsFor(paperWidthMm), now)),
  };
}
