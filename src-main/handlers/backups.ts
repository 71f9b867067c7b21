import type { backupOps } from '../../src-shared/contract/backups';
import type { Handlers } from './types';

export const backupHandlers = {} satisfies Pick<Handlers, keyof typeof backupOps>;
