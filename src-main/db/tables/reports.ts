/** Tables of migration 0006_attendance (filled in by its issue). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ReportTables {}
