import type { cashOps } from '../../src-shared/contract/cash';
import { PosError } from '../../src-shared/errors';
import {
  closeCashSession,
  currentCashSession,
  moveCash,
  openCashSession,
} from '../core/cash/sessions';
import type { Call, Handlers } from './types';

function signedIn(call: Call) {
  if (!call.actor) throw new PosError('unauthorized', 'sign in first');
  return call.actor;
}

export const cashHandlers = {
  openCash: (call, input) => openCashSession(call.app.core, signedIn(call), input),
  moveCash: (call, input) => moveCash(call.app.core, signedIn(call), input),
  closeCash: (call, input) => closeCashSession(call.app.core, signedIn(call), input),
  getCashSession: (call, input) =>
    currentCashSession(call.app.core, input.drawerId, signedIn(call)),
} satisfies Pick<Handlers, keyof typeof cashOps>;
