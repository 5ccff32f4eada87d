import type { MessageRow } from '../store/schema.js';
import { PreparedQuery } from '../store/prepared-query.js';

/**
 * The statements every message send runs, compiled once (see prepared-query.ts): a send is
 * the server's hottest path, and building these with Kysely each time cost more than running them.
 */

/** An earlier send with the same `(sender, clientId)`: a resend to answer with the first result. */
export const sentBefore = new PreparedQuery<{ sender: string; clientId: string }, MessageRow>((db, p) =>
  db.selectFrom('messages').selectAll().where('sender', '=', p('sender')).where('client_id', '=', p('clientId')),
);

/** Takes the conversation's next seq and marks it active; answers the seq taken. */
export const nextSeq = new PreparedQuery<{ cid: string; now: number; id: string }, { last_seq: number }>((db, p) =>
  db
    .updateTable('conversations')
    .set((eb) => ({ last_seq: eb('last_seq', '+', 1), last_message_at: p('now'), last_message_id: p('id') }))
    .where('id', '=', p('cid'))
    .returning('last_seq'),
);

const MESSAGE_COLUMNS: (keyof MessageRow)[] = [
  'id',
  'conversation_id',
  'seq',
  'sender',
  'client_id',
  'type',
  'text',
  'attributes',
  'created_at',
  'updated_at',
  'content',
  'mention_list',
  'mention_all',
  'receipt',
  'delivered_at',
];

export const insertMessage = new PreparedQuery<MessageRow, never>((db, p) =>
  db.insertInto('messages').values(Object.fromEntries(MESSAGE_COLUMNS.map((column) => [column, p(column)])) as unknown as MessageRow),
);

/** Sending implies having read everything up to one's own message. */
export const readOwnMessage = new PreparedQuery<{ cid: string; user: string; seq: number }, never>((db, p) =>
  db.updateTable('members').set({ last_read_seq: p('seq') }).where('conversation_id', '=', p('cid')).where('user_id', '=', p('user')),
);
