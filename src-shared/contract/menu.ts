import type { Operation } from './define';

/** Operations of this feature (filled in by its issue). */
export const menuOps = {} satisfies Record<string, Operation>;
