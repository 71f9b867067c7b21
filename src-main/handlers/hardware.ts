import type { hardwareOps } from '../../src-shared/contract/hardware';
import type { Handlers } from './types';

export const hardwareHandlers = {} satisfies Pick<Handlers, keyof typeof hardwareOps>;
