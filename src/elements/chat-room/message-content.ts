import { html, nothing, type TemplateResult } from 'lit';
import type { ChatMessage } from '../../client/chat-message.js';
import { customMessageType } from '../../client/message-types.js';
import { MessageType } from '../../protocol/limits.js';
import type { FileInfo } from '../../protocol/model.js';
import { fileSize } from '../display.js';
import { BLANK } from '../formats-controller.js';
import type { Catalog } from '../i18n/en.js';
import { withMentions } from './mention-text.js';
import { renderQuote } from './quote.js';

/** Renders a custom type's content. Return a Lit template (never HTML built from strings). */
export type MessageRenderer = (message: ChatMessage) => TemplateResult | string;

const renderers = new Map<number, MessageRenderer>();

/** Shows messages of a custom type (see `defineMessageType`) in `<chat-room>`. */
export function defineMessageRenderer(type: number, render: MessageRenderer): void {
  if (!Number.isInteger(type) || type <= 0) throw new RangeError('Custom message types use positive integers');
  renderers.set(type, render);
}

export interface ContentContext {
  /** The chat server: file URLs are relative to it. */
  server: string;
  /** Opens an image large (the lightbox). */
  openImage: (file: FileInfo, url: string) => void;
  /** The reader's strings and language. */
  t: Catalog;
  /** The name to show for a user id. */
  nameOf: (id: string) => string;
  lang: string;
  /** Whether sizes can be formatted yet (see FormatsController). */
  formatsReady: boolean;
}

/** A message's content, by type. User text is always text: links only for http, https and mailto. */
export function renderContent(message: ChatMessage, context: ContentContext): TemplateResult | string | readonly unknown[] {
  const text = (value: string) => withMentions(value, message.mentionList, context.nameOf, linkify);
  const caption = message.text ? html`<p class="text">${text(message.text)}</p>` : nothing;
  switch (message.type) {
    case MessageType.TEXT: {
      // Most messages are plain text: one text node, no template around it.
      const quote = renderQuote(message, context.nameOf);
      const body = text(message.text ?? '');
      return quote === nothing ? body : html`${quote}${body}`;
    }
    case MessageType.RECALLED:
      return html`<em class="recalled">${context.t.recalled}</em>`;
    case MessageType.IMAGE:
    case MessageType.AUDIO:
    case MessageType.VIDEO:
    case MessageType.FILE:
      return html`${renderFile(message.type, message.file, context)}${caption}`;
    case MessageType.LOCATION:
      return html`${renderLocation(message, context.t)}${caption}`;
  }
  const custom = renderers.get(message.type);
  if (custom) return html`${custom(message)}`;
  // A type this page does not know: kept, and shown as such.
  const label = customMessageType(message.type)?.label;
  return html`<span class="unsupported">${label ? `[${label}]` : context.t.unsupportedMessage}</span>${caption}`;
}

/** A file URL of this server's own uploads, or undefined for anything else. */
export function fileUrl(file: FileInfo | undefined, server: string): string | undefined {
  if (!file || !file.url.startsWith('/files/')) return undefined;
  const url = new URL(file.url, server);
  return url.origin === new URL(server).origin ? url.href : undefined;
}

function renderFile(type: number, file: FileInfo | undefined, context: ContentContext) {
  const url = fileUrl(file, context.server);
  if (file && file.url === '') {
    // Still in the sender's outbox, waiting to be uploaded.
    return html`<span class="file-card pending"><span class="file-name">${file.name}</span><span class="meta">${size(file.size, context)}</span></span>`;
  }
  if (!file || !url) return html`<span class="unsupported">${context.t.fileUnavailable}</span>`;
  if (type === MessageType.IMAGE && file.mime.startsWith('image/')) {
    return html`<button class="thumb" type="button" aria-label=${context.t.openImage(file.name)} @click=${() => context.openImage(file, url)}>
      <img src=${url} alt=${file.name} width=${file.width ?? nothing} height=${file.height ?? nothing} loading="lazy" />
    </button>`;
  }
  if (type === MessageType.AUDIO) {
    return html`<audio class="media" controls preload="metadata" src=${url} aria-label=${file.name}></audio>
      ${file.duration !== undefined ? html`<span class="meta">${duration(file.duration)}</span>` : nothing}`;
  }
  if (type === MessageType.VIDEO) {
    return html`<video class="media" controls preload="metadata" src=${url} width=${file.width ?? nothing} height=${file.height ?? nothing} aria-label=${file.name}></video>`;
  }
  return html`<a class="file-card" href=${url} download=${file.name} target="_blank" rel="noopener noreferrer">
    <span class="file-name">${file.name}</span>
    <span class="meta">${size(file.size, context)}</span>
  </a>`;
}

function size(bytes: number, context: ContentContext): string {
  return context.formatsReady ? fileSize(bytes, context.lang) : BLANK;
}

function renderLocation(message: ChatMessage, t: Catalog) {
  const location = message.location;
  if (!location) return html`<span class="unsupported">${t.locationUnavailable}</span>`;
  const lat = location.latitude.toFixed(5);
  const lon = location.longitude.toFixed(5);
  // Built from numbers only: nothing the sender typed ends up in the URL.
  const map = `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=16/${lat}/${lon}`;
  return html`<a class="location-card" href=${map} target="_blank" rel="noopener noreferrer">
    ${location.label ? html`<span class="file-name">${location.label}</span>` : nothing}
    <span class="meta">${lat}, ${lon}</span>
  </a>`;
}

// http(s) URLs and mailto: addresses; anything else (javascript:, data:, …) stays plain text.
const LINK = /\b(?:https?:\/\/[^\s<>"']+|mailto:[^\s<>"']+)/gi;
const TRAILING_PUNCTUATION = /[.,;:!?)\]}]+$/;

/** Text with its links: the text itself when it has none (the usual case: a single text node). */
type Linked = string | (string | TemplateResult)[];

/** Text with its http, https and mailto links clickable; everything else is text. */
export function linkify(text: string): Linked {
  const parts: (string | TemplateResult)[] = [];
  let last = 0;
  for (const match of text.matchAll(LINK)) {
    const raw = match[0].replace(TRAILING_PUNCTUATION, '');
    const href = safeHref(raw);
    if (!href) continue;
    parts.push(text.slice(last, match.index));
    parts.push(html`<a href=${href} target="_blank" rel="noopener noreferrer nofollow">${raw}</a>`);
    last = match.index + raw.length;
  }
  if (parts.length === 0) return text;
  parts.push(text.slice(last));
  return parts;
}

function safeHref(raw: string): string | undefined {
  try {
    const url = new URL(raw);
    return ['http:', 'https:', 'mailto:'].includes(url.protocol) ? url.href : undefined;
  } catch {
    return undefined;
  }
}

function duration(seconds: number): string {
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}
