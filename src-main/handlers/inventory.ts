import type { inventoryOps } from '../../src-shared/contract/inventory';
import type { Handlers } from './types';

export const inventoryHandlers = {} satisfies Pick<Handlers, keyof typeof inventoryOps>;
