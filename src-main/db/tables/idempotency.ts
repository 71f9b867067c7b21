/** Table of migration 0002. */
export interface IdempotencyKeysTable {
  userId: string;
  key: string;
  operation: string;
  requestHash: string;
  state: 'in_flight' | 'done';
  responseStatus: number | null;
  responseBody: string | null;
  createdAt: string;
  completedAt: string | null;
}

export interface IdempotencyTables {
  idempotencyKeys: IdempotencyKeysTable;
}
