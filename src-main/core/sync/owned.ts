/**
 * On a joined till the hub owns the menu, modifiers, stations and staff (docs/hub.md): an edit
 * made here would be overwritten by the next pull and never reach the other tills, so the core
 * refuses it with 409 `conflict` naming the hub. An unjoined till edits as before.
 */
import { PosError } from '../../../src-shared/errors';
import type { CoreContext } from '../context';

/** `subject` with its verb, as the message says it: "the menu is", "the stock items are". */
export async function refuseHubOwned(ctx: CoreContext, subject: string): Promise<void> {
  const state = await ctx.dbh.db
    .selectFrom('syncState')
    .select('joined')
    .where('id', '=', 1)
    .executeTakeFirst();
  if (!state?.joined) return;
  const url = ctx.hub?.links.read()?.url;
  throw new PosError(
    'conflict',
    `${subject} edited on the hub${url ? ` (${url})` : ''} while this till is joined to it`,
    { editedOn: 'hub', ...(url ? { hub: url } : {}) },
  );
}
