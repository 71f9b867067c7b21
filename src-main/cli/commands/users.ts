import { createUserInput } from '../../../src-shared/contract/auth';
import { PERMISSIONS, type Permission } from '../../../src-shared/permissions';
import { createUser, findUserByUsername, updateUser } from '../../core/auth/users';
import { UsageError } from '../args';
import { parseCommand, withCore, type Command } from '../command';
import { PosError } from '../../../src-shared/errors';
import type { CoreContext } from '../../core/context';

function permissionList(text: string | undefined, flag: string): Permission[] | undefined {
  if (text === undefined) return undefined;
  const items = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const p of items) {
    if (!(PERMISSIONS as readonly string[]).includes(p))
      throw new UsageError(`${flag}: unknown permission "${p}"`);
  }
  return items as Permission[];
}

function required(value: string | undefined, flag: string): string {
  if (value === undefined || value === '') throw new UsageError(`${flag} is required`);
  return value;
}

async function userId(ctx: CoreContext, username: string): Promise<string> {
  const row = await findUserByUsername(ctx, username.toLowerCase());
  if (!row) throw new PosError('not_found', `no user named "${username}"`);
  return row.id;
}

export const createUserCommand: Command = {
  name: 'create-user',
  summary: 'Create a user',
  usage:
    'create-user --username U --password P --role admin|manager|cashier|kitchen [--display-name N] [--pin 1234] [--grant p1,p2] [--revoke p3]',
  async run(argv, io) {
    const { values } = parseCommand(argv, {
      username: { type: 'string' },
      password: { type: 'string' },
      role: { type: 'string' },
      'display-name': { type: 'string' },
      pin: { type: 'string' },
      grant: { type: 'string' },
      revoke: { type: 'string' },
    });
    const input = createUserInput.safeParse({
      username: required(values.username, '--username'),
      password: required(values.password, '--password'),
      role: required(values.role, '--role'),
      displayName: values['display-name'],
      pin: values.pin,
      extraPermissions: permissionList(values.grant, '--grant'),
      revokedPermissions: permissionList(values.revoke, '--revoke'),
    });
    if (!input.success) {
      const i = input.error.issues[0];
      throw new UsageError(`--${String(i?.path[0] ?? 'input')}: ${i?.message ?? 'invalid'}`);
    }
    const user = await withCore(values['data-dir'], io, (ctx) => createUser(ctx, input.data));
    io.out(`created ${user.role} ${user.username} (${user.id})`);
  },
};

export const setPasswordCommand: Command = {
  name: 'set-password',
  summary: "Set a user's password (and optionally PIN); ends their sessions",
  usage: 'set-password --username U --password P [--pin 1234]',
  async run(argv, io) {
    const { values } = parseCommand(argv, {
      username: { type: 'string' },
      password: { type: 'string' },
      pin: { type: 'string' },
    });
    const username = required(values.username, '--username');
    const password = required(values.password, '--password');
    if (password.length < 8)
      throw new UsageError('--password: password needs at least 8 characters');
    if (values.pin !== undefined && !/^\d{4,8}$/.test(values.pin))
      throw new UsageError('--pin: PIN is 4 to 8 digits');
    await withCore(values['data-dir'], io, async (ctx) => {
      const id = await userId(ctx, username);
      await updateUser(ctx, { id, password, ...(values.pin ? { pin: values.pin } : {}) });
    });
    io.out(`password set for ${username}`);
  },
};

export const deactivateUserCommand: Command = {
  name: 'deactivate-user',
  summary: 'Deactivate a user at once (their sessions stop working)',
  usage: 'deactivate-user --username U',
  async run(argv, io) {
    const { values } = parseCommand(argv, { username: { type: 'string' } });
    const username = required(values.username, '--username');
    await withCore(values['data-dir'], io, async (ctx) => {
      await updateUser(ctx, { id: await userId(ctx, username), status: 'deactivated' });
    });
    io.out(`deactivated ${username}`);
  },
};
