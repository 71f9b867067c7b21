import type { BackupProgress } from '../../db/backup';
import type { CliIo } from '../command';

/** Pages below which a copy is quick enough that progress lines would only be noise (~64 MiB). */
const QUIET_BELOW_PAGES = 16_384;

/** Progress on stderr for large databases, at most one line per 10 %. */
export function progressReporter(io: CliIo): (p: BackupProgress) => void {
  let lastTenth = -1;
  return (p) => {
    if (p.totalPages < QUIET_BELOW_PAGES) return;
    const tenth = Math.floor(((p.totalPages - p.remainingPages) / p.totalPages) * 10);
    if (tenth === lastTenth) return;
    lastTenth = tenth;
    io.err(`copied ${tenth * 10}% (${p.totalPages - p.remainingPages}/${p.totalPages} pages)`);
  };
}
