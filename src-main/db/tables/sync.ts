/** Tables of migration 0017: where this till stands with its store hub, and its push outbox. */
import type { Generated } from 'kysely';

export interface SyncStateTable {
  id: Generated<number>;
  joined: Generated<number>;
  /** 1 only inside the transaction applying a pull page (the outbox triggers skip those rows). */
  applyingPull: Generated<number>;
  /** The hub's last committed outbox sequence of this till, as last heard. */
  ackedSeq: Generated<number>;
  /** The pull cursor: the hub catalog version this till has applied up to. */
  catalogVersion: Generated<number>;
  offlineSince: string | null;
  lastError: string | null;
  lastPushAt: string | null;
  lastPullAt: string | null;
  /** Why syncing stopped until someone acts: 'protocol' (update this till), 'hub_outdated' (update the hub) or 'revoked'. */
  stopped: 'protocol' | 'hub_outdated' | 'revoked' | null;
}

export interface SyncOutboxTable {
  seq: Generated<number>;
  entity: string;
  key: string;
  op: 'upsert' | 'delete';
}

export interface SyncTables {
  syncState: SyncStateTable;
  syncOutbox: SyncOutboxTable;
}
