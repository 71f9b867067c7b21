/**
 * The office's allow-list is shared with its screens (src-shared/office.ts). The hub runs each
 * operation through `dispatchCore`, which has only core, tokens and gate: `Runnable` makes an
 * operation that needs more of the app (payments, hardware…) fail to compile here.
 */
import type { OfficeOperationName } from '../../../src-shared/office';
import type { CoreOperationName } from '../../handlers/types';

type Runnable<T extends CoreOperationName> = T;

export type OfficeOperation = Runnable<OfficeOperationName>;

export { isOfficeOperation } from '../../../src-shared/office';
