import type { notificationOps } from '../../src-shared/contract/notifications';
import type { Handlers } from './types';

export const notificationHandlers = {} satisfies Pick<Handlers, keyof typeof notificationOps>;
