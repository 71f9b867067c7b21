/**
 * The till's port to its store hub (src-shared/hub-protocol.ts is the wire). The core calls the
 * hub only through this, so it holds no fetch; src-main/hub-client/ adapts it to HTTP and tests
 * plug the same adapter into a fake hub on 127.0.0.1.
 */
import type {
  PairRequest,
  PairResponse,
  PullResponse,
  PushRequest,
  PushResponse,
  SeedRequest,
  SyncStateResponse,
} from '../../../src-shared/hub-protocol';

/** What a joined till keeps with its terminal settings (never in the database: a restore keeps it). */
export interface HubLink {
  url: string;
  token: string;
  hubId: string;
  storeId: string;
  storeName: string;
  tillId: string;
  tillName: string;
}

export interface HubPort {
  pair(url: string, body: PairRequest): Promise<PairResponse>;
  state(link: HubLink): Promise<SyncStateResponse>;
  push(link: HubLink, body: PushRequest): Promise<PushResponse>;
  pull(link: HubLink, after: number, limit: number): Promise<PullResponse>;
  seed(link: HubLink, body: SeedRequest): Promise<void>;
}

/** Where the link is kept (src-main/terminal/hub-link-store.ts: a 0600 file beside terminal.json). */
export interface HubLinkStore {
  read(): HubLink | null;
  write(link: HubLink | null): void;
}

/** The hub as the core reaches it: the port and the stored link. */
export interface HubConnection {
  port: HubPort;
  links: HubLinkStore;
}

/** The hub answered with an error (`{ error: { code, message, details } }`). */
export class HubRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'HubRefusal';
  }
}

/** No answer: refused connection, timeout, DNS, a reset mid-answer. The change stays queued. */
export class HubUnreachable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HubUnreachable';
  }
}
