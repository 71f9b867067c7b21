import type { auditOps } from '../../src-shared/contract/audit';
import { listAudit } from '../core/audit/list';
import type { Handlers } from './types';

export const auditHandlers = {
  listAudit: (call, input) => listAudit(call.app.core, input),
} satisfies Pick<Handlers, keyof typeof auditOps>;
