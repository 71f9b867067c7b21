/**
 * One run of the sync worker (src-main/hub-client/worker.ts): reconcile when asked, push every
 * waiting batch, pull when due. A failure is recorded in `sync_state` (offline since, last
 * error, or stopped) and logged; nothing is dropped.
 */
import { HUB_PROTOCOL_VERSION } from '../../../src-shared/hub-protocol';
import type { CoreContext } from '../context';
import { HubRefusal, HubUnreachable, type HubLink } from './port';
import { pullAll } from './pull';
import { HubTooNew, pushBatch } from './push';
import { reconcileWithHub } from './reconcile';
import { readSyncState } from './state';

export interface RoundPlan {
  reconcile: boolean;
  pull: boolean;
  /** Most batches to push in this run (the rest wait for the next). */
  maxBatches?: number;
}

export type RoundResult =
  | { outcome: 'idle' }
  | { outcome: 'synced'; pushed: number; pulled: number }
  | { outcome: 'offline'; error: string }
  | { outcome: 'refused'; error: string }
  | { outcome: 'stopped'; why: 'protocol' | 'hub_outdated' | 'revoked' };

export async function syncRound(
  ctx: CoreContext,
  link: HubLink,
  plan: RoundPlan,
): Promise<RoundResult> {
  const state = await ctx.dbh.exclusive(readSyncState);
  if (!state.joined || state.stopped) return { outcome: 'idle' };
  try {
    if (plan.reconcile) await reconcileWithHub(ctx, link);
    let pushed = 0;
    for (let i = 0; i < (plan.maxBatches ?? 20); i++) {
      let answer;
      try {
        answer = await pushBatch(ctx, link);
      } catch (e) {
        // A gap: the hub holds more (or less) than this till thought. Agree, then go on.
        if (e instanceof HubRefusal && e.code === 'sequence_gap') {
          ctx.log.warn({ details: e.details }, `hub refused a batch: ${e.message}; reconciling`);
          await reconcileWithHub(ctx, link);
          continue;
        }
        throw e;
      }
      if (!answer) break;
      pushed += answer.sent;
    }
    const pulled = plan.pull ? await pullAll(ctx, link) : 0;
    return { outcome: 'synced', pushed, pulled };
  } catch (e) {
    return recordFailure(ctx, e);
  }
}

async function recordFailure(ctx: CoreContext, e: unknown): Promise<RoundResult> {
  const at = ctx.clock().toISOString();
  const message = e instanceof Error ? e.message : String(e);
  const record = (sql: string, ...params: unknown[]) =>
    ctx.dbh.exclusive((sqlite) => sqlite.prepare(sql).run(...params));
  if (e instanceof HubUnreachable) {
    ctx.log.warn(`hub unreachable: ${message}`);
    await record(
      'UPDATE sync_state SET offline_since = coalesce(offline_since, ?), last_error = ? WHERE id = 1',
      at,
      `the hub does not answer: ${message}`,
    );
    return { outcome: 'offline', error: message };
  }
  const why = stopReason(e);
  if (why) {
    ctx.log.error(`syncing stopped: ${message}`);
    await record('UPDATE sync_state SET stopped = ?, last_error = ? WHERE id = 1', why, message);
    return { outcome: 'stopped', why };
  }
  const words = e instanceof HubRefusal ? `the hub refused: ${message}` : `sync failed: ${message}`;
  ctx.log.error(words);
  await record('UPDATE sync_state SET last_error = ? WHERE id = 1', words);
  return { outcome: 'refused', error: message };
}

/** The refusals that stop syncing until someone acts (docs/hub.md "The worker"). */
export function stopReason(e: unknown): 'protocol' | 'hub_outdated' | 'revoked' | null {
  if (e instanceof HubTooNew) return 'protocol';
  if (!(e instanceof HubRefusal)) return null;
  if (e.code === 'till_revoked' || e.code === 'unknown_till') return 'revoked';
  if (e.code !== 'protocol_unsupported') return null;
  // 426 says which side is behind: details.hubProtocol and details.tillProtocol.
  const hub = Number(e.details.hubProtocol);
  return Number.isFinite(hub) && hub > HUB_PROTOCOL_VERSION ? 'protocol' : 'hub_outdated';
}
