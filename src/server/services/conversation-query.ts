import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { AttributeCondition, ConversationQuery } from '../../protocol/conversation-schemas.js';
import { DEFAULT_LIMITS } from '../../protocol/limits.js';
import type { ConversationPage } from '../../protocol/model.js';
import type { Clock } from '../config.js';
import { approximateRowCount, containsText, jsonField } from '../store/dialect.js';
import type { Database } from '../store/schema.js';
import { loadConversationRecords, type ViewedRow } from './conversation-view.js';

/**
 * Conversation queries, filtered and sorted by the database with indexes.
 *
 * What a user may find: chat rooms and service conversations among all of them (anyone may join
 * or subscribe), every other kind among the conversations they are a member of. "Mine" starts
 * from the user's member rows (`members_by_user`), so a user's page costs the same among 100 or
 * 100,000 conversations; the public kinds walk `conversations_by_kind_*` in sort order.
 */

/** The sort keys, as SQL. `lastMessageAt` counts creation as activity, as the list and the cache do. */
const SORT_EXPRESSIONS = {
  // Must read exactly as in the `conversations_by_kind_activity` index for SQLite to use it.
  lastMessageAt: sql<number>`coalesce(c.last_message_at, c.created_at)`,
  updatedAt: sql<number>`c.updated_at`,
  createdAt: sql<number>`c.created_at`,
} as const;

export class ConversationQueries {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  async run(user: string, query: ConversationQuery): Promise<ConversationPage> {
    const limit = query.limit ?? DEFAULT_LIMITS.conversationPageSize;
    const where = query.where ?? {};
    const publicKind = where.kind === 'transient' || (where.kind === 'system' && !where.subscribed);

    const sortBy = query.sort?.by ?? 'lastMessageAt';
    const conditions: RawBuilder<unknown>[] = [];
    // CROSS JOIN fixes which table SQLite starts from, whatever it guesses.
    const from = publicKind
      ? sql`conversations c left join members m on m.conversation_id = c.id and m.user_id = ${user}`
      : (await this.walkNewestFirst(user, query, limit))
        ? sql`conversations c cross join members m`
        : sql`members m cross join conversations c`;
    if (!publicKind) conditions.push(sql`m.user_id = ${user}`, sql`c.id = m.conversation_id`);
    if (where.kind) conditions.push(sql`c.kind = ${where.kind}`);
    // A service's per-user threads are found among the user's own, never among all services.
    if (publicKind && where.kind === 'system') conditions.push(sql`c.service_id is null`);
    conditions.push(sql`(c.expires_at is null or c.expires_at > ${this.clock.now()})`);

    if (where.name?.equals !== undefined) conditions.push(sql`c.name = ${where.name.equals}`);
    if (where.name?.contains !== undefined) conditions.push(containsText(this.db, sql`c.name`, where.name.contains));
    if (where.name?.startsWith !== undefined) {
      // A range, so the (kind, name) index serves it; U+10FFFF sorts after every other character.
      const prefix = where.name.startsWith;
      conditions.push(sql`c.name >= ${prefix} and c.name < ${`${prefix}\u{10FFFF}`}`);
    }
    const memberIn = (id: string) => sql`exists (select 1 from members x where x.conversation_id = c.id and x.user_id = ${id})`;
    for (const id of where.members?.contains ?? []) conditions.push(memberIn(id));
    if (where.members?.exactly) {
      const ids = [...new Set(where.members.exactly)];
      for (const id of ids) conditions.push(memberIn(id));
      conditions.push(sql`(select count(*) from members x where x.conversation_id = c.id) = ${ids.length}`);
    }
    for (const condition of where.attributes ?? []) conditions.push(attributeCondition(this.db, condition));
    if (where.lastMessageAt?.gt !== undefined) conditions.push(sql`c.last_message_at > ${where.lastMessageAt.gt}`);
    if (where.lastMessageAt?.lt !== undefined) conditions.push(sql`c.last_message_at < ${where.lastMessageAt.lt}`);
    if (where.updatedAt?.gt !== undefined) conditions.push(sql`c.updated_at > ${where.updatedAt.gt}`);
    if (where.updatedAt?.lt !== undefined) conditions.push(sql`c.updated_at < ${where.updatedAt.lt}`);

    const descending = (query.sort?.order ?? 'desc') === 'desc';
    const key = SORT_EXPRESSIONS[sortBy];
    if (query.cursor) {
      const at = query.cursor.indexOf(':');
      const value = Number(query.cursor.slice(0, at));
      const id = query.cursor.slice(at + 1);
      conditions.push(
        descending
          ? sql`(${key} < ${value} or (${key} = ${value} and c.id < ${id}))`
          : sql`(${key} > ${value} or (${key} = ${value} and c.id > ${id}))`,
      );
    }
    const direction = descending ? sql`desc` : sql`asc`;
    const { rows } = await sql<ViewedRow & { sort_value: number }>`
      select c.*, m.role as m_role, m.last_read_seq as m_last_read_seq, m.muted as m_muted,
             m.last_mention_seq as m_last_mention_seq, ${key} as sort_value
      from ${from}
      where ${sql.join(conditions, sql` and `)}
      order by ${key} ${direction}, c.id ${direction}
      limit ${limit + 1} offset ${query.skip ?? 0}`.execute(this.db);

    const page = rows.slice(0, limit);
    const conversations = await loadConversationRecords(this.db, user, page, {
      compact: query.compact ?? false,
      withLastMessage: query.withLastMessages ?? false,
    });
    const last = page.at(-1);
    return rows.length > limit && last ? { conversations, next: `${Number(last.sort_value)}:${last.id}` } : { conversations };
  }

  /**
   * Reading the user's own conversations, there are two ways to the newest page. Starting from
   * their member rows costs one row per conversation they are in (then a sort); walking all
   * conversations newest first (`conversations_by_activity`) and keeping theirs costs about
   * `total / theirs` rows per result. For a plain "my most recent" the cheaper one is picked
   * from the user's membership count.
   */
  private async walkNewestFirst(user: string, query: ConversationQuery, limit: number): Promise<boolean> {
    const where = query.where ?? {};
    const plain = !where.name && !where.members && !where.attributes && !where.lastMessageAt && !where.updatedAt;
    if (!plain || query.sort?.by === 'createdAt' || (query.skip ?? 0) > 0) return false;
    const { rows } = await sql<{ mine: number; total: number | null }>`
      select (select count(*) from members where user_id = ${user}) as mine,
             ${approximateRowCount(this.db, 'conversations')} as total`.execute(this.db);
    const { mine, total } = rows[0]!;
    return mine * mine > (limit + 1) * Number(total ?? 0);
  }
}

/** A condition on a custom attribute, comparing like JSON does: 1 is not "1", true is not 1. */
function attributeCondition(db: Kysely<Database>, condition: AttributeCondition): RawBuilder<unknown> {
  // `attr.a.b`: segments are checked to be letters, digits, _ and -.
  const field = jsonField(db, sql`c.attributes`, condition.key.split('.').slice(1));
  const equals = (v: string | number | boolean | null): RawBuilder<unknown> => {
    if (v === null) return field.isNull;
    if (typeof v === 'boolean') return field.isBoolean(v);
    if (typeof v === 'number') return sql`(${field.isNumber} and ${field.number} = ${v})`;
    return sql`(${field.isText} and ${field.text} = ${v})`;
  };
  switch (condition.op) {
    case 'eq':
      return equals(condition.value);
    case 'ne':
      // Like the hosted service: a conversation without the attribute is "not equal" too.
      return sql`not coalesce(${equals(condition.value)}, false)`;
    case 'in':
      return sql`(${sql.join(condition.value.map(equals), sql` or `)})`;
    case 'exists':
      return condition.value ? field.exists : sql`not ${field.exists}`;
    default: {
      const operator = sql.raw({ gt: '>', gte: '>=', lt: '<', lte: '<=' }[condition.op]);
      return typeof condition.value === 'number'
        ? sql`(${field.isNumber} and ${field.number} ${operator} ${condition.value})`
        : sql`(${field.isText} and ${field.text} ${operator} ${condition.value})`;
    }
  }
}
