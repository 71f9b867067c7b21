/**
 * Kitchen stations (API §12, durable print jobs): each has a printer; menu categories are routed
 * to a station (PATCH /api/menu/categories/:id {stationId}), and an order entering `in_queue`
 * queues one kitchen ticket per station that has lines in it.
 */
import { z } from 'zod';
import { op } from './define';

export interface Station {
  id: string;
  name: string;
  /** Canonical printer address: tcp://HOST:PORT, serial:PATH?baud=N, file:PATH, or none. */
  printer: string;
  /** An inactive station gets no tickets (its categories' lines are then not printed). */
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

const id = z.string().min(1).max(64);
const name = z.string().trim().min(1).max(40);
/** Checked like POS_PRINTER (src-main/hardware/config.ts) by the core: a bad address is a 422. */
const printer = z.string().trim().min(1).max(200);

export const listStations = op<z.ZodObject<Record<string, never>>, { stations: Station[] }>({
  name: 'listStations',
  method: 'GET',
  path: '/stations',
  access: 'signed_in',
  summary: 'Kitchen stations and their printers, by name',
  input: z.strictObject({}),
});

export const createStationInput = z.strictObject({
  name,
  printer,
  active: z.boolean().optional(),
});

export const createStation = op<typeof createStationInput, Station>({
  name: 'createStation',
  method: 'POST',
  path: '/stations',
  access: 'settings.manage',
  status: 201,
  idempotent: true,
  summary: 'Create a kitchen station with its printer',
  input: createStationInput,
});

export const updateStationInput = z.strictObject({
  id,
  name: name.optional(),
  printer: printer.optional(),
  active: z.boolean().optional(),
});

export const updateStation = op<typeof updateStationInput, Station>({
  name: 'updateStation',
  method: 'PATCH',
  path: '/stations/:id',
  access: 'settings.manage',
  summary: 'Rename a station, change its printer or (de)activate it',
  input: updateStationInput,
});

export const stationOps = { listStations, createStation, updateStation };
