import type { App } from '../app';
import type { Call } from './types';

/** The terminal's drawer, kicked after the commit; without one the core reports `simulated`. */
export function drawerKicker(call: Call<App>) {
  const drawer = call.app.drawer;
  return drawer ? () => drawer.kick() : undefined;
}
