import type { Kysely } from 'kysely';
import { ChatError } from '../../protocol/chat-error.js';
import type { ReceiptState } from '../../protocol/model.js';
import type { Clock } from '../config.js';
import type { Database } from '../store/schema.js';
import { isOneToOne, loadTarget, type MessageTarget } from './message-service.js';

export interface ReceiptUpdate {
  /** The marks of the user who acknowledged or read. */
  state: ReceiptState;
  /** Who should hear of it: the other member of a 1:1 conversation when a mark moved. */
  notify: string[];
}

/**
 * Delivery and read receipts. Each member has two marks, the highest `seq` their devices
 * received and the highest they read; in a 1:1 conversation the other member sees them as
 * `lastDeliveredAt` / `lastReadAt` (the times of those messages), and messages sent with
 * `receipt` get their own `deliveredAt`.
 */
export class ReceiptService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  /** A device of `user` received everything up to `seq` (clamped to the newest message). */
  async acknowledge(user: string, cid: string, seq: number): Promise<ReceiptUpdate> {
    return this.db.transaction().execute(async (trx) => {
      const target = await this.requireMember(trx, user, cid);
      const marks = await trx
        .selectFrom('members as m')
        .innerJoin('conversations as c', 'c.id', 'm.conversation_id')
        .select(['m.last_delivered_seq', 'c.last_seq'])
        .where('m.conversation_id', '=', cid)
        .where('m.user_id', '=', user)
        .executeTakeFirstOrThrow();
      const before = Number(marks.last_delivered_seq);
      const delivered = Math.min(seq, Number(marks.last_seq));
      const moved = delivered > before && isOneToOne(target);
      if (moved) {
        await trx
          .updateTable('members')
          .set({ last_delivered_seq: delivered })
          .where('conversation_id', '=', cid)
          .where('user_id', '=', user)
          .execute();
        await trx
          .updateTable('messages')
          .set({ delivered_at: this.clock.now() })
          .where('conversation_id', '=', cid)
          .where('seq', '>', before)
          .where('seq', '<=', delivered)
          .where('sender', '!=', user)
          .where('receipt', '=', 1)
          .where('delivered_at', 'is', null)
          .execute();
      }
      const state = await stateOf(trx, cid, user);
      return { state, notify: moved ? target.members.filter((m) => m !== user) : [] };
    });
  }

  /** After `user` read (conversation:read): their marks, for the other member of a 1:1 conversation. */
  async afterRead(user: string, cid: string): Promise<ReceiptUpdate> {
    const target = await this.requireMember(this.db, user, cid);
    const state = await stateOf(this.db, cid, user);
    return { state, notify: isOneToOne(target) ? target.members.filter((m) => m !== user) : [] };
  }

  /** The other member's marks in a 1:1 conversation. */
  async peerState(user: string, cid: string): Promise<ReceiptState> {
    const target = await this.requireMember(this.db, user, cid);
    const peer = target.members.find((m) => m !== user);
    if (!isOneToOne(target) || !peer) {
      throw new ChatError('CONVERSATION_NOT_ALLOWED', 'Receipts are kept for 1:1 conversations only', { field: 'cid' });
    }
    return stateOf(this.db, cid, peer);
  }

  private async requireMember(db: Kysely<Database>, user: string, cid: string): Promise<MessageTarget> {
    const target = await loadTarget(db, cid);
    if (!target || !target.members.includes(user)) throw new ChatError('INVALID_MESSAGING_TARGET', undefined, { field: 'cid' });
    return target;
  }
}

/** A member's marks; reading implies having received. */
async function stateOf(db: Kysely<Database>, cid: string, user: string): Promise<ReceiptState> {
  const member = await db
    .selectFrom('members')
    .select(['last_delivered_seq', 'last_read_seq'])
    .where('conversation_id', '=', cid)
    .where('user_id', '=', user)
    .executeTakeFirstOrThrow();
  const lastReadSeq = Number(member.last_read_seq);
  const lastDeliveredSeq = Math.max(Number(member.last_delivered_seq), lastReadSeq);
  const seqs = [lastDeliveredSeq, lastReadSeq].filter((s) => s > 0);
  const times = new Map<number, number>();
  if (seqs.length > 0) {
    const rows = await db
      .selectFrom('messages')
      .select(['seq', 'created_at'])
      .where('conversation_id', '=', cid)
      .where('seq', 'in', seqs)
      .execute();
    for (const row of rows) times.set(Number(row.seq), Number(row.created_at));
  }
  const state: ReceiptState = { cid, user, lastDeliveredSeq, lastReadSeq };
  const deliveredAt = times.get(lastDeliveredSeq);
  const readAt = times.get(lastReadSeq);
  if (deliveredAt !== undefined) state.lastDeliveredAt = deliveredAt;
  if (readAt !== undefined) state.lastReadAt = readAt;
  return state;
}
