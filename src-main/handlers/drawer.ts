import type { Call } from './types';

/** The terminal's drawer, kicked after the commit; without one the core reports `simulated`. */
export function drawerKicker(call: Call) {
  const drawer = call.app.drawer;
  return drawer ? () => drawer.kick() : undefined;
}
