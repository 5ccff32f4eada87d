import { html, nothing } from 'lit';
import type { Catalog } from '../i18n/en.js';

/** An @ at the start or after a space, then what has been typed of the name so far. */
const MENTION_BEFORE_CARET = /(?:^|\s)@([^\s@]*)$/;
const MAX_SUGGESTIONS = 8;

/**
 * `@id` of one of these users as its own word: after the start or a space, before the end, a space
 * or punctuation. Group 1 is what precedes the @, group 2 the id (the longest when one id begins another).
 */
export function mentionPattern(ids: readonly string[]): RegExp {
  const alternatives = [...ids].sort((a, b) => b.length - a.length).map((id) => id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`(^|\\s)@(${alternatives.join('|')})(?=$|[\\s,.!?:;，。！？])`, 'g');
}

/** The members whose `@id` appears in the text (as its own word), for `mentionList`. */
export function mentionsIn(text: string, members: readonly string[]): string[] {
  if (members.length === 0) return [];
  const found = new Set([...text.matchAll(mentionPattern(members))].map((match) => match[2]));
  return members.filter((id) => found.has(id));
}

/**
 * The composer's @mention autocomplete: while the word before the caret starts with @, a list of
 * the members whose id or name matches, by name; arrow keys move, Enter or Tab inserts, Escape
 * closes. The textarea keeps the focus and points at the active option (`aria-activedescendant`).
 */
export class MentionPicker {
  suggestions: string[] = [];
  active = 0;
  /** Where the @ is in the text. */
  private start = 0;

  /** Recomputes the suggestions for the text before the caret; true when they changed. */
  update(input: HTMLTextAreaElement, members: readonly string[], me: string, nameOf: (id: string) => string): boolean {
    const before = input.value.slice(0, input.selectionStart);
    const match = MENTION_BEFORE_CARET.exec(before);
    const typed = match?.[1]?.toLowerCase();
    const words = (id: string) => [id.toLowerCase(), nameOf(id).toLowerCase()];
    const startsWithTyped = (id: string) => words(id).some((word) => word.startsWith(typed!));
    const next =
      typed === undefined
        ? []
        : members
            .filter((id) => id !== me && words(id).some((word) => word.includes(typed)))
            .sort((a, b) => Number(!startsWithTyped(a)) - Number(!startsWithTyped(b)))
            .slice(0, MAX_SUGGESTIONS);
    if (match) this.start = before.length - match[1]!.length - 1;
    const changed = next.join('\n') !== this.suggestions.join('\n');
    this.suggestions = next;
    if (changed) this.active = 0;
    return changed;
  }

  get open(): boolean {
    return this.suggestions.length > 0;
  }

  close(): void {
    this.suggestions = [];
  }

  /** Handles a key while open; true when it was the picker's. */
  keydown(event: KeyboardEvent, input: HTMLTextAreaElement): boolean {
    if (!this.open || event.isComposing) return false;
    const count = this.suggestions.length;
    if (event.key === 'ArrowDown') this.active = (this.active + 1) % count;
    else if (event.key === 'ArrowUp') this.active = (this.active - 1 + count) % count;
    else if (event.key === 'Enter' || event.key === 'Tab') this.insert(input, this.suggestions[this.active]!);
    else if (event.key === 'Escape') this.close();
    else return false;
    event.preventDefault();
    return true;
  }

  /** Replaces the typed `@part` with `@id `. */
  insert(input: HTMLTextAreaElement, id: string): void {
    const end = input.selectionStart;
    const text = `@${id} `;
    input.setRangeText(text, this.start, end, 'end');
    input.dispatchEvent(new Event('input', { bubbles: true }));
    this.close();
    input.focus();
  }

  /** The list (empty when closed), and the attributes the textarea needs. */
  render(t: Catalog, choose: (id: string) => void, nameOf: (id: string) => string) {
    if (!this.open) return nothing;
    return html`<ul class="mentions" id="mention-list" role="listbox" aria-label=${t.mentionSuggestions}>
      ${this.suggestions.map(
        (id, i) => html`<li
          id="mention-${i}"
          role="option"
          aria-selected=${i === this.active ? 'true' : 'false'}
          @mousedown=${(event: Event) => {
            // Keeps the focus in the textarea.
            event.preventDefault();
            choose(id);
          }}
        >
          ${nameOf(id) === id ? html`@${id}` : html`${nameOf(id)} <span class="mention-id">@${id}</span>`}
        </li>`,
      )}
    </ul>`;
  }
}
