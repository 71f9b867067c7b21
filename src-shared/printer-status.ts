/**
 * What a printer's real-time status means for the shop (issue 15), shared by the print queue
 * (src-main/hardware/printer-status.ts reads it) and the screens (which show it with what to do).
 */

/** The printer's answer to DLE EOT 1..4, as GET /api/diagnostics/hardware reports it. */
export interface PrinterStatusView {
  online: boolean;
  coverOpen: boolean;
  paperEnd: boolean;
  paperNearEnd: boolean;
  error: boolean;
}

export type StatusProblem = 'paper_end' | 'cover_open' | 'error' | 'offline';

/** Why nothing can print now, in the shop's words, or null when the printer can print. */
export function statusProblem(
  status: PrinterStatusView | null,
): { code: StatusProblem; words: string } | null {
  if (!status) return null;
  if (status.paperEnd) return { code: 'paper_end', words: 'paper out' };
  if (status.coverOpen) return { code: 'cover_open', words: 'cover open' };
  if (status.error) return { code: 'error', words: 'printer error' };
  if (!status.online) return { code: 'offline', words: 'printer offline' };
  return null;
}

/** What the cashier should do about each problem. */
export const PROBLEM_ADVICE: Record<StatusProblem, string> = {
  paper_end:
    'Put in a new paper roll and close the cover; waiting receipts then print by themselves.',
  cover_open: 'Close the printer cover; waiting receipts then print by themselves.',
  error: 'Turn the printer off and on again; if it stays in error, check the cutter for a jam.',
  offline: 'Check that the printer is switched on and not feeding paper.',
};
