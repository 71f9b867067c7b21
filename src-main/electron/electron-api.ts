/**
 * The slice of Electron's API the shell uses, typed here so the shell compiles and is unit-tested
 * on machines where Electron (and its types) could not be installed. `loadElectron` is the only
 * place the real module is imported.
 */
export interface WebContentsSenderLike {
  readonly id: number;
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
  once(event: 'destroyed', listener: () => void): void;
}

export interface IpcMainInvokeEvent {
  senderFrame: { url: string } | null;
  sender: WebContentsSenderLike;
}

export interface IpcMainLike {
  handle(
    channel: string,
    listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>,
  ): void;
  removeHandler(channel: string): void;
}

export interface PermissionSessionLike {
  setPermissionRequestHandler(
    handler: (
      webContents: unknown,
      permission: string,
      callback: (granted: boolean) => void,
    ) => void,
  ): void;
  setPermissionCheckHandler(handler: (...args: unknown[]) => boolean): void;
}

export interface WebContentsLike extends WebContentsSenderLike {
  session: PermissionSessionLike;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' | 'allow' }): void;
  on(
    event: 'will-navigate' | 'will-redirect',
    listener: (event: { preventDefault(): void }, url: string) => void,
  ): void;
}

export interface BrowserWindowLike {
  webContents: WebContentsLike;
  loadURL(url: string): Promise<void>;
  once(event: 'ready-to-show', listener: () => void): void;
  on(event: 'closed', listener: () => void): void;
  show(): void;
  isDestroyed(): boolean;
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

export interface MenuItemOptions {
  id?: string;
  label?: string;
  role?: string;
  type?: 'separator' | 'normal';
  accelerator?: string;
  enabled?: boolean;
  click?: () => void;
  submenu?: MenuItemOptions[];
}

export interface MenuLike {
  getMenuItemById(id: string): { enabled: boolean } | null;
}

export interface MessageBoxOptions {
  type: 'none' | 'info' | 'error' | 'question' | 'warning';
  title: string;
  message: string;
  detail?: string;
  buttons: string[];
  defaultId?: number;
  cancelId?: number;
}

export interface ElectronLike {
  app: {
    whenReady(): Promise<void>;
    getPath(name: 'userData'): string;
    getVersion(): string;
    readonly isPackaged: boolean;
    on(event: 'window-all-closed' | 'before-quit', listener: (event: QuitEvent) => void): void;
    quit(): void;
    requestSingleInstanceLock(): boolean;
  };
  BrowserWindow: new (options: BrowserWindowOptions) => BrowserWindowLike;
  ipcMain: IpcMainLike;
  Menu: {
    buildFromTemplate(template: MenuItemOptions[]): MenuLike;
    setApplicationMenu(menu: MenuLike | null): void;
  };
  dialog: {
    showOpenDialog(
      win: BrowserWindowLike,
      options: {
        title: string;
        properties: string[];
        filters?: { name: string; extensions: string[] }[];
      },
    ): Promise<{ canceled: boolean; filePaths: string[] }>;
    showMessageBox(
      win: BrowserWindowLike,
      options: MessageBoxOptions,
    ): Promise<{ response: number }>;
    /** Usable before any window exists (a start that cannot go ahead). */
    showErrorBox(title: string, content: string): void;
  };
  shell: { openPath(path: string): Promise<string> };
  protocol: {
    registerSchemesAsPrivileged(
      schemes: { scheme: string; privileges: Record<string, boolean> }[],
    ): void;
    handle(scheme: string, handler: (request: Request) => Promise<Response> | Response): void;
  };
  session: { defaultSession: PermissionSessionLike };
}

export interface QuitEvent {
  preventDefault(): void;
}

export async function loadElectron(): Promise<ElectronLike> {
  // A computed specifier keeps TypeScript from needing Electron's types on machines without it.
  const specifier = 'electron';
  const mod = (await import(specifier)) as { default?: ElectronLike } & ElectronLike;
  return mod.default ?? mod;
}
