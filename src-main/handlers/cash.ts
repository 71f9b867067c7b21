import type { cashOps } from '../../src-shared/contract/cash';
import type { Handlers } from './types';

export const cashHandlers = {} satisfies Pick<Handlers, keyof typeof cashOps>;
