/** Money on screen: the shared module (src-shared/money.ts) plus what input fields need. */
import { toDecimalText } from '../../src-shared/money';

export { moneyFormat, type MoneyFormat } from '../../src-shared/money';

/** The amount as the cashier types it ("12.34"), for prefilled fields; `unit` is 10^digits. */
export function toInputText(minor: number, unit: number): string {
  return toDecimalText(minor, String(unit).length - 1);
}
