import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import webpush from 'web-push';
import { ChatError } from '../../../protocol/chat-error.js';
import type { ConversationKind, MessageRecord, PushPayload } from '../../../protocol/model.js';
import type { Clock } from '../../config.js';
import type { Database } from '../../store/schema.js';
import { DEFAULT_PUSH_HOSTS, type PushOptions, type PushRequest } from './push-options.js';
import type { UserProfiles } from '../user-profiles.js';
import type { VapidKeys } from './vapid-keys.js';

export interface PushSubscriptionInput {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

/** A message just committed, and what the push for it needs. */
export interface PushCandidate {
  message: MessageRecord;
  members: string[];
  kind: ConversationKind;
  pushData?: Record<string, unknown>;
}

export interface PushServiceDeps {
  db: Kysely<Database>;
  clock: Clock;
  keys: VapidKeys;
  options: PushOptions;
  logger: Logger;
  /** Which of these users have an open connection right now, on any node. */
  onlineAmong: (users: string[]) => Promise<Set<string>>;
  /** The sender's name, for the notification's default title. */
  profiles: Pick<UserProfiles, 'find'>;
}

/** Hours a push service keeps trying to reach an offline device. */
const PUSH_TTL_SECONDS = 24 * 3600;
const DEFAULT_BODY = 'New message';

/**
 * Web Push for members with no open connection: subscriptions per device, and one encrypted
 * notification per device for each message (its `pushData`, or a default text that never
 * includes the message itself). Chat rooms, transient messages and muted members get none.
 */
export class PushService {
  private readonly hosts: string[];

  constructor(private readonly deps: PushServiceDeps) {
    this.hosts = deps.options.endpointHosts ?? DEFAULT_PUSH_HOSTS;
  }

  get publicKey(): string {
    return this.deps.keys.publicKey;
  }

  /** Registers (or moves to this user) a browser's subscription. */
  async subscribe(user: string, subscription: PushSubscriptionInput): Promise<void> {
    this.checkEndpoint(subscription.endpoint);
    const row = {
      endpoint: subscription.endpoint,
      user_id: user,
      p256dh: subscription.keys.p256dh,
      auth: subscription.keys.auth,
      created_at: this.deps.clock.now(),
    };
    await this.deps.db
      .insertInto('push_subscriptions')
      .values(row)
      .onConflict((oc) => oc.column('endpoint').doUpdateSet({ user_id: user, p256dh: row.p256dh, auth: row.auth, created_at: row.created_at }))
      .execute();
  }

  async unsubscribe(user: string, endpoint: string): Promise<void> {
    await this.deps.db.deleteFrom('push_subscriptions').where('endpoint', '=', endpoint).where('user_id', '=', user).execute();
  }

  /** Pushes `candidate` to every offline, non-muted member's devices. Never throws. */
  async notifyOffline(candidate: PushCandidate): Promise<void> {
    const { message, kind } = candidate;
    if (kind === 'transient' || message.transient) return;
    try {
      const others = candidate.members.filter((m) => m !== message.from);
      const online = others.length > 0 ? await this.deps.onlineAmong(others) : new Set<string>();
      const offline = others.filter((m) => !online.has(m));
      if (offline.length === 0) return;
      const mutedRows = await this.deps.db
        .selectFrom('members')
        .select('user_id')
        .where('conversation_id', '=', message.cid)
        .where('user_id', 'in', offline)
        .where('muted', '=', 1)
        .execute();
      const muted = new Set(mutedRows.map((m) => m.user_id));
      const recipients = offline.filter((m) => !muted.has(m));
      if (recipients.length === 0) return;
      const subscriptions = await this.deps.db.selectFrom('push_subscriptions').selectAll().where('user_id', 'in', recipients).execute();
      if (subscriptions.length === 0) return;
      const [sender] = await this.deps.profiles.find([message.from]);
      const payload = JSON.stringify(pushPayload(candidate, sender?.name ?? message.from));
      await Promise.all(subscriptions.map((s) => this.deliver({ endpoint: s.endpoint, keys: { p256dh: s.p256dh, auth: s.auth } }, payload)));
    } catch (error) {
      this.deps.logger.error({ err: error, cid: message.cid }, 'push failed');
    }
  }

  private async deliver(subscription: PushSubscriptionInput, payload: string): Promise<void> {
    const details = webpush.generateRequestDetails(subscription, payload, {
      vapidDetails: { subject: this.deps.options.subject ?? 'mailto:postmaster@localhost', ...this.deps.keys },
      TTL: PUSH_TTL_SECONDS,
    });
    const request: PushRequest = { endpoint: details.endpoint, headers: stringHeaders(details.headers), body: details.body };
    let status: number;
    try {
      status = await (this.deps.options.deliver ?? postPush)(request);
    } catch (error) {
      this.deps.logger.warn({ err: error }, 'push service unreachable');
      return;
    }
    // Gone or unknown: the browser dropped this subscription.
    if (status === 404 || status === 410) {
      await this.deps.db.deleteFrom('push_subscriptions').where('endpoint', '=', subscription.endpoint).execute();
    } else if (status >= 400) {
      this.deps.logger.warn({ status }, 'push refused');
    }
  }

  /** Only the configured push services: a subscription must not make the server POST elsewhere. */
  private checkEndpoint(endpoint: string): void {
    const url = new URL(endpoint);
    const secure = url.protocol === 'https:' || (url.protocol === 'http:' && this.deps.options.allowInsecureEndpoints === true);
    const host = url.hostname;
    const allowed = this.hosts.some((pattern) => (pattern.startsWith('*.') ? host.endsWith(pattern.slice(1)) : host === pattern));
    if (!secure || !allowed) throw new ChatError('INVALID_PAYLOAD', 'endpoint: not a known push service', { field: 'endpoint' });
  }
}

/** The notification: the sender's pushData (its title/body when strings), or their name and a safe default text. */
export function pushPayload({ message, pushData }: PushCandidate, senderName: string): PushPayload {
  const title = typeof pushData?.title === 'string' ? pushData.title : senderName;
  const body = typeof pushData?.body === 'string' ? pushData.body : typeof pushData?.alert === 'string' ? pushData.alert : DEFAULT_BODY;
  const payload: PushPayload = { title, body, cid: message.cid, messageId: message.id };
  if (pushData) payload.data = pushData;
  return payload;
}

function stringHeaders(headers: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, String(value)]));
}

async function postPush(request: PushRequest): Promise<number> {
  const response = await fetch(request.endpoint, {
    method: 'POST',
    headers: request.headers,
    body: request.body,
    signal: AbortSignal.timeout(10_000),
  });
  await response.body?.cancel();
  return response.status;
}
