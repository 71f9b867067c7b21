import type { Selectable } from 'kysely';
import type { CashSessionsTable } from '../../db/schema';

/** A cash session as read (the Z report is built from the closed one). */
export type CashSessionRow = Selectable<CashSessionsTable>;
