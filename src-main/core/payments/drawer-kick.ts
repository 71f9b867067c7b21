/**
 * The drawer kick after a cash payment or refund has committed. The hardware layer's `kick()`
 * never throws; this guards the contract anyway, because a drawer fault must never undo money
 * that is already recorded (section 5).
 */
import type { DrawerKick } from '../../../src-shared/contract/payments';
/** The drawer port: the app passes its drawer's kick (src-main/hardware/drawer.ts). */
export type KickDrawer = () => Promise<DrawerKick>;

export async function kickAfterCommit(kick: KickDrawer | undefined): Promise<DrawerKick> {
  if (!kick) return { kicked: true, driver: 'simulated' };
  try {
    const r = await kick();
    return r.error === undefined
      ? { kicked: r.kicked, driver: r.driver }
      : { kicked: r.kicked, driver: r.driver, error: r.error };
  } catch (e) {
    return {
      kicked: false,
      driver: 'simulated',
      error: e instanceof Error ? e.message : String(e),
    };
  }
}
