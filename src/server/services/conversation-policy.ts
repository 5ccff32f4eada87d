/** What a deployment may change about conversations. Every field has a documented default (SPEC §2, §4). */
export interface ConversationPolicy {
  /** Members of a temporary conversation, fixed at creation (default 10). */
  maxTemporaryMembers: number;
  /** Time to live of a temporary conversation when none is asked for (default 1 day). */
  temporaryTtlSeconds: number;
  /** Longest time to live a temporary conversation may ask for (default 30 days). */
  maxTemporaryTtlSeconds: number;
  /** A conversation with no message and no change for this long is deleted with its history (default 1 year). */
  inactiveAfterMs: number;
  /** After a disconnect, how long a chat room participant may be put back without joining again (default 30 min). */
  chatRoomRejoinWindowMs: number;
  /** Flood control in chat rooms: each sender may send this many messages… */
  chatRoomFloodMessages: number;
  /** …per this many seconds in one room (default 10 per 10 s). */
  chatRoomFloodSeconds: number;
  /** How often the expiry job runs (default every minute); 0 turns the schedule off. */
  expiryIntervalMs: number;
  /** Conversations deleted per transaction by the expiry job, so writers are never held up long. */
  expiryBatchSize: number;
}

const DAY_MS = 24 * 3600 * 1000;

export const DEFAULT_CONVERSATION_POLICY: ConversationPolicy = {
  maxTemporaryMembers: 10,
  temporaryTtlSeconds: 24 * 3600,
  maxTemporaryTtlSeconds: 30 * 24 * 3600,
  inactiveAfterMs: 365 * DAY_MS,
  chatRoomRejoinWindowMs: 30 * 60 * 1000,
  chatRoomFloodMessages: 10,
  chatRoomFloodSeconds: 10,
  expiryIntervalMs: 60 * 1000,
  expiryBatchSize: 500,
};

export function conversationPolicy(overrides: Partial<ConversationPolicy> = {}): ConversationPolicy {
  return { ...DEFAULT_CONVERSATION_POLICY, ...overrides };
}
