import { z } from 'zod';
import { op } from './define';

export interface Ping {
  ok: true;
  version: string;
  time: string;
  uptimeSeconds: number;
  db: 'ok';
}

export const ping = op<z.ZodObject<Record<string, never>>, Ping>({
  name: 'ping',
  method: 'GET',
  path: '/diagnostics/ping',
  access: 'public',
  summary: 'Liveness and database check',
  input: z.object({}),
});

export const diagnosticsOps = { ping };
