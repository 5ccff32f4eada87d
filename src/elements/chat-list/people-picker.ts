import { html, nothing } from 'lit';
import type { ChatClient } from '../../client/chat-client.js';
import type { PublicProfile } from '../../protocol/model.js';
import type { Catalog } from '../i18n/en.js';

const MAX_SUGGESTIONS = 8;
/** Typing pauses this long before the server is asked. */
const SEARCH_DELAY_MS = 150;
/** Typing one of these ends an entry, like Enter. */
const SEPARATORS = new Set([',', '，']);

export interface PeoplePickerHost {
  requestUpdate(): void;
  client(): ChatClient | undefined;
}

/**
 * The new-conversation dialog's members field: people chosen so far as removable chips, and a
 * combobox that suggests people by name or id as one types (known ones and the server's search
 * among the people the user shares conversations with). Arrow keys move through the suggestions,
 * Enter picks one; Enter, Tab or a comma takes what was typed as a name shown or an id (for
 * someone never met); Backspace in the empty field removes the last chip.
 */
export class PeoplePicker {
  private chosen: string[] = [];
  private suggestions: PublicProfile[] = [];
  private active = -1;
  private searchTimer: ReturnType<typeof setTimeout> | undefined;
  /** Counts searches, so an answer to an older one is dropped. */
  private searches = 0;

  constructor(private readonly host: PeoplePickerHost) {}

  reset(): void {
    this.chosen = [];
    this.closeSuggestions();
  }

  /** The members chosen, with whatever is still typed in `input` taken as entries too. */
  members(input: HTMLInputElement): string[] {
    this.take(input);
    return [...this.chosen];
  }

  /** Closes the list, and drops a search still waiting or under way. */
  private closeSuggestions(): void {
    clearTimeout(this.searchTimer);
    this.searches++;
    this.suggestions = [];
    this.active = -1;
    this.host.requestUpdate();
  }

  private readonly onInput = (event: Event): void => {
    const text = (event.target as HTMLInputElement).value.trim();
    this.closeSuggestions();
    if (!text) return;
    const search = this.searches;
    this.searchTimer = setTimeout(async () => {
      const found = (await this.host.client()?.people.search(text, MAX_SUGGESTIONS + this.chosen.length)) ?? [];
      if (search !== this.searches) return;
      this.suggestions = found.filter((person) => !this.chosen.includes(person.id)).slice(0, MAX_SUGGESTIONS);
      this.active = this.suggestions.length > 0 ? 0 : -1;
      this.host.requestUpdate();
    }, SEARCH_DELAY_MS);
  };

  private readonly onKeydown = (event: KeyboardEvent): void => {
    const input = event.target as HTMLInputElement;
    if (event.isComposing) return;
    const count = this.suggestions.length;
    if (count > 0 && (event.key === 'ArrowDown' || event.key === 'ArrowUp')) {
      this.active = (this.active + (event.key === 'ArrowDown' ? 1 : count - 1)) % count;
    } else if (count > 0 && event.key === 'Escape') {
      this.closeSuggestions(); // and the dialog stays open
    } else if (event.key === 'Enter' && this.active >= 0) {
      this.choose(input, this.suggestions[this.active]!.id);
    } else if ((event.key === 'Enter' || event.key === 'Tab' || SEPARATORS.has(event.key)) && input.value.trim()) {
      this.take(input);
    } else if (event.key === 'Backspace' && input.value === '' && this.chosen.length > 0) {
      this.chosen = this.chosen.slice(0, -1);
    } else {
      return; // Enter in an empty field submits the form
    }
    event.preventDefault();
    this.host.requestUpdate();
  };

  private choose(input: HTMLInputElement, id: string): void {
    if (!this.chosen.includes(id)) this.chosen = [...this.chosen, id];
    input.value = '';
    this.closeSuggestions();
    input.focus();
  }

  /** What is typed, as entries: each a name shown (one known person) or ids separated by spaces. */
  private take(input: HTMLInputElement): void {
    const people = this.host.client()?.people;
    const ids = input.value
      .split(/[,，]/)
      .map((entry) => entry.trim())
      .filter(Boolean)
      .flatMap((entry) => people?.idNamed(entry) ?? entry.split(/\s+/));
    for (const id of ids) if (!this.chosen.includes(id)) this.chosen.push(id);
    input.value = '';
    this.closeSuggestions();
  }

  private remove(id: string, input: HTMLInputElement | null): void {
    this.chosen = this.chosen.filter((chosen) => chosen !== id);
    this.host.requestUpdate();
    input?.focus();
  }

  render(t: Catalog, nameOf: (id: string) => string) {
    const open = this.suggestions.length > 0;
    const field = (event: Event) => (event.currentTarget as HTMLElement).closest('.people')!.querySelector('input');
    return html`<div class="people">
      <label for="members-input">${t.membersField}</label>
      ${this.chosen.length === 0
        ? nothing
        : html`<ul class="chosen" aria-label=${t.chosenMembers}>
            ${this.chosen.map(
              (id) => html`<li>
                <span>${nameOf(id)}</span>
                <button type="button" aria-label=${t.removeMember(nameOf(id))} @click=${(event: Event) => this.remove(id, field(event))}>
                  <span aria-hidden="true">×</span>
                </button>
              </li>`,
            )}
          </ul>`}
      <input
        id="members-input"
        name="members"
        role="combobox"
        autocomplete="off"
        aria-autocomplete="list"
        aria-expanded=${open ? 'true' : 'false'}
        aria-controls="people-list"
        aria-activedescendant=${open && this.active >= 0 ? `person-${this.active}` : nothing}
        aria-describedby="members-hint"
        @input=${this.onInput}
        @keydown=${this.onKeydown}
        @blur=${() => this.closeSuggestions()}
      />
      <ul class="suggestions" id="people-list" role="listbox" aria-label=${t.peopleSuggestions} ?hidden=${!open}>
        ${this.suggestions.map(
          (person, i) => html`<li
            id="person-${i}"
            role="option"
            aria-selected=${i === this.active ? 'true' : 'false'}
            @mousedown=${(event: Event) => {
              event.preventDefault(); // keeps the focus in the field
              this.choose(field(event)!, person.id);
            }}
          >
            <span class="person-name">${person.name}</span>${person.name === person.id ? nothing : html`<span class="person-id">${person.id}</span>`}
          </li>`,
        )}
      </ul>
    </div>`;
  }
}
