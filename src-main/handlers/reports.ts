import type { reportOps } from '../../src-shared/contract/reports';
import type { Handlers } from './types';

export const reportHandlers = {} satisfies Pick<Handlers, keyof typeof reportOps>;
