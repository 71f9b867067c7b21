/**
 * Settings of this one terminal (not of the business): its receipt printer, its cash drawer and,
 * in the desktop app, the LAN server that kitchen displays and other terminals reach. Stored in a
 * file of the terminal (electron-store in the desktop app, `conf` in the data dir under plain
 * Node), never in the database; an environment variable wins over the stored value (API §13).
 */
import { z } from 'zod';
import { op } from './define';

export const DEFAULT_LAN_PORT = 8787;
/** All interfaces: a LAN server that is on should be reachable from the kitchen. */
export const DEFAULT_LAN_HOST = '0.0.0.0';

const hostSchema = z
  .string()
  .trim()
  .min(1)
  .max(253)
  .regex(/^[A-Za-z0-9.:-]+$/, 'an IP address such as 0.0.0.0 or 192.168.1.20, or a host name');

export const lanSettingsSchema = z.strictObject({
  /** "Serve kitchen displays and other terminals on this network". */
  enabled: z.boolean(),
  host: hostSchema,
  port: z.number().int().min(1, 'a port from 1 to 65535').max(65535, 'a port from 1 to 65535'),
});

/**
 * `printer` and `drawer` use the grammar of `POS_PRINTER` / `POS_DRAWER` (API §1), so the
 * drawer's pulse (pin, t1, t2) travels in the same string: `serial:/dev/ttyS0?pin=1&t1=25`.
 */
export const terminalSettingsSchema = z.strictObject({
  printer: z.string().trim().max(300),
  drawer: z.string().trim().max(300),
  lan: lanSettingsSchema,
});

export type LanSettings = z.infer<typeof lanSettingsSchema>;
export type TerminalSettings = z.infer<typeof terminalSettingsSchema>;

export const DEFAULT_TERMINAL_SETTINGS: TerminalSettings = {
  printer: 'none',
  drawer: 'none',
  lan: { enabled: false, host: DEFAULT_LAN_HOST, port: DEFAULT_LAN_PORT },
};

/** The environment variable that fixes each setting when it is set. */
export const TERMINAL_ENV = {
  printer: 'POS_PRINTER',
  drawer: 'POS_DRAWER',
  lanEnabled: 'POS_LAN',
  lanHost: 'POS_HOST',
  lanPort: 'POS_PORT',
} as const;
export type TerminalSettingKey = keyof typeof TERMINAL_ENV;

/** The LAN server as it runs now (desktop app only). */
export interface LanServerStatus {
  state: 'off' | 'starting' | 'listening' | 'failed';
  /** Addresses a kitchen display on this network can open (one per interface). */
  urls: string[];
  /** Why it is not listening, in words (a port in use, a host that is not this machine's). */
  problem: string | null;
}

export interface TerminalSettingsView {
  /** What is in use: the environment's value where one is set, else the stored one. */
  settings: TerminalSettings;
  /** What the file holds (shown when the environment overrides it). */
  stored: TerminalSettings;
  /** The settings fixed by an environment variable (a screen shows them read-only). */
  fromEnv: Record<TerminalSettingKey, boolean>;
  /** Why a value in use was refused (it then runs as `none`); the environment's, at start-up. */
  problems: { printer: string | null; drawer: string | null };
  /** null where this app has no embedded LAN server (the headless server is one itself). */
  lanServer: LanServerStatus | null;
}

export const getTerminalSettings = op<z.ZodObject<Record<string, never>>, TerminalSettingsView>({
  name: 'getTerminalSettings',
  method: 'GET',
  path: '/terminal/settings',
  access: 'settings.manage',
  summary: "This terminal's printer, drawer and LAN server settings",
  input: z.object({}),
});

export const updateTerminalSettingsInput = z.strictObject({
  printer: terminalSettingsSchema.shape.printer.optional(),
  drawer: terminalSettingsSchema.shape.drawer.optional(),
  lan: lanSettingsSchema.partial().optional(),
});

export const updateTerminalSettings = op<typeof updateTerminalSettingsInput, TerminalSettingsView>({
  name: 'updateTerminalSettings',
  method: 'PATCH',
  path: '/terminal/settings',
  access: 'settings.manage',
  summary: "Change this terminal's settings (applied at once, no restart)",
  input: updateTerminalSettingsInput,
});

/** Where a kitchen display should point: any signed-in user may see it (a QR code to scan). */
export interface LanAddress {
  lanServer: LanServerStatus | null;
  /** The first URL as a QR code, an SVG document; null when there is no URL. */
  qrSvg: string | null;
}

export const getLanAddress = op<z.ZodObject<Record<string, never>>, LanAddress>({
  name: 'getLanAddress',
  method: 'GET',
  path: '/terminal/lan-address',
  access: 'signed_in',
  summary: 'The address kitchen displays open, with its QR code',
  input: z.object({}),
});

export const terminalOps = { getTerminalSettings, updateTerminalSettings, getLanAddress };
