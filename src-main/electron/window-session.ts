/**
 * Who is signed in to the window, as the main process saw it in the calls passing through its IPC
 * (see ipc.ts SessionListener). The menu asks the core, not the renderer, whether that user holds
 * a permission: the token is verified and the user re-read, exactly as for an API call.
 */
import type { Permission } from '../../src-shared/permissions';
import type { App } from '../app';
import { authenticate, type Actor } from '../core/auth/actor';

export class WindowSession {
  private token: string | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly app: App) {}

  set(token: string | null): void {
    if (token === this.token) return;
    this.token = token;
    for (const l of this.listeners) l();
  }

  onChange(listener: () => void): void {
    this.listeners.add(listener);
  }

  /** The signed-in user, re-read now; null when nobody is, or the token no longer works. */
  async actor(): Promise<Actor | null> {
    if (!this.token) return null;
    try {
      return await this.app.gate.run(() =>
        authenticate(this.app.core, this.app.tokens, this.token!),
      );
    } catch {
      return null;
    }
  }

  async can(permission: Permission): Promise<boolean> {
    return (await this.actor())?.can(permission) ?? false;
  }
}
