import type { ChatMessage } from '../../client/chat-message.js';

/** Consecutive messages from one sender within this gap are shown as one group. */
const GROUP_GAP = 5 * 60 * 1000;

export type MessageRow =
  | { kind: 'day'; key: string; timestamp: number }
  | { kind: 'unread'; key: string }
  | { kind: 'message'; key: string; message: ChatMessage; startsGroup: boolean };

/**
 * The message list as rows: a separator at each new day and before the first unread message,
 * and each message marked when it starts a run of messages from the same sender. `before` is the
 * message just above the list, when it shows only part of the conversation: headings and groups
 * continue from it rather than restart at the list's first row.
 */
export function messageRows(messages: readonly ChatMessage[], firstUnreadKey?: string, before?: ChatMessage): MessageRow[] {
  const rows: MessageRow[] = [];
  let previous = before;
  for (const message of messages) {
    const newDay = !previous || new Date(previous.timestamp).toDateString() !== new Date(message.timestamp).toDateString();
    if (newDay) rows.push({ kind: 'day', key: `day:${new Date(message.timestamp).toDateString()}`, timestamp: message.timestamp });
    const unread = message.key === firstUnreadKey;
    if (unread) rows.push({ kind: 'unread', key: 'unread' });
    const startsGroup = newDay || unread || !previous || previous.from !== message.from || message.timestamp - previous.timestamp > GROUP_GAP;
    rows.push({ kind: 'message', key: message.key, message, startsGroup });
    previous = message;
  }
  return rows;
}

/** The first of the last `unread` messages from others: where the unread separator goes. */
function firstUnreadKey(messages: readonly ChatMessage[], me: string, unread: number): string | undefined {
  if (unread <= 0) return undefined;
  let seen = 0;
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i]!;
    if (message.from === me) continue;
    seen++;
    if (seen === unread) return message.key;
  }
  return undefined;
}

/**
 * Where the unread separator goes in the open conversation. Placed once the message is found (or
 * once there is nothing more to wait for), then kept while the messages get marked read.
 */
export class UnreadMarker {
  key: string | undefined;
  private placedFor = '';

  isPlaced(cid: string): boolean {
    return this.placedFor === cid;
  }

  reset(): void {
    this.placedFor = '';
    this.key = undefined;
  }

  /** `complete`: the list holds all it will before the reader scrolls. */
  place(cid: string, messages: readonly ChatMessage[], me: string, unread: number, complete: boolean): void {
    if (this.placedFor === cid) return;
    const key = firstUnreadKey(messages, me, unread);
    if (!key && unread > 0 && !complete) return;
    this.key = key;
    this.placedFor = cid;
  }
}
