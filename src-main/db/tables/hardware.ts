/** Tables of migration 0007_print_jobs (filled in by its issue). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface HardwareTables {}
