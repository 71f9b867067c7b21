import type { cashOps } from '../../src-shared/contract/cash';
import {
  closeCashSession,
  currentCashSession,
  moveCash,
  openCashSession,
} from '../core/cash/sessions';
import type { Handlers } from './types';
import { signedIn } from './signed-in';

export const cashHandlers = {
  openCash: (call, input) => openCashSession(call.app.core, signedIn(call), input),
  moveCash: (call, input) => moveCash(call.app.core, signedIn(call), input),
  closeCash: (call, input) => closeCashSession(call.app.core, signedIn(call), input),
  getCashSession: (call, input) =>
    currentCashSession(call.app.core, input.drawerId, signedIn(call)),
} satisfies Pick<Handlers, keyof typeof cashOps>;
