import { html, nothing } from 'lit';
import type { CachedConversation } from '../../client/cache-db.js';
import type { ChatMessage } from '../../client/chat-message.js';
import { MessageType } from '../../protocol/limits.js';
import type { FileInfo } from '../../protocol/model.js';
import { dayLabel, shortTime } from '../display.js';
import type { Catalog } from '../i18n/en.js';
import { renderContent } from './message-content.js';
import type { MessageRow } from './message-rows.js';
import { renderStatus } from './message-status.js';

/** What rendering a row needs from the room. */
export interface MessageViewContext {
  me: string;
  /** More than two members: senders are named. */
  group: boolean;
  conversation: CachedConversation | undefined;
  server: string;
  t: Catalog;
  lang: string;
  openImage: (file: FileInfo, url: string) => void;
  retry: (m: ChatMessage) => void;
  discard: (m: ChatMessage) => void;
  edit: (m: ChatMessage) => void;
  recall: (m: ChatMessage) => void;
}

/** One row of the log: a day heading, the unread separator, or a message. */
export function renderRow(row: MessageRow, context: MessageViewContext) {
  const { t, lang } = context;
  if (row.kind === 'day') return html`<p class="separator day">${dayLabel(row.timestamp, lang)}</p>`;
  if (row.kind === 'unread') return html`<p class="separator unread">${t.unreadBelow}</p>`;
  return renderMessage(row.message, row.startsGroup, context);
}

function renderMessage(m: ChatMessage, startsGroup: boolean, context: MessageViewContext) {
  const { t, lang } = context;
  const mine = m.from === context.me;
  const classes = `message ${mine ? 'mine' : ''} ${startsGroup ? 'starts-group' : ''} ${m.status} ${m.mentioned ? 'mentioned' : ''}`;
  return html`<div part="message" class=${classes} data-key=${m.key} data-type=${m.type}>
    ${context.group && !mine && startsGroup ? html`<span class="sender">${m.from}</span>` : nothing}
    <div class="bubble" part="bubble">${renderContent(m, context)}</div>
    <div class="info">
      <time datetime=${new Date(m.timestamp).toISOString()}>${shortTime(m.timestamp, lang)}</time>
      ${m.updatedAt !== undefined && m.type !== MessageType.RECALLED ? html`<span class="edited">${t.edited}</span>` : nothing}
      ${mine
        ? renderStatus(m, context.conversation, t, { retry: () => context.retry(m), discard: () => context.discard(m) })
        : nothing}
      ${canChange(m, mine, context.conversation) ? renderActions(m, mine, context) : nothing}
    </div>
  </div>`;
}

/** The sender may change their own messages; in a group, owners and managers may change anyone's. */
function canChange(m: ChatMessage, mine: boolean, conversation: CachedConversation | undefined): boolean {
  if (m.status !== 'sent' || !m.id || m.type === MessageType.RECALLED) return false;
  const moderator = conversation?.role === 'owner' || conversation?.role === 'manager';
  return mine || (moderator && conversation.members.length > 2);
}

function renderActions(m: ChatMessage, mine: boolean, context: MessageViewContext) {
  const { t } = context;
  return html`${m.type === MessageType.TEXT && mine
      ? html`<button class="link edit" type="button" @click=${() => context.edit(m)}>${t.edit}</button>`
      : nothing}
    <button class="link recall" type="button" @click=${() => context.recall(m)}>${t.recall}</button>`;
}
