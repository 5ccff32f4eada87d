import type { Kysely, Transaction } from 'kysely';
import { ChatError } from '../../protocol/chat-error.js';
import type { MemberChangeResult, MemberCount, MemberFailure, MemberInfo } from '../../protocol/conversation-model.js';
import type { ErrorName } from '../../protocol/errors.js';
import type { ConversationRecord, MemberRole } from '../../protocol/model.js';
import type { Clock, ServerLimits } from '../config.js';
import type { Database } from '../store/schema.js';
import type { ChatRooms } from './chat-rooms.js';
import { kindOf, loadVisible, memberIds, outranks, requireManager, requireNormal } from './conversation-access.js';
import { viewConversation } from './conversation-view.js';
import { type Notice, notice } from './notice.js';

export interface MemberOutcome<T> {
  data: T;
  /** Pushes to send once committed. */
  notices: Notice[];
}

/** Who is in a normal conversation, with which role; joining and leaving any kind. */
export class MemberService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly limits: ServerLimits,
    private readonly clock: Clock,
    private readonly chatRooms: ChatRooms,
  ) {}

  /** Any member may invite; blocked users are refused one by one; past the member limit nothing changes. */
  async add(actor: string, cid: string, ids: string[]): Promise<MemberOutcome<MemberChangeResult>> {
    const now = this.clock.now();
    const change = await this.db.transaction().execute(async (trx) => {
      const { conversation } = await loadVisible(trx, actor, cid, now);
      requireNormal(conversation);
      requireOpenMembership(conversation.unique_key);
      const current = await memberIds(trx, cid);
      const blocked = new Set(await restricted(trx, cid, 'blocked'));
      const requested = [...new Set(ids)];
      const fresh = requested.filter((id) => !current.includes(id) && !blocked.has(id));
      if (current.length + fresh.length > this.limits.maxMembers) {
        throw new ChatError('CONVERSATION_FULL', `A conversation has at most ${this.limits.maxMembers} members`, {
          field: 'members',
          max: this.limits.maxMembers,
        });
      }
      if (fresh.length > 0) {
        await trx
          .insertInto('members')
          .values(fresh.map((id) => ({ conversation_id: cid, user_id: id, role: 'member', joined_at: now, last_read_seq: 0 })))
          .execute();
        await trx.updateTable('conversations').set({ updated_at: now }).where('id', '=', cid).execute();
      }
      const refused = requested.filter((id) => blocked.has(id) && !current.includes(id));
      return { current, fresh, refused };
    });
    const notices: Notice[] = [];
    if (change.fresh.length > 0) {
      notices.push(notice({ users: change.current }, 'conversation:members-joined', { cid, members: change.fresh, invitedBy: actor, updatedAt: now }));
      for (const id of change.fresh) {
        notices.push(notice({ users: [id] }, 'conversation:invited', { conversation: await viewConversation(this.db, id, cid), invitedBy: actor }));
      }
    }
    const successful = [...new Set(ids)].filter((id) => !change.refused.includes(id));
    return { data: result(cid, successful, failure('BLOCKED_BY_CONV', change.refused)), notices };
  }

  /** Owner and managers remove members of a lower role; members cannot remove anyone. */
  async remove(actor: string, cid: string, ids: string[]): Promise<MemberOutcome<MemberChangeResult>> {
    const now = this.clock.now();
    const change = await this.db.transaction().execute(async (trx) => {
      const { conversation, member } = await loadVisible(trx, actor, cid, now);
      requireNormal(conversation);
      requireOpenMembership(conversation.unique_key);
      requireManager(member?.role);
      const roles = await memberRoles(trx, cid);
      const notMembers: string[] = [];
      const outranked: string[] = [];
      const removed: string[] = [];
      for (const id of new Set(ids)) {
        const role = roles.get(id);
        if (!role) notMembers.push(id);
        else if (id === actor || !outranks(member!.role, role)) outranked.push(id);
        else removed.push(id);
      }
      if (removed.length > 0) {
        await trx.deleteFrom('members').where('conversation_id', '=', cid).where('user_id', 'in', removed).execute();
        await trx.updateTable('conversations').set({ updated_at: now }).where('id', '=', cid).execute();
      }
      const remaining = [...roles.keys()].filter((id) => !removed.includes(id));
      return { removed, notMembers, outranked, remaining };
    });
    const notices: Notice[] = [];
    if (change.removed.length > 0) {
      notices.push(notice({ users: change.remaining }, 'conversation:members-left', { cid, members: change.removed, kickedBy: actor, updatedAt: now }));
      notices.push(notice({ users: change.removed }, 'conversation:kicked', { cid, kickedBy: actor }));
    }
    return {
      data: result(cid, change.removed, failure('CONVERSATION_MEMBERSHIP_REQUIRED', change.notMembers), failure('CONVERSATION_OPERATION_UNAUTHORIZED', change.outranked)),
      notices,
    };
  }

  /** Joining by id: chat rooms only; a member "joining" their own conversation gets it back. */
  async join(user: string, socketId: string, cid: string): Promise<ConversationRecord> {
    const { conversation, member } = await loadVisible(this.db, user, cid, this.clock.now());
    if (kindOf(conversation) === 'transient') return this.chatRooms.join(user, socketId, cid);
    if (!member) requireNormal(conversation);
    return viewConversation(this.db, user, cid);
  }

  /** Leaving: a chat room, or a normal conversation (its owner hands ownership to the longest-serving manager, else member). */
  async quit(user: string, socketId: string, cid: string): Promise<MemberOutcome<{ cid: string }>> {
    const now = this.clock.now();
    const { conversation } = await loadVisible(this.db, user, cid, now);
    if (kindOf(conversation) === 'transient') {
      await this.chatRooms.quit(user, socketId, cid);
      return { data: { cid }, notices: [] };
    }
    requireNormal(conversation);
    const change = await this.db.transaction().execute(async (trx) => {
      const { member } = await loadVisible(trx, user, cid, now);
      await trx.deleteFrom('members').where('conversation_id', '=', cid).where('user_id', '=', user).execute();
      let heir: { user_id: string } | undefined;
      if (member!.role === 'owner') {
        heir = await trx
          .selectFrom('members')
          .select('user_id')
          .where('conversation_id', '=', cid)
          .orderBy((eb) => eb.case().when('role', '=', 'manager').then(0).else(1).end())
          .orderBy('joined_at')
          .orderBy('user_id')
          .executeTakeFirst();
        if (heir) await trx.updateTable('members').set({ role: 'owner' }).where('conversation_id', '=', cid).where('user_id', '=', heir.user_id).execute();
      }
      await trx.updateTable('conversations').set({ updated_at: now }).where('id', '=', cid).execute();
      return { remaining: await memberIds(trx, cid), heir: heir?.user_id };
    });
    const notices: Notice[] = [
      notice({ users: change.remaining }, 'conversation:members-left', { cid, members: [user], kickedBy: user, updatedAt: now }),
      // The user's other devices drop it too.
      notice({ users: [user] }, 'conversation:kicked', { cid, kickedBy: user }),
    ];
    if (change.heir) {
      notices.push(notice({ users: change.remaining }, 'conversation:member-info-updated', { cid, member: change.heir, role: 'owner', updatedBy: user }));
    }
    return { data: { cid }, notices };
  }

  /** The owner makes members managers and back; nobody becomes owner (5130) and the owner stays owner (4324). */
  async updateRole(actor: string, cid: string, target: string, role: MemberRole): Promise<MemberOutcome<MemberInfo>> {
    if (role === 'owner') throw new ChatError('OWNER_PROMOTION_NOT_ALLOWED', undefined, { field: 'role' });
    const now = this.clock.now();
    return this.db.transaction().execute(async (trx) => {
      const { conversation, member } = await loadVisible(trx, actor, cid, now);
      requireNormal(conversation);
      if (member?.role !== 'owner') throw new ChatError('CONVERSATION_OPERATION_UNAUTHORIZED', 'Only the owner changes roles');
      const row = await trx
        .selectFrom('members')
        .select(['role', 'joined_at'])
        .where('conversation_id', '=', cid)
        .where('user_id', '=', target)
        .executeTakeFirst();
      if (!row) throw new ChatError('CONVERSATION_MEMBERSHIP_REQUIRED', `${target} is not a member`, { field: 'member' });
      if (row.role === 'owner') throw new ChatError('CONVERSATION_NEED_OWNER', undefined, { field: 'member' });
      await trx.updateTable('members').set({ role }).where('conversation_id', '=', cid).where('user_id', '=', target).execute();
      const info: MemberInfo = { member: target, role, joinedAt: Number(row.joined_at) };
      const audience = await memberIds(trx, cid);
      return { data: info, notices: [notice({ users: audience }, 'conversation:member-info-updated', { cid, member: target, role, updatedBy: actor })] };
    });
  }

  /** The user's own push switch for a conversation they are in (`muted`, `mutedMembers`). */
  async setMuted(user: string, cid: string, muted: boolean): Promise<MemberOutcome<ConversationRecord>> {
    const { conversation, member } = await loadVisible(this.db, user, cid, this.clock.now());
    const kind = kindOf(conversation);
    if (kind === 'transient' || kind === 'temporary') {
      throw new ChatError('CONVERSATION_NOT_ALLOWED', `A ${kind === 'transient' ? 'chat room' : 'temporary conversation'} has no notifications to mute`, { field: 'cid' });
    }
    if (!member) throw new ChatError('CONVERSATION_MEMBERSHIP_REQUIRED', undefined, { field: 'cid' });
    await this.db.updateTable('members').set({ muted: muted ? 1 : 0 }).where('conversation_id', '=', cid).where('user_id', '=', user).execute();
    return { data: await viewConversation(this.db, user, cid), notices: [notice({ users: [user] }, 'conversation:mute-updated', { cid, muted })] };
  }

  async membersInfo(user: string, cid: string): Promise<MemberInfo[]> {
    const { conversation } = await loadVisible(this.db, user, cid, this.clock.now());
    const kind = kindOf(conversation);
    if (kind !== 'normal' && kind !== 'temporary') throw new ChatError('CONVERSATION_NOT_ALLOWED', 'No member list for this kind', { field: 'cid' });
    const rows = await this.db
      .selectFrom('members')
      .select(['user_id', 'role', 'joined_at'])
      .where('conversation_id', '=', cid)
      .orderBy('joined_at')
      .orderBy('user_id')
      .execute();
    return rows.map((r) => ({ member: r.user_id, role: r.role as MemberRole, joinedAt: Number(r.joined_at) }));
  }

  /** Chat rooms: users online in the room; others: members (a service's subscribers). */
  async count(user: string, cid: string): Promise<MemberCount> {
    const { conversation } = await loadVisible(this.db, user, cid, this.clock.now());
    if (kindOf(conversation) === 'transient') return { cid, count: await this.chatRooms.onlineCount(cid) };
    const row = await this.db
      .selectFrom('members')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('conversation_id', '=', cid)
      .executeTakeFirstOrThrow();
    return { cid, count: Number(row.n) };
  }
}

/** A unique conversation is its member set: changing it would make it another conversation. */
function requireOpenMembership(uniqueKey: string | null): void {
  if (uniqueKey !== null) {
    throw new ChatError('CONVERSATION_NOT_ALLOWED', 'A private chat keeps its members: start a new conversation instead', { field: 'cid' });
  }
}

async function memberRoles(trx: Transaction<Database>, cid: string): Promise<Map<string, MemberRole>> {
  const rows = await trx.selectFrom('members').select(['user_id', 'role']).where('conversation_id', '=', cid).execute();
  return new Map(rows.map((r) => [r.user_id, r.role as MemberRole]));
}

export async function restricted(trx: Kysely<Database>, cid: string, restriction: 'silenced' | 'blocked'): Promise<string[]> {
  const rows = await trx
    .selectFrom('member_restrictions')
    .select('user_id')
    .where('conversation_id', '=', cid)
    .where('restriction', '=', restriction)
    .execute();
  return rows.map((r) => r.user_id);
}

export function failure(name: ErrorName, members: string[], message?: string): MemberFailure[] {
  if (members.length === 0) return [];
  const error = new ChatError(name, message);
  return [{ code: error.code, name, message: error.message, members }];
}

export function result(cid: string, successful: string[], ...failures: MemberFailure[][]): MemberChangeResult {
  return { cid, successful, failures: failures.flat() };
}
