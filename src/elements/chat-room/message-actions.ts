import { html, nothing } from 'lit';
import type { CachedConversation } from '../../client/cache-db.js';
import type { ChatMessage } from '../../client/chat-message.js';
import { MessageType } from '../../protocol/limits.js';
import type { Catalog } from '../i18n/en.js';

/** What the actions menu can do, from the room. */
export interface MessageActionsContext {
  conversation: CachedConversation | undefined;
  t: Catalog;
  reply: (m: ChatMessage) => void;
  edit: (m: ChatMessage) => void;
  recall: (m: ChatMessage) => void;
}

/** The sender may change their own messages; in a group, owners and managers may change anyone's. */
export function canChange(m: ChatMessage, mine: boolean, conversation: CachedConversation | undefined): boolean {
  if (m.status !== 'sent' || !m.id || m.type === MessageType.RECALLED) return false;
  const moderator = conversation?.role === 'owner' || conversation?.role === 'manager';
  return mine || (moderator && conversation.members.length > 2);
}

/**
 * A committed message's "…" button and its menu (a native popover: Escape and a click outside
 * close it): reply, copy, and edit or recall when allowed. Arrow keys move between the items.
 */
export function renderActions(m: ChatMessage, mine: boolean, context: MessageActionsContext) {
  if (m.status !== 'sent' || !m.id || m.type === MessageType.RECALLED) return nothing;
  const { t } = context;
  const changeable = canChange(m, mine, context.conversation);
  const id = `actions-${m.id}`;
  const run = (action: (m: ChatMessage) => void) => (event: Event) => {
    (event.target as HTMLElement).closest<HTMLElement>('[popover]')?.hidePopover();
    action(m);
  };
  return html`<button class="link actions" type="button" popovertarget=${id} aria-haspopup="menu" aria-label=${t.messageActions}>⋯</button>
    <div id=${id} class="actions-menu" part="actions-menu" popover role="menu" aria-label=${t.messageActions} @keydown=${moveFocus} @toggle=${focusFirst}>
      <button role="menuitem" class="reply" type="button" @click=${run(context.reply)}>${t.reply}</button>
      ${m.text ? html`<button role="menuitem" class="copy" type="button" @click=${run(copyText)}>${t.copy}</button>` : nothing}
      ${changeable && mine && m.type === MessageType.TEXT
        ? html`<button role="menuitem" class="edit" type="button" @click=${run(context.edit)}>${t.edit}</button>`
        : nothing}
      ${changeable ? html`<button role="menuitem" class="recall" type="button" @click=${run(context.recall)}>${t.recall}</button>` : nothing}
    </div>`;
}

function copyText(m: ChatMessage): void {
  navigator.clipboard?.writeText(m.text ?? '').catch(() => undefined);
}

function focusFirst(event: Event): void {
  if ((event as ToggleEvent).newState === 'open') (event.currentTarget as HTMLElement).querySelector<HTMLElement>('[role="menuitem"]')?.focus();
}

function moveFocus(event: KeyboardEvent): void {
  const items = [...(event.currentTarget as HTMLElement).querySelectorAll<HTMLElement>('[role="menuitem"]')];
  const at = items.indexOf(event.target as HTMLElement);
  const next = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: items.length - 1 }[event.key];
  if (next === undefined) return;
  event.preventDefault();
  items[(next + items.length) % items.length]?.focus();
}
