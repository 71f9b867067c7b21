/**
 * First run: a new install has no users, and its first account (the owner, an admin) is created
 * on this screen instead of demo users being seeded. Over the LAN only with the one-time setup
 * link the headless server prints on its console; the desktop app creates it over IPC.
 */
import { z } from 'zod';
import type { LoginResult } from './auth';
import { password, pin, username } from './auth';
import { op } from './define';

export const setupStatus = op<z.ZodObject<Record<string, never>>, { needsOwner: boolean }>({
  name: 'setupStatus',
  method: 'GET',
  path: '/setup/status',
  access: 'public',
  summary: 'Whether this install still needs its owner account',
  input: z.object({}),
});

export const ownerAccountSchema = z.strictObject({
  displayName: z.string().trim().min(1, 'the name is needed').max(80),
  username,
  password,
  pin,
});

export type OwnerAccount = z.infer<typeof ownerAccountSchema>;

export const createOwnerInput = ownerAccountSchema.extend({
  /** From the setup link the server printed at its first start (single use, expires). */
  setupToken: z.string().min(1).max(200),
});

export const createOwner = op<typeof createOwnerInput, LoginResult>({
  name: 'createOwner',
  method: 'POST',
  path: '/setup/owner',
  access: 'public',
  status: 201,
  summary: 'Create the owner account of a new install (setup link only)',
  input: createOwnerInput,
});

export const setupOps = { setupStatus, createOwner };
