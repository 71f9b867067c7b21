import type { terminalOps } from '../../src-shared/contract/terminal';
import type { App } from '../app';
import type { Handlers } from './types';

function view(app: App) {
  const { setup } = app.hardware;
  return app.terminal.view({
    printer: setup.printerStatus.problem,
    drawer: setup.drawerStatus.problem,
  });
}

export const terminalHandlers = {
  getTerminalSettings: async (call) => view(call.app),
  updateTerminalSettings: async (call, input) => {
    await call.app.terminal.update(input);
    return view(call.app);
  },
  getLanAddress: async (call) => {
    const lanServer = call.app.terminal.lanServer();
    const url = lanServer?.state === 'listening' ? lanServer.urls[0] : undefined;
    // Loaded on first use: no start needs a QR code (issue 13).
    const qrSvg = url
      ? await (await import('qrcode')).default.toString(url, { type: 'svg', margin: 2 })
      : null;
    return { lanServer, qrSvg };
  },
} satisfies Pick<Handlers, keyof typeof terminalOps>;
