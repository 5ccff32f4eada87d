import { DEFAULT_LIMITS } from '../../protocol/limits.js';

/** What a deployment may change about messages. Every field has a documented default. */
export interface MessagePolicy {
  /** Characters of a message's text (default 5,000). */
  maxTextLength: number;
  /** Encoded bytes of a message with its pushData (default 16 KB). */
  maxMessageBytes: number;
  /** Recall and edit can each be switched off (4407, 4406). */
  allowRecall: boolean;
  allowEdit: boolean;
  /** How long after sending a sender may still recall or edit; none by default. */
  recallWindowMs?: number;
  editWindowMs?: number;
  /**
   * Chat room load, in messages per room per second: above the first, low-priority messages
   * are dropped; above the second, normal ones too. High priority is never dropped.
   */
  roomLowPriorityPerSecond: number;
  roomNormalPriorityPerSecond: number;
}

export const DEFAULT_MESSAGE_POLICY: MessagePolicy = {
  maxTextLength: DEFAULT_LIMITS.maxTextLength,
  maxMessageBytes: DEFAULT_LIMITS.maxMessageBytes,
  allowRecall: true,
  allowEdit: true,
  roomLowPriorityPerSecond: 50,
  roomNormalPriorityPerSecond: 200,
};

export function messagePolicy(overrides: Partial<MessagePolicy> = {}): MessagePolicy {
  return { ...DEFAULT_MESSAGE_POLICY, ...overrides };
}
