import type { paymentOps } from '../../src-shared/contract/payments';
import type { Handlers } from './types';

export const paymentHandlers = {} satisfies Pick<Handlers, keyof typeof paymentOps>;
