import { joinHubInput } from '../../../src-shared/contract/sync';
import { joinHub } from '../../core/sync/join';
import { httpHubPort } from '../../hub-client/http';
import { openHubLinkStore } from '../../terminal/hub-link-store';
import { resolveDataDir } from '../../app';
import { UsageError } from '../args';
import { parseCommand, withCore, type Command } from '../command';

export const joinHubCommand: Command = {
  name: 'join-hub',
  summary: "Join a store hub with its address and a till's one-time pairing code",
  usage: 'join-hub --url URL --code CODE [--till-name NAME] [--data-dir DIR]',
  async run(argv, io) {
    const { values } = parseCommand(argv, {
      url: { type: 'string' },
      code: { type: 'string' },
      'till-name': { type: 'string' },
    });
    const input = joinHubInput.safeParse({
      url: values.url,
      code: values.code,
      ...(values['till-name'] ? { tillName: values['till-name'] } : {}),
    });
    if (!input.success)
      throw new UsageError(
        input.error.issues.map((i) => `--${i.path.join('.') || 'url'}: ${i.message}`).join('; '),
      );
    const dataDir = resolveDataDir(values['data-dir'], io.env);
    const status = await withCore(dataDir, io, (ctx) => {
      ctx.hub = { port: httpHubPort(), links: openHubLinkStore(dataDir) };
      return joinHub(ctx, input.data, null);
    });
    io.out(
      `joined ${status.url} as ${status.till?.name ?? '?'} of ${status.store?.name ?? '?'}` +
        (status.lastError ? ` (first sync: ${status.lastError})` : ''),
    );
  },
};
