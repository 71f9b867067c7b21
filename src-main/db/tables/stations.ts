/** Tables of migration 0011: kitchen stations (the FTS5 search indexes are reached through raw SQL). */

export interface StationsTable {
  id: string;
  name: string;
  /** Canonical printer address (tcp://…, serial:…, file:…) or 'none'. */
  printer: string;
  active: number;
  createdAt: string;
  updatedAt: string;
}

export interface StationTables {
  stations: StationsTable;
}
