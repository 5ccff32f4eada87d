import type { ConversationKind } from '../../protocol/model.js';
import type { NewConversationRow } from '../store/schema.js';

/** What differs between new conversations; the rest starts the same for every kind. */
export interface NewConversation {
  id: string;
  kind: ConversationKind;
  name: string;
  creator: string;
  now: number;
  attributes?: Record<string, unknown>;
  uniqueKey?: string | null;
  clientId?: string;
  expiresAt?: number;
}

/** The row of a conversation that has just been made: no messages, nothing changed yet. */
export function newConversationRow(c: NewConversation): NewConversationRow {
  const row: NewConversationRow = {
    id: c.id,
    kind: c.kind,
    name: c.name,
    creator: c.creator,
    unique_key: c.uniqueKey ?? null,
    attributes: JSON.stringify(c.attributes ?? {}),
    created_at: c.now,
    updated_at: c.now,
    last_message_at: null,
    last_message_id: null,
    last_seq: 0,
  };
  if (c.expiresAt !== undefined) row.expires_at = c.expiresAt;
  if (c.clientId !== undefined) row.client_id = c.clientId;
  return row;
}
