/**
 * The slice of Electron's API the shell uses, typed here so the shell compiles and is unit-tested
 * on machines where Electron (and its types) could not be installed. `loadElectron` is the only
 * place the real module is imported.
 */
export interface IpcMainInvokeEvent {
  senderFrame: { url: string } | null;
}

export interface IpcMainLike {
  handle(
    channel: string,
    listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>,
  ): void;
  removeHandler(channel: string): void;
}

export interface WebContentsLike {
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' | 'allow' }): void;
  on(
    event: 'will-navigate',
    listener: (event: { preventDefault(): void }, url: string) => void,
  ): void;
}

export interface BrowserWindowLike {
  webContents: WebContentsLike;
  loadFile(path: string): Promise<void>;
  loadURL(url: string): Promise<void>;
  once(event: 'ready-to-show', listener: () => void): void;
  show(): void;
}

export interface BrowserWindowOptions {
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
  show: boolean;
  title: string;
  backgroundColor: string;
  webPreferences: {
    preload: string;
    contextIsolation: boolean;
    sandbox: boolean;
    nodeIntegration: boolean;
    webSecurity: boolean;
    additionalArguments: string[];
  };
}

export interface ElectronLike {
  app: {
    whenReady(): Promise<void>;
    getPath(name: 'userData'): string;
    on(event: 'window-all-closed' | 'before-quit', listener: () => void): void;
    quit(): void;
    requestSingleInstanceLock(): boolean;
  };
  BrowserWindow: new (options: BrowserWindowOptions) => BrowserWindowLike;
  ipcMain: IpcMainLike;
}

export async function loadElectron(): Promise<ElectronLike> {
  // A computed specifier keeps TypeScript from needing Electron's types on machines without it.
  const specifier = 'electron';
  const mod = (await import(specifier)) as { default?: ElectronLike } & ElectronLike;
  return mod.default ?? mod;
}
