import type { AttributeCondition, ConversationQueryPayload } from '../protocol/conversation-schemas.js';
import type { ConversationKind, ConversationPage, ConversationRecord } from '../protocol/model.js';
import type { CachedConversation } from './cache-db.js';

type Scalar = string | number | boolean | null;
type SortField = 'lastMessageAt' | 'updatedAt' | 'createdAt';
type Where = NonNullable<ConversationQueryPayload['where']>;

/** Runs a built query: on the server (results land in the cache) or over the cache alone. */
export interface QueryRunner {
  find(payload: ConversationQueryPayload): Promise<ConversationPage>;
  findInCache(payload: ConversationQueryPayload): Promise<CachedConversation[]>;
}

/**
 * A conversation query in the style of the hosted SDK's `getQuery()`: conditions on `name`,
 * members and `attr.*` keys, kind, order, limit and paging. `find()` asks the server (which
 * filters with its indexes and returns only what the user may see); `findInCache()` answers the
 * same query from the local cache, with the same rules.
 */
export class ConversationQuery {
  private readonly payload: ConversationQueryPayload & { where: Where } = { where: {} };

  constructor(
    private readonly runner: QueryRunner,
    /** The current user, for `withMembers(ids, true)`. */
    private readonly self?: string,
  ) {}

  /** `name`, or a custom attribute `attr.x.y`. */
  equalTo(key: string, value: Scalar): this {
    if (key === 'name') this.payload.where.name = { ...this.payload.where.name, equals: String(value) };
    else this.attribute(key, 'eq', value);
    return this;
  }

  notEqualTo(key: string, value: Scalar): this {
    return this.attribute(key, 'ne', value);
  }

  greaterThan(key: string, value: string | number): this {
    return this.attribute(key, 'gt', value);
  }

  greaterThanOrEqualTo(key: string, value: string | number): this {
    return this.attribute(key, 'gte', value);
  }

  lessThan(key: string, value: string | number): this {
    return this.attribute(key, 'lt', value);
  }

  lessThanOrEqualTo(key: string, value: string | number): this {
    return this.attribute(key, 'lte', value);
  }

  containedIn(key: string, values: Scalar[]): this {
    return this.attribute(key, 'in', values);
  }

  exists(key: string): this {
    return this.attribute(key, 'exists', true);
  }

  doesNotExist(key: string): this {
    return this.attribute(key, 'exists', false);
  }

  /** `name` contains the text (case-sensitive, no wildcards). */
  contains(key: 'name', text: string): this {
    this.payload.where.name = { ...this.payload.where.name, contains: text };
    return this;
  }

  startsWith(key: 'name', text: string): this {
    this.payload.where.name = { ...this.payload.where.name, startsWith: text };
    return this;
  }

  /** Has all of these members (and maybe others). */
  containsMembers(ids: string[]): this {
    this.payload.where.members = { ...this.payload.where.members, contains: ids };
    return this;
  }

  /** Has exactly these members (the current user added when `includeSelf`). */
  withMembers(ids: string[], includeSelf = false): this {
    const members = includeSelf && this.self ? [...new Set([...ids, this.self])] : ids;
    this.payload.where.members = { ...this.payload.where.members, exactly: members };
    return this;
  }

  /** Chat rooms (`transient`) and services (`system`) are searched among all of them. */
  ofKind(kind: ConversationKind): this {
    this.payload.where.kind = kind;
    return this;
  }

  /** With `ofKind('system')`: only the services the user subscribes to. */
  subscribed(): this {
    this.payload.where.subscribed = true;
    return this;
  }

  lastMessageBetween(after?: number, before?: number): this {
    this.payload.where.lastMessageAt = { ...(after !== undefined ? { gt: after } : {}), ...(before !== undefined ? { lt: before } : {}) };
    return this;
  }

  ascending(field: SortField): this {
    this.payload.sort = { by: field, order: 'asc' };
    return this;
  }

  descending(field: SortField): this {
    this.payload.sort = { by: field, order: 'desc' };
    return this;
  }

  /** 1–1,000 (default 10). */
  limit(n: number): this {
    this.payload.limit = n;
    return this;
  }

  skip(n: number): this {
    this.payload.skip = n;
    return this;
  }

  /** Continue after a page: its `next`. */
  after(cursor: string): this {
    this.payload.cursor = cursor;
    return this;
  }

  /** Leave member lists out. */
  compact(enabled = true): this {
    this.payload.compact = enabled;
    return this;
  }

  /** Include each conversation's last message. */
  withLastMessagesRefreshed(enabled = true): this {
    this.payload.withLastMessages = enabled;
    return this;
  }

  toJSON(): ConversationQueryPayload {
    return structuredClone(this.payload);
  }

  async find(): Promise<ConversationRecord[]> {
    return (await this.runner.find(this.toJSON())).conversations;
  }

  /** One page and the cursor to the next. */
  findPage(): Promise<ConversationPage> {
    return this.runner.find(this.toJSON());
  }

  findInCache(): Promise<CachedConversation[]> {
    return this.runner.findInCache(this.toJSON());
  }

  private attribute(key: string, op: AttributeCondition['op'], value: unknown): this {
    if (!key.startsWith('attr.')) throw new TypeError(`Only name and attr.* keys can be compared this way, not ${key}`);
    this.payload.where.attributes = [...(this.payload.where.attributes ?? []), { key, op, value } as AttributeCondition];
    return this;
  }
}

// ---- the same query over the cache ----

/** Answers a query from cached conversations with the server's rules (visibility, filters, order, paging). */
export function queryCache(all: CachedConversation[], payload: ConversationQueryPayload, now: number): CachedConversation[] {
  const where = payload.where ?? {};
  const publicKind = where.kind === 'transient' || (where.kind === 'system' && !where.subscribed);
  const by = payload.sort?.by ?? 'lastMessageAt';
  const descending = (payload.sort?.order ?? 'desc') === 'desc';
  const keyOf = (c: CachedConversation) => (by === 'lastMessageAt' ? (c.lastMessageAt ?? c.createdAt) : by === 'updatedAt' ? c.updatedAt : c.createdAt);
  const compare = (a: CachedConversation, b: CachedConversation) => {
    const order = keyOf(a) - keyOf(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    return descending ? -order : order;
  };
  let matches = all.filter((c) => {
    if (publicKind ? c.serviceId !== undefined : c.role === undefined) return false;
    if (where.kind && c.kind !== where.kind) return false;
    if (c.expiresAt !== undefined && c.expiresAt <= now) return false;
    return matchesWhere(c, where);
  });
  if (payload.cursor) {
    const at = payload.cursor.indexOf(':');
    const boundary = { value: Number(payload.cursor.slice(0, at)), id: payload.cursor.slice(at + 1) };
    matches = matches.filter((c) => {
      const order = keyOf(c) - boundary.value || (c.id < boundary.id ? -1 : c.id > boundary.id ? 1 : 0);
      return descending ? order < 0 : order > 0;
    });
  }
  const skip = payload.skip ?? 0;
  return matches.sort(compare).slice(skip, skip + (payload.limit ?? 10));
}

function matchesWhere(c: ConversationRecord, where: Where): boolean {
  if (where.name?.equals !== undefined && c.name !== where.name.equals) return false;
  if (where.name?.contains !== undefined && !c.name.includes(where.name.contains)) return false;
  if (where.name?.startsWith !== undefined && !c.name.startsWith(where.name.startsWith)) return false;
  if (where.members?.contains && !where.members.contains.every((m) => c.members.includes(m))) return false;
  if (where.members?.exactly) {
    const wanted = new Set(where.members.exactly);
    if (wanted.size !== c.members.length || !c.members.every((m) => wanted.has(m))) return false;
  }
  for (const condition of where.attributes ?? []) if (!matchesAttribute(c.attributes, condition)) return false;
  const within = (value: number | undefined, range?: { gt?: number; lt?: number }) =>
    !range || (value !== undefined && (range.gt === undefined || value > range.gt) && (range.lt === undefined || value < range.lt));
  return within(c.lastMessageAt, where.lastMessageAt) && within(c.updatedAt, where.updatedAt);
}

/** Compares like JSON on the server: 1 is not "1", true is not 1; a missing attribute is "not equal". */
function matchesAttribute(attributes: Record<string, unknown>, condition: AttributeCondition): boolean {
  let value: unknown = attributes;
  for (const segment of condition.key.split('.').slice(1)) {
    value = typeof value === 'object' && value !== null && !Array.isArray(value) && Object.hasOwn(value, segment) ? (value as Record<string, unknown>)[segment] : undefined;
  }
  const equals = (expected: unknown) => value !== undefined && typeof value === typeof expected && value === expected;
  switch (condition.op) {
    case 'eq':
      return equals(condition.value);
    case 'ne':
      return !equals(condition.value);
    case 'in':
      return condition.value.some(equals);
    case 'exists':
      return (value !== undefined) === condition.value;
    default: {
      if (typeof value !== typeof condition.value) return false;
      const [a, b] = [value as string | number, condition.value];
      return condition.op === 'gt' ? a > b : condition.op === 'gte' ? a >= b : condition.op === 'lt' ? a < b : a <= b;
    }
  }
}
