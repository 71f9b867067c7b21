import { DEMO_USERS, seedDemo } from '../../core/demo';
import { parseCommand, withCore, type Command } from '../command';

export const seedDemoCommand: Command = {
  name: 'seed-demo',
  summary: 'Add demo users (and, as features land, a demo menu and stock); safe to run twice',
  usage: 'seed-demo [--data-dir DIR]',
  async run(argv, io) {
    const { values } = parseCommand(argv, {});
    const result = await withCore(values['data-dir'], io, seedDemo);
    io.out(`demo users (username / password / PIN):`);
    for (const u of DEMO_USERS)
      io.out(`  ${u.role.padEnd(8)} ${u.username} / ${u.password} / ${u.pin}`);
    io.out(`menu items created: ${result.menuItemsCreated}`);
    io.out(`stock items created: ${result.stockItemsCreated}`);
    io.out(`users created: ${result.usersCreated}`);
  },
};
