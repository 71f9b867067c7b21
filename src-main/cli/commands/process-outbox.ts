import { processOutbox } from '../../core/notifications/outbox';
import { webPushSender } from '../../core/notifications/push-sender';
import { loadVapidKeys, vapidSubject } from '../../core/notifications/vapid';
import { parseCommand, withCore, type Command } from '../command';

export const processOutboxCommand: Command = {
  name: 'process-outbox',
  summary: 'Send pending push notifications (retries with backoff; safe beside a running server)',
  usage: 'process-outbox [--data-dir DIR]',
  async run(argv, io) {
    const { values } = parseCommand(argv, {});
    const r = await withCore(values['data-dir'], io, (ctx) =>
      processOutbox(ctx, {
        sender: webPushSender({
          vapid: { ...loadVapidKeys(ctx.dataDir), subject: vapidSubject(io.env) },
        }),
      }),
    );
    io.out(`delivered: ${r.delivered}, failed: ${r.failed}, pending: ${r.pending}`);
  },
};
