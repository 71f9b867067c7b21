/**
 * Which card provider the app uses (POS_PAYMENTS), and the crash test's kill switch
 * (POS_CRASH_AT), both read from the environment at start-up.
 */
import type { CrashPoint, CoreContext } from '../context';
import { createSimulatedProvider, type PaymentProvider } from './provider';
import { createStripeProvider } from './stripe';

/** `simulated` (default) or `stripe` (needs STRIPE_SECRET_KEY; refuses to start without it). */
export function paymentProviderFromEnv(env: NodeJS.ProcessEnv): PaymentProvider {
  const kind = env.POS_PAYMENTS ?? 'simulated';
  if (kind === 'simulated') return createSimulatedProvider();
  if (kind !== 'stripe')
    throw new Error(`POS_PAYMENTS must be simulated or stripe, not ${JSON.stringify(kind)}`);
  const secretKey = env.STRIPE_SECRET_KEY;
  if (!secretKey) throw new Error('POS_PAYMENTS=stripe needs STRIPE_SECRET_KEY');
  const lag = env.POS_STRIPE_SEARCH_LAG_MS;
  if (lag !== undefined && !/^\d+$/.test(lag))
    throw new Error('POS_STRIPE_SEARCH_LAG_MS must be a whole number of milliseconds');
  return createStripeProvider({
    secretKey,
    ...(env.POS_STRIPE_API ? { api: env.POS_STRIPE_API } : {}),
    ...(lag !== undefined ? { searchLagMs: Number(lag) } : {}),
  });
}

/**
 * POS_CRASH_AT=`point` or `point:N` (the Nth time it is reached) kills this process with
 * SIGKILL there: how the crash test stops the server between the charge and the commit.
 */
export function crashPointFromEnv(env: NodeJS.ProcessEnv): Pick<CoreContext, 'checkpoint'> {
  const spec = env.POS_CRASH_AT;
  if (!spec) return {};
  const [point, nth] = spec.split(':');
  let left = nth === undefined ? 1 : Number(nth);
  return {
    checkpoint(at: CrashPoint) {
      if (at !== point) return;
      left -= 1;
      if (left <= 0) process.kill(process.pid, 'SIGKILL');
    },
  };
}
