import type { Kysely } from 'kysely';
import { ChatError } from '../../protocol/chat-error.js';
import type { MemberChangeResult, MemberPage, MemberRestriction } from '../../protocol/conversation-model.js';
import { DEFAULT_LIMITS } from '../../protocol/limits.js';
import type { MemberRole } from '../../protocol/model.js';
import type { Clock } from '../config.js';
import type { Database } from '../store/schema.js';
import type { ChatRooms } from './chat-rooms.js';
import { type Access, chatRoomRole, kindOf, loadVisible, memberIds, outranks, requireManager } from './conversation-access.js';
import { failure, type MemberOutcome, result } from './member-service.js';
import { type Notice, notice } from './notice.js';
import type { Realtime } from './realtime.js';

/**
 * What the owner and managers of a normal conversation, or the owner of a chat room, can impose:
 * `silenced` members read but cannot send (4563); `blocked` ones are removed and cannot be added
 * or join again until unblocked (4548).
 */
export class MemberRestrictions {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly chatRooms: ChatRooms,
    private readonly realtime: Realtime,
  ) {}

  async restrict(actor: string, cid: string, ids: string[], restriction: MemberRestriction): Promise<MemberOutcome<MemberChangeResult>> {
    const now = this.clock.now();
    const change = await this.db.transaction().execute(async (trx) => {
      const access = await loadVisible(trx, actor, cid, now);
      const actorRole = managingRole(access, actor);
      const transient = kindOf(access.conversation) === 'transient';
      const roles = transient ? new Map<string, MemberRole>() : await this.roles(trx, cid);
      const refused: string[] = [];
      const notMembers: string[] = [];
      const applied: string[] = [];
      for (const id of new Set(ids)) {
        const role = roles.get(id);
        if (id === actor || (role && !outranks(actorRole, role))) refused.push(id);
        // Anyone may be blocked in advance; only members can be silenced in a normal conversation.
        else if (!transient && !role && restriction === 'silenced') notMembers.push(id);
        else applied.push(id);
      }
      if (applied.length > 0) {
        await trx
          .insertInto('member_restrictions')
          .values(applied.map((id) => ({ conversation_id: cid, restriction, user_id: id, created_by: actor, created_at: now })))
          .onConflict((oc) => oc.columns(['conversation_id', 'restriction', 'user_id']).doNothing())
          .execute();
      }
      const removed = restriction === 'blocked' ? applied.filter((id) => transient || roles.has(id)) : [];
      if (removed.length > 0 && transient) for (const id of removed) await this.chatRooms.evict(trx, cid, id);
      if (removed.length > 0 && !transient) {
        await trx.deleteFrom('members').where('conversation_id', '=', cid).where('user_id', 'in', removed).execute();
        await trx.updateTable('conversations').set({ updated_at: now }).where('id', '=', cid).execute();
      }
      return { transient, applied, refused, notMembers, removed, audience: transient ? [] : await memberIds(trx, cid) };
    });

    const notices: Notice[] = [];
    const audience = change.transient ? { room: cid } : { users: change.audience };
    if (change.applied.length > 0) {
      const event = { cid, members: change.applied, restriction, active: true, by: actor };
      notices.push(notice(audience, 'conversation:restrictions-updated', event));
      notices.push(notice({ users: change.applied.filter((id) => !change.audience.includes(id)) }, 'conversation:restrictions-updated', event));
    }
    if (change.removed.length > 0) {
      if (change.transient) for (const id of change.removed) this.realtime.evict(cid, id);
      else notices.push(notice({ users: change.audience }, 'conversation:members-left', { cid, members: change.removed, kickedBy: actor, updatedAt: now }));
      notices.push(notice({ users: change.removed }, 'conversation:kicked', { cid, kickedBy: actor, blocked: true }));
    }
    return {
      data: result(cid, change.applied, failure('CONVERSATION_OPERATION_UNAUTHORIZED', change.refused), failure('CONVERSATION_MEMBERSHIP_REQUIRED', change.notMembers)),
      notices,
    };
  }

  async lift(actor: string, cid: string, ids: string[], restriction: MemberRestriction): Promise<MemberOutcome<MemberChangeResult>> {
    const now = this.clock.now();
    const unique = [...new Set(ids)];
    const change = await this.db.transaction().execute(async (trx) => {
      const access = await loadVisible(trx, actor, cid, now);
      managingRole(access, actor);
      await trx
        .deleteFrom('member_restrictions')
        .where('conversation_id', '=', cid)
        .where('restriction', '=', restriction)
        .where('user_id', 'in', unique)
        .execute();
      const transient = kindOf(access.conversation) === 'transient';
      return { transient, audience: transient ? [] : await memberIds(trx, cid) };
    });
    const event = { cid, members: unique, restriction, active: false, by: actor };
    const notices = [
      notice(change.transient ? { room: cid } : { users: change.audience }, 'conversation:restrictions-updated', event),
      notice({ users: unique.filter((id) => !change.audience.includes(id)) }, 'conversation:restrictions-updated', event),
    ];
    return { data: result(cid, unique), notices };
  }

  /** Who is silenced or blocked, in id order; members may look (a chat room's owner only). */
  async page(actor: string, cid: string, restriction: MemberRestriction, options: { limit?: number; cursor?: string }): Promise<MemberPage> {
    const access = await loadVisible(this.db, actor, cid, this.clock.now());
    if (kindOf(access.conversation) === 'transient') requireManager(chatRoomRole(access.conversation, actor));
    else if (!access.member) throw new ChatError('CONVERSATION_MEMBERSHIP_REQUIRED', undefined, { field: 'cid' });
    const limit = options.limit ?? DEFAULT_LIMITS.conversationPageSize;
    let query = this.db
      .selectFrom('member_restrictions')
      .select('user_id')
      .where('conversation_id', '=', cid)
      .where('restriction', '=', restriction);
    if (options.cursor) query = query.where('user_id', '>', options.cursor);
    const rows = await query.orderBy('user_id').limit(limit + 1).execute();
    const members = rows.slice(0, limit).map((r) => r.user_id);
    return rows.length > limit ? { members, next: members.at(-1)! } : { members };
  }

  private async roles(trx: Kysely<Database>, cid: string): Promise<Map<string, MemberRole>> {
    const rows = await trx.selectFrom('members').select(['user_id', 'role']).where('conversation_id', '=', cid).execute();
    return new Map(rows.map((r) => [r.user_id, r.role as MemberRole]));
  }
}

/** The actor's managing role, or the refusal: normal conversations' owner/managers, a chat room's owner. */
function managingRole(access: Access, actor: string): MemberRole {
  const kind = kindOf(access.conversation);
  if (kind === 'temporary' || kind === 'system') {
    throw new ChatError('NORMAL_CONVERSATION_REQUIRED', 'Only normal conversations and chat rooms have these', { field: 'cid' });
  }
  const role = kind === 'transient' ? chatRoomRole(access.conversation, actor) : access.member?.role;
  requireManager(role);
  return role!;
}
