import type { inventoryOps } from '../../src-shared/contract/inventory';
import { adjustStock } from '../core/inventory/adjust';
import { consumeStock } from '../core/inventory/consume';
import { countStock } from '../core/inventory/count';
import { createInventoryItem, listInventoryItems, listLowStock } from '../core/inventory/items';
import { listInventoryLedger } from '../core/inventory/ledger';
import { receiveStock } from '../core/inventory/receipts';
import { updateInventoryItem } from '../core/inventory/update';
import { signedIn } from './signed-in';
import type { Call, Handlers } from './types';

function actorId(call: Call): string {
  return signedIn(call).user.id;
}

export const inventoryHandlers = {
  listInventoryItems: (call) => listInventoryItems(call.app.core),
  createInventoryItem: (call, input) => createInventoryItem(call.app.core, input, actorId(call)),
  updateInventoryItem: (call, input) => updateInventoryItem(call.app.core, input, actorId(call)),
  countStock: (call, input) => countStock(call.app.core, input, actorId(call)),
  receiveStock: (call, input) => receiveStock(call.app.core, input, actorId(call)),
  adjustStock: (call, input) => adjustStock(call.app.core, input, actorId(call)),
  consumeStock: (call, input) => consumeStock(call.app.core, input, actorId(call)),
  listInventoryLedger: (call, input) => listInventoryLedger(call.app.core, input),
  listLowStock: (call) => listLowStock(call.app.core),
} satisfies Pick<Handlers, keyof typeof inventoryOps>;
