import { html, nothing } from 'lit';
import type { Department, PreChatField } from '../../protocol/support-model.js';
import type { Catalog } from '../i18n/en.js';

/** The values of a submitted form, by field name. */
export function formValues(event: SubmitEvent): Record<string, string> {
  event.preventDefault();
  const values: Record<string, string> = {};
  new FormData(event.target as HTMLFormElement).forEach((value, key) => {
    if (typeof value === 'string' && value.trim()) values[key] = value.trim();
  });
  return values;
}

function field(f: PreChatField, prefix: string) {
  const id = `${prefix}-${f.name}`;
  return html`<label for=${id}>${f.label}</label>
    ${f.type === 'textarea'
      ? html`<textarea id=${id} name=${f.name} ?required=${f.required} rows="2"></textarea>`
      : html`<input id=${id} name=${f.name} type=${f.type} ?required=${f.required} autocomplete=${f.type === 'email' ? 'email' : f.name === 'name' ? 'name' : 'off'} />`}`;
}

function departmentPicker(t: Catalog, departments: Department[], chosen: string) {
  if (departments.length < 2) return nothing;
  return html`<label for="department">${t.department}</label>
    <select id="department" name="department">
      ${departments.map((d) => html`<option value=${d.id} ?selected=${d.id === chosen}>${d.name}</option>`)}
    </select>`;
}

export interface StartFormOptions {
  fields: PreChatField[];
  departments: Department[];
  department: string;
  busy: boolean;
  error: string;
  onSubmit: (event: SubmitEvent) => void;
}

/** The pre-chat form: the site's fields, the department, and the first question. */
export function startForm(t: Catalog, o: StartFormOptions) {
  return html`<form class="form" @submit=${o.onSubmit}>
    ${o.fields.map((f) => field(f, 'pre'))} ${departmentPicker(t, o.departments, o.department)}
    <label for="question">${t.yourQuestion}</label>
    <textarea id="question" name="question" required rows="3"></textarea>
    ${o.error ? html`<p class="error" role="alert">${o.error}</p>` : nothing}
    <button class="primary" type="submit" ?disabled=${o.busy}>${t.startChat}</button>
  </form>`;
}

export interface OfflineFormOptions {
  departments: Department[];
  department: string;
  text: string;
  busy: boolean;
  sent: boolean;
  error: string;
  onSubmit: (event: SubmitEvent) => void;
}

/** Nobody can answer now: the message and an address to reply to, kept by the server. */
export function offlineForm(t: Catalog, o: OfflineFormOptions) {
  if (o.sent) return html`<p class="notice" role="status">${t.offlineMessageSent}</p>`;
  return html`<form class="form" @submit=${o.onSubmit}>
    <label for="off-name">${t.yourName}</label>
    <input id="off-name" name="name" autocomplete="name" />
    <label for="off-email">${t.email}</label>
    <input id="off-email" name="email" type="email" required autocomplete="email" />
    ${departmentPicker(t, o.departments, o.department)}
    <label for="off-text">${t.yourQuestion}</label>
    <textarea id="off-text" name="text" required rows="4" .value=${o.text}></textarea>
    ${o.error ? html`<p class="error" role="alert">${o.error}</p>` : nothing}
    <button class="primary" type="submit" ?disabled=${o.busy}>${t.leaveMessage}</button>
  </form>`;
}

export interface RatingFormOptions {
  rated?: { score: number; comment?: string };
  busy: boolean;
  lang: string;
  onSubmit: (event: SubmitEvent) => void;
}

/** 1–5 (radio buttons: arrow keys move, screen readers read "3 of 5") and a comment. */
export function ratingForm(t: Catalog, o: RatingFormOptions) {
  if (o.rated) return html`<p class="notice" role="status">${t.ratingThanks}</p>`;
  const format = new Intl.NumberFormat(o.lang);
  return html`<form class="form rating" @submit=${o.onSubmit}>
    <fieldset>
      <legend>${t.rateConversation}</legend>
      <div class="stars">
        ${[1, 2, 3, 4, 5].map(
          (score) => html`<label class="star">
            <input type="radio" name="score" value=${score} required />
            <span aria-hidden="true">★</span><span class="visually-hidden">${t.stars(format.format(score))}</span>
          </label>`,
        )}
      </div>
    </fieldset>
    <label for="rating-comment">${t.ratingComment}</label>
    <textarea id="rating-comment" name="comment" rows="2"></textarea>
    <button class="primary" type="submit" ?disabled=${o.busy}>${t.sendRating}</button>
  </form>`;
}
