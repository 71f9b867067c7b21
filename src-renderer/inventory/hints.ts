export const QUANTITY_HINT = 'Up to 3 decimals, e.g. 1.25';
