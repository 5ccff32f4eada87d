import { html, type TemplateResult } from 'lit';
import { mentionPattern } from './mention-picker.js';

/**
 * A message's text with the people it mentions (its `mentionList`) shown by name, as "@Ada
 * Lovelace" rather than the "@ada" that was typed; `plain` renders the text in between (links).
 * Only listed ids become mentions: an "@word" the sender did not mention stays text.
 */
export function withMentions<T>(text: string, mentionList: readonly string[] | undefined, nameOf: (id: string) => string, plain: (text: string) => T): T | (T | TemplateResult)[] {
  if (!mentionList?.length) return plain(text);
  const parts: (T | TemplateResult)[] = [];
  let last = 0;
  for (const match of text.matchAll(mentionPattern(mentionList))) {
    const id = match[2]!;
    const at = match.index + match[1]!.length;
    parts.push(plain(text.slice(last, at)), html`<span class="mention" title=${`@${id}`}>@${nameOf(id)}</span>`);
    last = at + 1 + id.length;
  }
  if (parts.length === 0) return plain(text);
  parts.push(plain(text.slice(last)));
  return parts;
}
