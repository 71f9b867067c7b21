import { MigrationError } from '../db/migrator';
import { isPosError } from '../../src-shared/errors';
import { SecretError } from '../core/auth/secret';
import { UsageError } from './args';
import type { CliIo, Command } from './command';
import { migrateCommand } from './commands/migrate';
import { seedDemoCommand } from './commands/seed-demo';
import { backupDbCommand } from './commands/backup-db';
import { restoreDbCommand } from './commands/restore-db';
import { inventoryScanCommand } from './commands/inventory-scan';
import { processOutboxCommand } from './commands/process-outbox';
import { joinHubCommand } from './commands/join-hub';
import { createUserCommand, deactivateUserCommand, setPasswordCommand } from './commands/users';

export const COMMANDS: Command[] = [
  migrateCommand,
  createUserCommand,
  setPasswordCommand,
  deactivateUserCommand,
  seedDemoCommand,
  backupDbCommand,
  restoreDbCommand,
  inventoryScanCommand,
  processOutboxCommand,
  joinHubCommand,
];

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'Usage: npm run manage -- <command> [options]   (every command takes --data-dir DIR and --help)',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
  ].join('\n');
}

/** Runs one management command; returns the process exit code. Errors are one line on stderr. */
export async function runManage(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(help());
    return name ? 0 : 2;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`manage: unknown command "${name}" (try --help)`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(`Usage: npm run manage -- ${command.usage}\n\n${command.summary}.`);
    return 0;
  }
  try {
    await command.run(rest, io);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`manage ${name}: ${e.message}`);
      return 2;
    }
    if (isPosError(e) || e instanceof MigrationError || e instanceof SecretError) {
      io.err(`manage ${name}: ${e.message}`);
      return 1;
    }
    io.err(`manage ${name}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
    return 1;
  }
}
