import { html, nothing } from 'lit';
import type { ChatMessage } from '../../client/chat-message.js';
import { MessageType } from '../../protocol/limits.js';
import { dayLabel, shortTime } from '../display.js';
import { BLANK } from '../formats-controller.js';
import { type MessageActionsContext, renderActions } from './message-actions.js';
import { type ContentContext, renderContent } from './message-content.js';
import type { MessageRow } from './message-rows.js';
import { renderStatus } from './message-status.js';

/** What rendering a row needs from the room: its content's and its actions menu's needs, and these. */
export interface MessageViewContext extends ContentContext, MessageActionsContext {
  me: string;
  /** A group or a chat room: each run of messages shows its sender's name. */
  namesSenders: boolean;
  /** The newest message's `seq`: the size of the set each message's position is given in. */
  total: number;
  /** The time by the server's clock, for "today" and "yesterday". */
  now: number;
  retry: (m: ChatMessage) => void;
  discard: (m: ChatMessage) => void;
}

/** One row of the log: a day heading, the unread separator, or a message. */
export function renderRow(row: MessageRow, context: MessageViewContext) {
  const { t, lang } = context;
  if (row.kind === 'day') return html`<p class="separator day">${context.formatsReady ? dayLabel(row.timestamp, lang, context.now) : BLANK}</p>`;
  if (row.kind === 'unread') return html`<p class="separator unread">${t.unreadBelow}</p>`;
  return renderMessage(row.message, row.startsGroup, context);
}

function renderMessage(m: ChatMessage, startsGroup: boolean, context: MessageViewContext) {
  const { t, lang } = context;
  const mine = m.from === context.me;
  const classes = `message ${mine ? 'mine' : ''} ${startsGroup ? 'starts-group' : ''} ${m.status} ${m.mentioned ? 'mentioned' : ''}`;
  // Only part of the conversation is rendered: its position tells assistive technology where it sits.
  return html`<div
    part="message"
    role="article"
    class=${classes}
    data-key=${m.key}
    data-type=${m.type}
    aria-posinset=${m.seq ?? nothing}
    aria-setsize=${m.seq === undefined ? nothing : context.total}
  >
    ${context.namesSenders && !mine && startsGroup ? html`<span class="sender">${context.nameOf(m.from)}</span>` : nothing}
    <div class="bubble" part="bubble">${renderContent(m, context)}</div>
    <div class="info">
      <time datetime=${new Date(m.timestamp).toISOString()}>${context.formatsReady ? shortTime(m.timestamp, lang, context.now) : BLANK}</time>
      ${m.updatedAt !== undefined && m.type !== MessageType.RECALLED ? html`<span class="edited">${t.edited}</span>` : nothing}
      ${mine
        ? renderStatus(m, context.conversation, t, { retry: () => context.retry(m), discard: () => context.discard(m) })
        : nothing}
      ${renderActions(m, mine, context)}
    </div>
  </div>`;
}
