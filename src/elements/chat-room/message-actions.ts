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
  /** The key of the message whose menu is open: only that row has a menu in the DOM. */
  actionsOpen: string | undefined;
  /** Renders `m`'s menu and opens it beside `button` (or closes it when it is open). */
  toggleActions: (m: ChatMessage, button: HTMLElement) => void;
  /** `m`'s menu closed (another may have opened meanwhile). */
  actionsClosed: (m: ChatMessage) => void;
}

/** The sender may change their own messages; in a group, owners and managers may change anyone's. */
export function canChange(m: ChatMessage, mine: boolean, conversation: CachedConversation | undefined): boolean {
  if (m.status !== 'sent' || !m.id || m.type === MessageType.RECALLED) return false;
  const moderator = conversation?.role === 'owner' || conversation?.role === 'manager';
  return mine || (moderator && conversation.members.length > 2);
}

/**
 * A committed message's "…" button, and its menu while open (a native popover: Escape and a
 * click outside close it): reply, copy, and edit or recall when allowed. Arrow keys move between
 * the items. A menu exists only while open, so a page of rows carries one button each.
 */
export function renderActions(m: ChatMessage, mine: boolean, context: MessageActionsContext) {
  if (m.status !== 'sent' || !m.id || m.type === MessageType.RECALLED) return nothing;
  const { t } = context;
  const open = context.actionsOpen === m.key;
  return html`<button
      class="link actions"
      type="button"
      aria-haspopup="menu"
      aria-expanded=${open ? 'true' : 'false'}
      aria-label=${t.messageActions}
      @click=${(event: Event) => context.toggleActions(m, event.currentTarget as HTMLElement)}
    >
      ⋯
    </button>
    ${open ? renderMenu(m, mine, context) : nothing}`;
}

function renderMenu(m: ChatMessage, mine: boolean, context: MessageActionsContext) {
  const { t } = context;
  const changeable = canChange(m, mine, context.conversation);
  const run = (action: (m: ChatMessage) => void) => (event: Event) => {
    (event.target as HTMLElement).closest<HTMLElement>('[popover]')?.hidePopover();
    action(m);
  };
  const toggled = (event: Event) => {
    if ((event as ToggleEvent).newState === 'open') (event.currentTarget as HTMLElement).querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    else context.actionsClosed(m);
  };
  return html`<div class="actions-menu" part="actions-menu" popover role="menu" aria-label=${t.messageActions} @keydown=${moveFocus} @toggle=${toggled}>
    <button role="menuitem" class="reply" type="button" @click=${run(context.reply)}>${t.reply}</button>
    ${m.text ? html`<button role="menuitem" class="copy" type="button" @click=${run(copyText)}>${t.copy}</button>` : nothing}
    ${changeable && mine && m.type === MessageType.TEXT
      ? html`<button role="menuitem" class="edit" type="button" @click=${run(context.edit)}>${t.edit}</button>`
      : nothing}
    ${changeable ? html`<button role="menuitem" class="recall" type="button" @click=${run(context.recall)}>${t.recall}</button>` : nothing}
  </div>`;
}

/** The menu rendered beside a row's "…" button, if any. */
export function menuBeside(button: HTMLElement): HTMLElement | null {
  return button.parentElement?.querySelector<HTMLElement>(':scope > [popover]') ?? null;
}

/** Opens a row's menu once rendered, anchored to its button (the anchor `position-area` places it by). */
export function showActionsMenu(button: HTMLElement): void {
  (menuBeside(button) as (HTMLElement & { showPopover(options: { source: HTMLElement }): void }) | null)?.showPopover({ source: button });
}

function copyText(m: ChatMessage): void {
  navigator.clipboard?.writeText(m.text ?? '').catch(() => undefined);
}

function moveFocus(event: KeyboardEvent): void {
  const items = [...(event.currentTarget as HTMLElement).querySelectorAll<HTMLElement>('[role="menuitem"]')];
  const at = items.indexOf(event.target as HTMLElement);
  const next = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: items.length - 1 }[event.key];
  if (next === undefined) return;
  event.preventDefault();
  items[(next + items.length) % items.length]?.focus();
}
