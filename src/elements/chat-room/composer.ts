import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { ChatClient } from '../../client/chat-client.js';
import type { ChatMessage } from '../../client/chat-message.js';
import { ChatError } from '../../protocol/chat-error.js';
import { DEFAULT_LIMITS, MessageType } from '../../protocol/limits.js';
import { formatNumber } from '../display.js';
import type { Catalog } from '../i18n/en.js';
import { localSummary } from '../i18n/summary.js';
import { draftKey, loadDraft, saveDraft } from './drafts.js';
import { MentionPicker, mentionsIn } from './mention-picker.js';
import { actionFailureText } from './action-failure.js';
import { quoteOf } from './quote.js';
import { TypingIndicator } from './typing-indicator.js';
import { UploadController } from './upload-controller.js';

/** The longest text a message may carry (the server's default limit). */
const MAX_TEXT = DEFAULT_LIMITS.maxTextLength;
/** From this length on, the composer shows how much is left. */
const COUNT_FROM = Math.floor(MAX_TEXT * 0.9);

/** What the composer needs from the room it sits in. */
export interface ComposerHost extends ReactiveControllerHost, HTMLElement {
  readonly renderRoot: HTMLElement | DocumentFragment;
  /** The client, the open conversation, its members and the strings, read at the time of use. */
  composerContext(): { client: ChatClient | undefined; cid: string; members: readonly string[]; nameOf: (id: string) => string; t: Catalog; lang: string };
  /** The user sent something: the room follows it to the bottom. */
  composerSent(): void;
}

/**
 * The room's message form: a draft per conversation, Enter to send (Shift+Enter for a new
 * line), @mention autocomplete, a typing signal, replying to or editing a message, and
 * attachments by button, paste or drag-and-drop.
 */
export class Composer implements ReactiveController {
  /** The message being edited, if any. */
  editing: ChatMessage | undefined;
  /** The message being replied to, if any. */
  replyingTo: ChatMessage | undefined;
  readonly typing: TypingIndicator;
  private readonly uploads: UploadController;
  private readonly mentions = new MentionPicker();
  private dragging = false;
  /** Files waiting for the upload before them (one uploads at a time), with where they go. */
  private readonly queue: { file: File; client: ChatClient; cid: string }[] = [];
  private uploading = false;
  /** The conversation whose draft the textarea holds. */
  private draftShownFor = '';
  /** Why the last send, edit or recall did not work, shown until the next one or another conversation. */
  private failure: unknown;

  constructor(private readonly host: ComposerHost) {
    host.addController(this);
    this.uploads = new UploadController(host);
    this.typing = new TypingIndicator(host);
  }

  hostConnected(): void {
    this.host.addEventListener('dragover', this.onDragOver);
    this.host.addEventListener('dragleave', this.onDragLeave);
    this.host.addEventListener('drop', this.onDrop);
  }

  hostDisconnected(): void {
    this.host.removeEventListener('dragover', this.onDragOver);
    this.host.removeEventListener('dragleave', this.onDragLeave);
    this.host.removeEventListener('drop', this.onDrop);
  }

  hostUpdated(): void {
    const { cid } = this.host.composerContext();
    const input = this.input;
    if (input && this.draftShownFor !== cid) {
      input.value = loadDraft(this.draftKey);
      this.draftShownFor = cid;
      if (this.editing || this.replyingTo || this.mentions.open || this.failure || input.value.length >= COUNT_FROM) {
        this.editing = this.replyingTo = this.failure = undefined;
        this.mentions.close();
        this.host.requestUpdate();
      }
    }
  }

  private get input(): HTMLTextAreaElement | null {
    return this.host.renderRoot.querySelector('form[part~="composer"] textarea');
  }

  private get draftKey(): string {
    const { client, cid } = this.host.composerContext();
    return draftKey(client?.user.id ?? '', cid);
  }

  startEditing(message: ChatMessage): void {
    this.editing = message;
    this.replyingTo = undefined;
    this.host.requestUpdate();
    const input = this.input;
    if (input) {
      input.value = message.text ?? '';
      input.focus();
    }
  }

  startReply(message: ChatMessage): void {
    if (this.editing) this.stopEditing();
    this.replyingTo = message;
    this.host.requestUpdate();
    this.input?.focus();
  }

  private readonly stopEditing = (): void => {
    this.editing = undefined;
    this.host.requestUpdate();
    const input = this.input;
    if (input) input.value = loadDraft(this.draftKey);
  };

  private readonly stopReplying = (): void => {
    this.replyingTo = undefined;
    this.host.requestUpdate();
    this.input?.focus();
  };

  /** Says why an action on a message did not work (the room's recall reports here too). */
  failed(error: unknown): void {
    this.failure = error;
    this.host.requestUpdate();
  }

  /** Sends files through the uploader, with progress, one after the other. */
  attach(files: Iterable<File>): void {
    const { client, cid } = this.host.composerContext();
    if (!client || !cid) return;
    for (const file of files) this.queue.push({ file, client, cid });
    if (!this.uploading) void this.uploadQueued();
  }

  private async uploadQueued(): Promise<void> {
    this.uploading = true;
    for (let next = this.queue.shift(); next; next = this.queue.shift()) await this.uploads.send(next.client, next.cid, next.file);
    this.uploading = false;
  }

  render() {
    const { t, lang, cid, nameOf } = this.host.composerContext();
    const open = this.mentions.open;
    const length = this.input?.value.length ?? 0;
    const counted = length >= COUNT_FROM;
    return html`${this.uploads.render(t)} ${this.typing.render(cid, t, lang, nameOf)}
      ${this.failure ? html`<p class="action-error" role="alert">${actionFailureText(this.failure, t)}</p>` : nothing} ${this.renderContextBar(t, nameOf)}
      ${counted ? html`<p class=${length > MAX_TEXT ? 'length over' : 'length'} id="message-length">${formatNumber(length, lang)} / ${formatNumber(MAX_TEXT, lang)}</p>` : nothing}
      <form part="composer" @submit=${this.onSubmit}>
        ${this.mentions.render(t, this.chooseMention, nameOf)}
        <label class="attach" title=${t.attachFile}>
          <input type="file" multiple aria-label=${t.attachFile} @change=${this.onFilePicked} />
          <span aria-hidden="true">+</span>
        </label>
        <textarea
          rows="1"
          aria-label=${t.message}
          placeholder=${t.writeMessage}
          aria-describedby=${counted ? 'message-length' : nothing}
          aria-autocomplete="list"
          aria-controls=${open ? 'mention-list' : nothing}
          aria-activedescendant=${open ? `mention-${this.mentions.active}` : nothing}
          @keydown=${this.onKeydown}
          @input=${this.onInput}
          @paste=${this.onPaste}
          @blur=${this.onBlur}
        ></textarea>
        <button class="send" part="send" type="submit">${this.editing ? t.save : t.send}</button>
      </form>
      ${this.dragging ? html`<div class="drop-zone" part="drop-zone" aria-hidden="true">${t.dropFiles}</div>` : nothing}`;
  }

  private renderContextBar(t: Catalog, nameOf: (id: string) => string) {
    if (this.editing) {
      return html`<p class="editing">${t.editingMessage} <button class="link" type="button" @click=${this.stopEditing}>${t.cancel}</button></p>`;
    }
    const reply = this.replyingTo;
    if (!reply) return nothing;
    return html`<p class="editing replying">
      <span class="reply-excerpt">${t.replyingTo(nameOf(reply.from))}: ${localSummary(reply, t)}</span>
      <button class="link" type="button" @click=${this.stopReplying}>${t.cancel}</button>
    </p>`;
  }

  private readonly chooseMention = (id: string): void => {
    const input = this.input;
    if (input) this.mentions.insert(input, id);
    this.host.requestUpdate();
  };

  private readonly onInput = (): void => {
    const input = this.input;
    if (!input) return;
    const { client, cid, members, nameOf } = this.host.composerContext();
    if (this.mentions.update(input, members, client?.user.id ?? '', nameOf)) this.host.requestUpdate();
    // The count, while it shows (or is about to): a pasted text is never cut short unseen.
    if (input.value.length >= COUNT_FROM || this.host.renderRoot.querySelector('#message-length')) this.host.requestUpdate();
    if (this.editing) return;
    saveDraft(this.draftKey, input.value);
    if (input.value.trim()) this.typing.typed(client, cid);
  };

  private readonly onBlur = (): void => {
    if (!this.mentions.open) return;
    this.mentions.close();
    this.host.requestUpdate();
  };

  private readonly onFilePicked = (event: Event): void => {
    const input = event.target as HTMLInputElement;
    const files = [...(input.files ?? [])];
    input.value = '';
    this.attach(files);
  };

  private readonly onPaste = (event: ClipboardEvent): void => {
    const files = event.clipboardData?.files;
    if (!files?.length) return;
    event.preventDefault();
    this.attach(files);
  };

  private readonly onDragOver = (event: DragEvent): void => {
    if (!event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    if (this.dragging) return;
    this.dragging = true;
    this.host.requestUpdate();
  };

  private readonly onDragLeave = (event: DragEvent): void => {
    // Only when the pointer leaves the room, not when it moves between its children.
    if (event.relatedTarget && this.host.contains(event.relatedTarget as Node)) return;
    this.dragging = false;
    this.host.requestUpdate();
  };

  private readonly onDrop = (event: DragEvent): void => {
    const files = event.dataTransfer?.files;
    this.dragging = false;
    this.host.requestUpdate();
    if (!files?.length) return;
    event.preventDefault();
    this.attach(files);
  };

  private readonly onKeydown = (event: KeyboardEvent): void => {
    const input = this.input;
    if (input && this.mentions.keydown(event, input)) {
      this.host.requestUpdate();
      return;
    }
    if (event.key === 'Escape' && (this.replyingTo || this.editing)) {
      if (this.editing) this.stopEditing();
      else this.stopReplying();
      return;
    }
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      this.send();
    }
  };

  private readonly onSubmit = (event: Event): void => {
    event.preventDefault();
    this.send();
  };

  private send(): void {
    const input = this.input;
    const { client, cid, members } = this.host.composerContext();
    if (!input || !client || !cid) return;
    const text = input.value;
    if (!text.trim()) return;
    if (text.length > MAX_TEXT) {
      // Kept in the box to shorten; the count above says by how much.
      this.failed(new ChatError('PAYLOAD_TOO_LARGE', undefined, { field: 'text', max: MAX_TEXT }));
      return;
    }
    const editing = this.editing;
    const mentionList = mentionsIn(text, members.filter((m) => m !== client.user.id));
    input.value = editing ? loadDraft(this.draftKey) : '';
    this.failure = undefined;
    this.mentions.close();
    if (editing?.id) {
      this.editing = undefined;
      this.host.requestUpdate();
      client.update(editing.cid, editing.id, { text, mentionList }).catch((error: unknown) => {
        // The edit is not lost: back in the box, still editing, with the reason.
        if (this.host.composerContext().cid === editing.cid && !this.editing && !this.replyingTo) {
          this.editing = editing;
          input.value = text;
        }
        this.failed(error);
      });
      return;
    }
    saveDraft(this.draftKey, '');
    const quote = this.replyingTo ? quoteOf(this.replyingTo, this.host.composerContext().t) : undefined;
    this.replyingTo = undefined;
    this.typing.sent();
    this.host.requestUpdate();
    this.host.composerSent();
    client
      .send(cid, {
        type: MessageType.TEXT,
        text,
        ...(mentionList.length > 0 ? { mentionList } : {}),
        ...(quote ? { attributes: { quote } } : {}),
      })
      .catch((error: unknown) => {
        // A refusal after queuing shows on the message itself (not sent, retry). Not queued at
        // all, the text would be gone: it goes back into the box unless something new is there.
        if ((error as { name?: string }).name !== 'MESSAGE_NOT_QUEUED') return;
        if (this.host.composerContext().cid === cid && !input.value) {
          input.value = text;
          saveDraft(this.draftKey, text);
        }
        this.failed(error);
      });
  }
}
