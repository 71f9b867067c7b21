import { contract, type OperationName } from '../../src-shared/contract';

/**
 * The operations that travel over IPC: all but streams, which cannot be one IPC answer (the
 * renderer opens those over HTTP with EventSource), and file transfers (a backup's download is
 * streamed from disk and an upload is a raw body: the desktop app does both through its own
 * menu and file dialogs).
 */
export function ipcOperations(): OperationName[] {
  return (Object.keys(contract) as OperationName[]).filter((name) => {
    const op = contract[name];
    return (
      op.produces !== 'text/event-stream' &&
      op.produces !== 'application/vnd.sqlite3' &&
      op.upload === undefined
    );
  });
}
