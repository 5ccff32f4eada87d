import { html, nothing } from 'lit';
import type { Catalog } from '../i18n/en.js';

export interface LightboxImage {
  url: string;
  name: string;
}

/** An image shown large over the conversation; Escape, a click or the Close button dismiss it. */
export function renderLightbox(image: LightboxImage | undefined, close: () => void, t: Catalog) {
  if (!image) return nothing;
  const onKeydown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') close();
  };
  return html`<div class="lightbox" role="dialog" aria-modal="true" aria-label=${image.name} @click=${close} @keydown=${onKeydown}>
    <img src=${image.url} alt=${image.name} />
    <button class="close-lightbox" type="button" autofocus @click=${close}>${t.close}</button>
  </div>`;
}
