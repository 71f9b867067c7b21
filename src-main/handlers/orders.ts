import type { orderOps } from '../../src-shared/contract/orders';
import type { Handlers } from './types';

export const orderHandlers = {} satisfies Pick<Handlers, keyof typeof orderOps>;
