/** Tables of migration 0004_payments_cash (filled in by its issue). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface PaymentTables {}
