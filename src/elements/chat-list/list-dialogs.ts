import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { nanoid } from 'nanoid';
import type { ChatClient } from '../../client/chat-client.js';
import type { ConversationRecord } from '../../protocol/model.js';
import { DEFAULT_LIMITS } from '../../protocol/limits.js';
import type { Catalog } from '../i18n/en.js';
import { PeoplePicker } from './people-picker.js';

export interface ListDialogsHost extends ReactiveControllerHost {
  readonly renderRoot: HTMLElement | DocumentFragment;
  dialogContext(): { client: ChatClient | undefined; t: Catalog };
  /** A conversation was made or joined: the list selects it. */
  opened(conversation: ConversationRecord): void;
}

/**
 * The list's two actions, each in a modal `<dialog>` (focus kept inside, Escape closes, focus
 * returns to the button that opened it): start a conversation with members and a name, and find
 * and join a chat room.
 */
export class ListDialogs implements ReactiveController {
  private error = '';
  private busy = false;
  private rooms: ConversationRecord[] | undefined;
  private readonly people: PeoplePicker;
  /** One key per opening of the create dialog: trying again after an error cannot make two. */
  private createKey = '';

  constructor(private readonly host: ListDialogsHost) {
    host.addController(this);
    this.people = new PeoplePicker({ requestUpdate: () => host.requestUpdate(), client: () => host.dialogContext().client });
  }

  hostConnected(): void {}

  private dialog(name: 'create' | 'join'): HTMLDialogElement | null {
    return this.host.renderRoot.querySelector(`dialog.${name}`);
  }

  private show(name: 'create' | 'join'): void {
    this.error = '';
    this.host.requestUpdate();
    const dialog = this.dialog(name);
    dialog?.querySelector('form')?.reset();
    if (name === 'create') {
      this.people.reset();
      this.createKey = nanoid();
    }
    dialog?.showModal();
    if (name === 'join') void this.findRooms('');
  }

  private readonly close = (event: Event): void => {
    (event.target as HTMLElement).closest('dialog')?.close();
  };

  /** Runs an action, showing its error in the dialog; closes the dialog when it succeeds. */
  private async act(dialog: HTMLDialogElement | null, action: (client: ChatClient) => Promise<ConversationRecord>): Promise<void> {
    const { client, t } = this.host.dialogContext();
    if (!client || this.busy) return;
    this.busy = true;
    this.error = '';
    this.host.requestUpdate();
    try {
      const conversation = await action(client);
      dialog?.close();
      this.host.opened(conversation);
    } catch (error) {
      const name = (error as { name?: string }).name;
      this.error = name === 'CLIENT_OFFLINE' ? t.offline : t.actionFailed(name ?? 'UNKNOWN');
    } finally {
      this.busy = false;
      this.host.requestUpdate();
    }
  }

  private readonly onCreate = (event: SubmitEvent): void => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const members = this.people.members(form.querySelector<HTMLInputElement>('input[name="members"]')!);
    const name = String(new FormData(form).get('name') ?? '').trim();
    if (members.length === 0) {
      this.error = this.host.dialogContext().t.membersRequired;
      this.host.requestUpdate();
      return;
    }
    const clientId = this.createKey;
    void this.act(form.closest('dialog'), (client) => client.createConversation(name ? { members, name, clientId } : { members, clientId }));
  };

  private readonly onFindRooms = (event: SubmitEvent): void => {
    event.preventDefault();
    void this.findRooms(String(new FormData(event.target as HTMLFormElement).get('room') ?? '').trim());
  };

  private async findRooms(text: string): Promise<void> {
    const { client } = this.host.dialogContext();
    if (!client) return;
    this.rooms = undefined;
    this.host.requestUpdate();
    const query = client.getChatRoomQuery().descending('lastMessageAt').limit(20);
    try {
      this.rooms = await (text ? query.contains('name', text) : query).find();
    } catch {
      this.rooms = await query.findInCache();
    }
    this.host.requestUpdate();
  }

  private join(room: ConversationRecord): void {
    void this.act(this.dialog('join'), (client) => client.conversations.join(room.id));
  }

  /** The two action buttons, for the list's header. */
  renderButtons(t: Catalog) {
    return html`<button class="action create" part="action" type="button" aria-haspopup="dialog" @click=${() => this.show('create')}>
        <span aria-hidden="true">+</span><span class="visually-hidden">${t.createChat}</span>
      </button>
      <button class="action join" part="action" type="button" aria-haspopup="dialog" @click=${() => this.show('join')}>
        <span aria-hidden="true">#</span><span class="visually-hidden">${t.joinChatRoom}</span>
      </button>`;
  }

  renderDialogs(t: Catalog) {
    const alert = this.error ? html`<p class="dialog-error" role="alert">${this.error}</p>` : nothing;
    return html`<dialog class="create" part="dialog" aria-labelledby="create-title">
        <form @submit=${this.onCreate}>
          <h2 id="create-title">${t.createChat}</h2>
          ${this.people.render(t, (id) => this.host.dialogContext().client?.people.nameOf(id) ?? id)}
          <p id="members-hint" class="hint">${t.membersHint}</p>
          <label>${t.nameField}<input name="name" autocomplete="off" maxlength=${DEFAULT_LIMITS.maxNameLength} /></label>
          ${alert}
          <div class="dialog-actions">
            <button type="button" @click=${this.close}>${t.cancel}</button>
            <button class="primary" type="submit" ?disabled=${this.busy}>${t.create}</button>
          </div>
        </form>
      </dialog>
      <dialog class="join" part="dialog" aria-labelledby="join-title">
        <form @submit=${this.onFindRooms}>
          <h2 id="join-title">${t.joinChatRoom}</h2>
          <label>${t.roomNameField}<input name="room" type="search" autocomplete="off" maxlength=${DEFAULT_LIMITS.maxNameLength} /></label>
          <button type="submit">${t.search}</button>
        </form>
        ${this.rooms === undefined
          ? html`<p class="hint" role="status">${t.loading}</p>`
          : this.rooms.length === 0
            ? html`<p class="hint" role="status">${t.noRooms}</p>`
            : html`<ul class="rooms" aria-label=${t.joinChatRoom}>
                ${this.rooms.map(
                  (room) => html`<li>
                    <span>${room.name || room.id}</span>
                    <button type="button" ?disabled=${this.busy} aria-label=${t.joinRoom(room.name || room.id)} @click=${() => this.join(room)}>
                      ${t.join}
                    </button>
                  </li>`,
                )}
              </ul>`}
        ${alert}
        <div class="dialog-actions"><button type="button" @click=${this.close}>${t.close}</button></div>
      </dialog>`;
  }
}
