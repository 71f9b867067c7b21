import type { stationOps } from '../../src-shared/contract/stations';
import { createStation, listStations, updateStation } from '../core/stations/stations';
import { installKitchenTicketHook } from '../core/stations/tickets';
import type { Handlers } from './types';

// An order entering `in_queue` queues its kitchen tickets in the same transaction.
installKitchenTicketHook();

export const stationHandlers = {
  listStations: (call) => listStations(call.app.core),
  createStation: (call, input) => createStation(call.app.core, input),
  updateStation: (call, input) => updateStation(call.app.core, input),
} satisfies Pick<Handlers, keyof typeof stationOps>;
