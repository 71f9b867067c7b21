import { PosError } from '../../src-shared/errors';
import type { Actor } from '../core/auth/actor';
import type { Call } from './types';

/** The caller, or 401: for operations any signed-in user may call. */
export function signedIn(call: Call): Actor {
  if (!call.actor) throw new PosError('unauthorized', 'sign in first');
  return call.actor;
}
