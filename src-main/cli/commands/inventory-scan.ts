import { inventoryScan } from '../../core/inventory/scan';
import { parseCommand, withCore, type Command } from '../command';

export const inventoryScanCommand: Command = {
  name: 'inventory-scan',
  summary: 'Raise the low-stock alerts that are missing',
  usage: 'inventory-scan [--data-dir DIR]',
  async run(argv, io) {
    const { values } = parseCommand(argv, {});
    const r = await withCore(values['data-dir'], io, inventoryScan);
    io.out(`alerts created: ${r.alertsCreated}`);
  },
};
