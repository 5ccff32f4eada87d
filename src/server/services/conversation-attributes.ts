import type { Kysely } from 'kysely';
import { ChatError } from '../../protocol/chat-error.js';
import type { ConversationUpdatedEvent } from '../../protocol/conversation-model.js';
import { DEFAULT_LIMITS } from '../../protocol/limits.js';
import type { ConversationRecord } from '../../protocol/model.js';
import { jsonValueProblem } from '../../protocol/schemas.js';
import type { Clock } from '../config.js';
import type { Database } from '../store/schema.js';
import { chatRoomRole, kindOf, loadVisible, memberIds, requireManager, SERVICE_SENDER } from './conversation-access.js';
import { viewConversation } from './conversation-view.js';
import { type Notice, notice } from './notice.js';

/** Changes by key: `name`, or `attr.x.y` for a custom attribute; `unset` removes attributes. */
export interface AttributeChanges {
  set?: Record<string, unknown>;
  unset?: string[];
}

type Json = Record<string, unknown>;

/**
 * Applies changes by dotted key to a name and attributes, returning new values. A path through
 * something that is not an object is refused (4704); the result must stay within the size and
 * depth limits.
 */
export function applyAttributeChanges(name: string, attributes: Json, changes: AttributeChanges): { name: string; attributes: Json } {
  const next = structuredClone(attributes);
  let nextName = name;
  for (const [key, value] of Object.entries(changes.set ?? {})) {
    if (key === 'name') {
      nextName = value as string;
      continue;
    }
    const path = key.split('.').slice(1);
    const parent = walk(next, path.slice(0, -1), key, true)!;
    parent[path.at(-1)!] = value;
  }
  for (const key of changes.unset ?? []) {
    const path = key.split('.').slice(1);
    const parent = walk(next, path.slice(0, -1), key, false);
    if (parent) delete parent[path.at(-1)!];
  }
  const problem = jsonValueProblem(next, 0);
  if (problem) {
    throw new ChatError('INVALID_ATTRIBUTE', `attr.${problem.path.join('.')}: ${problem.message}`, { field: `attr.${problem.path.join('.')}` });
  }
  const bytes = new TextEncoder().encode(JSON.stringify(next)).length;
  if (bytes > DEFAULT_LIMITS.maxAttributesBytes) {
    throw new ChatError('PAYLOAD_TOO_LARGE', `Custom attributes would take ${bytes} bytes; at most ${DEFAULT_LIMITS.maxAttributesBytes}`, {
      field: 'set',
      max: DEFAULT_LIMITS.maxAttributesBytes,
    });
  }
  return { name: nextName, attributes: next };
}

/** The object at `path`, creating missing levels when asked; refuses to go through a non-object. */
function walk(root: Json, path: string[], key: string, create: boolean): Json | undefined {
  let node = root;
  for (const [depth, segment] of path.entries()) {
    const child = Object.hasOwn(node, segment) ? node[segment] : undefined;
    if (child === undefined) {
      if (!create) return undefined;
      const fresh: Json = {};
      node[segment] = fresh;
      node = fresh;
      continue;
    }
    if (typeof child !== 'object' || child === null || Array.isArray(child)) {
      throw new ChatError('INVALID_ATTRIBUTE', `${key}: attr.${path.slice(0, depth + 1).join('.')} is not an object`, {
        field: key,
      });
    }
    node = child as Json;
  }
  return node;
}

export interface UpdateResult {
  conversation: ConversationRecord;
  /** `infoupdated` for everyone who sees it: members, subscribers, or the chat room. */
  notices: Notice[];
}

/** Name and custom attribute changes, shared by all who see the conversation. */
export class ConversationAttributes {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  /**
   * Any member may change a normal conversation; a chat room's owner may change it; temporary
   * conversations keep what they were created with; services change only through the admin API
   * (`by` = SERVICE_SENDER).
   */
  async update(by: string, cid: string, changes: AttributeChanges): Promise<UpdateResult> {
    const now = this.clock.now();
    return this.db.transaction().execute(async (trx) => {
      const { conversation, member } = await loadVisible(trx, by, cid, now);
      const kind = kindOf(conversation);
      if (kind === 'temporary') throw new ChatError('CONVERSATION_READ_ONLY', 'A temporary conversation keeps its attributes', { field: 'cid' });
      if (kind === 'system' && by !== SERVICE_SENDER) {
        throw new ChatError('CONVERSATION_READ_ONLY', "A service conversation is changed by the site's server", { field: 'cid' });
      }
      if (kind === 'transient') requireManager(chatRoomRole(conversation, by));
      if (kind === 'normal' && !member) throw new ChatError('CONVERSATION_UPDATE_REJECTED', undefined, { field: 'cid' });

      const next = applyAttributeChanges(conversation.name, JSON.parse(conversation.attributes) as Json, changes);
      await trx
        .updateTable('conversations')
        .set({ name: next.name, attributes: JSON.stringify(next.attributes), updated_at: now })
        .where('id', '=', cid)
        .execute();
      const event: ConversationUpdatedEvent = {
        cid,
        name: next.name,
        attributes: next.attributes,
        updatedAt: now,
        updatedBy: by,
        changes: { set: changes.set ?? {}, unset: changes.unset ?? [] },
      };
      const audience = kind === 'transient' ? { room: cid } : { users: await memberIds(trx, cid) };
      return { conversation: await viewConversation(trx, by, cid), notices: [notice(audience, 'conversation:updated', event)] };
    });
  }
}
