import type { menuOps } from '../../src-shared/contract/menu';
import type { Handlers } from './types';

export const menuHandlers = {} satisfies Pick<Handlers, keyof typeof menuOps>;
