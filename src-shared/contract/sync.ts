/**
 * The till's side of the store hub (issue 16, docs/hub.md): where syncing stands, joining a hub
 * with a one-time pairing code, and leaving it. The hub's own API is src-shared/hub-protocol.ts.
 */
import { z } from 'zod';
import { op } from './define';

export interface SyncStatus {
  /** `off`: not joined; `offline`: joined but the last attempt got no answer, or syncing stopped. */
  hub: 'connected' | 'offline' | 'off';
  /** Changes in the outbox, not yet committed on the hub. */
  pending: number;
  lastPushAt: string | null;
  lastPullAt: string | null;
  /** Since when the hub has not answered (null while it answers). */
  offlineSince: string | null;
  /** The last refusal or failure, in words ("update this till" when the hub is newer). */
  lastError: string | null;
  /**
   * Why syncing stopped until someone acts: the hub is newer (`protocol`: update this till), older
   * (`hub_outdated`: update the hub), or revoked the till.
   */
  stopped: 'protocol' | 'hub_outdated' | 'revoked' | null;
  url?: string;
  store?: { id: string; name: string };
  till?: { id: string; name: string };
}

export const getSyncStatus = op<z.ZodObject<Record<string, never>>, SyncStatus>({
  name: 'getSyncStatus',
  method: 'GET',
  path: '/sync/status',
  access: 'signed_in',
  summary: 'Where syncing with the store hub stands: connected, offline since, changes waiting',
  input: z.strictObject({}),
});

export const joinHubInput = z.strictObject({
  url: z
    .string()
    .trim()
    .min(1)
    .max(300)
    .refine((u) => /^https?:\/\/[^\s/]+/i.test(u), 'an address like http://hub.example:8080'),
  code: z.string().trim().min(4).max(64),
  tillName: z.string().trim().min(1).max(80).optional(),
});

export const joinHub = op<typeof joinHubInput, SyncStatus>({
  name: 'joinHub',
  method: 'POST',
  path: '/sync/join',
  access: 'settings.manage',
  summary: "Join a store hub with its address and a till's one-time pairing code",
  input: joinHubInput,
});

export const leaveHubInput = z.strictObject({
  /** Leave even with changes the hub has not taken (they stay on this till only). */
  force: z.boolean().optional(),
});

export const leaveHub = op<typeof leaveHubInput, SyncStatus>({
  name: 'leaveHub',
  method: 'POST',
  path: '/sync/leave',
  access: 'settings.manage',
  summary: 'Stop syncing with the store hub and edit the menu and staff here again',
  input: leaveHubInput,
});

export const syncOps = { getSyncStatus, joinHub, leaveHub };
