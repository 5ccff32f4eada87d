import { html, nothing } from 'lit';
import type { ChatMessage } from '../../client/chat-message.js';
import type { Catalog } from '../i18n/en.js';
import { localSummary } from '../i18n/summary.js';

/** A reply carries what it answers in `attributes.quote`, so every reader sees it without a lookup. */
export interface Quote {
  id: string;
  from: string;
  text: string;
}

const QUOTE_LENGTH = 200;

export function quoteOf(message: ChatMessage, t: Catalog): Quote {
  return { id: message.id ?? '', from: message.from, text: localSummary(message, t).slice(0, QUOTE_LENGTH) };
}

/** The quoted message above a reply's text, if it is one (attributes from others are checked). */
export function renderQuote(message: Pick<ChatMessage, 'attributes'>, nameOf: (id: string) => string) {
  const quote = message.attributes?.quote as Partial<Quote> | undefined;
  if (typeof quote?.from !== 'string' || typeof quote.text !== 'string') return nothing;
  return html`<blockquote class="quote"><cite>${nameOf(quote.from)}</cite> ${quote.text}</blockquote>`;
}
