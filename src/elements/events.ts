import type { MessageRecord } from '../protocol/model.js';

/** DOM events the elements fire: bubbling and composed, so a host page can listen anywhere. */

export class ChatSelectEvent extends Event {
  static readonly type = 'chat-select';
  constructor(readonly conversationId: string) {
    super(ChatSelectEvent.type, { bubbles: true, composed: true });
  }
}

/** A message from someone else arrived in the open conversation. */
export class ChatMessageEvent extends Event {
  static readonly type = 'chat-message';
  constructor(readonly message: MessageRecord) {
    super(ChatMessageEvent.type, { bubbles: true, composed: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    'chat-select': ChatSelectEvent;
    'chat-message': ChatMessageEvent;
  }
}
