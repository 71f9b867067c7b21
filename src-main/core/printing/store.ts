import type { BusinessSettings } from '../../../src-shared/contract/settings';
import type { StoreSettings } from '../../documents/receipt-model';
import type { CoreContext } from '../context';
import { getSettings } from '../settings';

/** The business settings a receipt shows (API §1: shared by every terminal, in the database). */
export function storeFromSettings(s: BusinessSettings): StoreSettings {
  return {
    storeName: s.storeName,
    addressLines: s.addressLines,
    currency: s.currency,
    locale: s.locale,
    timeZone: s.timeZone,
    taxNumber: s.taxNumber,
    header: s.receiptHeader,
    footer: s.receiptFooter,
  };
}

export function receiptStore(ctx: CoreContext): StoreSettings {
  return storeFromSettings(getSettings(ctx));
}
