import { contract, type OperationName } from '../../src-shared/contract';

/**
 * The operations that travel over IPC: all but streams, which cannot be one IPC answer (the
 * renderer opens those over HTTP with EventSource).
 */
export function ipcOperations(): OperationName[] {
  return (Object.keys(contract) as OperationName[]).filter(
    (name) => contract[name].produces !== 'text/event-stream',
  );
}
