import type { stationOps } from '../../src-shared/contract/stations';
import { createStation, listStations, updateStation } from '../core/stations/stations';
import type { Handlers } from './types';

export const stationHandlers = {
  listStations: (call) => listStations(call.app.core),
  createStation: (call, input) => createStation(call.app.core, input),
  updateStation: (call, input) => updateStation(call.app.core, input),
} satisfies Pick<Handlers, keyof typeof stationOps>;
