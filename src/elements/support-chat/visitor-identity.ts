import { createVisitor } from '../../client/support-api.js';
import { tokenLifetime } from '../../client/token.js';
import { ChatError } from '../../protocol/chat-error.js';

/** Where the browser keeps the anonymous visitor's resume secret, per Parley server. */
function storageKey(server: string): string {
  return `parley:visitor:${new URL(server).origin}`;
}

/**
 * The anonymous visitor: a resume secret kept in localStorage (only once the visitor has used the
 * widget, and, when the site asks for it, only after consent) that brings back the same visitor
 * and their conversations after a reload. Until it may be kept, it lives in memory for the page.
 */
export class VisitorIdentity {
  private resume: string | null;
  private token = '';
  /** When the token expires, on this page's monotonic clock: the device's own clock may be off. */
  private tokenEndsAt = 0;

  constructor(
    private readonly server: string,
    private mayPersist: boolean,
  ) {
    this.resume = VisitorIdentity.stored(server);
  }

  /** A returning visitor's secret, read without writing anything. */
  static stored(server: string): string | null {
    try {
      return localStorage.getItem(storageKey(server));
    } catch {
      return null; // storage blocked (privacy settings, sandboxed frames)
    }
  }

  get known(): boolean {
    return this.resume !== null;
  }

  /** A valid visitor token, asking the server for a new one when it is about to expire. */
  async currentToken(): Promise<string> {
    if (this.token && this.tokenEndsAt - performance.now() > 60_000) return this.token;
    const askedAt = performance.now();
    const answer = await createVisitor(this.server, this.resume ?? undefined).catch((error: unknown) => {
      // The server no longer knows this secret: carry on as a new visitor.
      if (error instanceof ChatError && error.name === 'SUPPORT_RESUME_REFUSED') return createVisitor(this.server);
      throw error;
    });
    this.token = answer.token;
    this.tokenEndsAt = askedAt + (tokenLifetime(answer.token) ?? 0);
    this.resume = answer.resume;
    this.save();
    return this.token;
  }

  /** The site got the visitor's consent: what was held in memory may now be kept. */
  allowPersistence(): void {
    this.mayPersist = true;
    this.save();
  }

  private save(): void {
    if (!this.mayPersist || !this.resume) return;
    try {
      localStorage.setItem(storageKey(this.server), this.resume);
    } catch {
      // Storage refused: the visitor stays known for this page only.
    }
  }
}
