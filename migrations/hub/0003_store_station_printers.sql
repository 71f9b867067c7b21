-- A store's own printer for a kitchen station (each store has its own kitchen printers), merged
-- into the station's row when that store's tills pull it. No row: the office's address.
CREATE TABLE store_station_printers (
  store_id TEXT NOT NULL REFERENCES stores (id),
  station_id TEXT NOT NULL,
  printer TEXT NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (store_id, station_id)
);
