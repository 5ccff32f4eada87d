import { css, unsafeCSS } from 'lit';
import { launcherCss } from './launcher.styles.js';

// Every rule sets what it relies on (colour, display, font): the host page's styles cannot reach
// into the shadow root, but what they set on the host element itself is inherited.
export const supportChatStyles = [
  unsafeCSS(launcherCss),
  css`
    :host {
      color: var(--_fg);
      font-size: 16px;
      line-height: 1.4;
    }
    .panel {
      position: absolute;
      inset-block-end: 72px;
      inset-inline-end: 0;
      width: min(380px, calc(100vw - 40px));
      height: min(600px, calc(100vh - 120px));
      display: flex;
      flex-direction: column;
      border-radius: var(--_radius);
      overflow: hidden;
      background: var(--_bg);
      color: var(--_fg);
      box-shadow: 0 8px 32px rgb(0 0 0 / 25%);
      text-align: start;
    }
    :host([position='left']) .panel {
      inset-inline-end: auto;
      inset-inline-start: 0;
    }
    .panel[hidden],
    [hidden] {
      display: none;
    }
    .bar {
      display: flex;
      align-items: center;
      gap: var(--_space);
      padding: var(--_space) calc(var(--_space) * 2);
      background: var(--_accent);
      color: var(--_accent-fg);
    }
    .bar h2 {
      flex: 1;
      font-size: 1rem;
      margin: 0;
      color: inherit;
    }
    .icon {
      border: none;
      background: none;
      color: inherit;
      font-size: 1.4rem;
      cursor: pointer;
      line-height: 1;
      min-width: 32px;
      min-height: 32px;
      padding: 0;
    }
    .body {
      flex: 1;
      min-height: 0;
      display: flex;
      flex-direction: column;
      overflow-y: auto;
      color: var(--_fg);
    }
    chat-room {
      flex: 1;
      min-height: 200px;
      display: flex;
    }
    .home,
    .form,
    .notice {
      padding: calc(var(--_space) * 2);
      margin: 0;
    }
    .form {
      display: flex;
      flex-direction: column;
      gap: calc(var(--_space) / 2);
    }
    .greeting {
      font-size: 1.1rem;
      font-weight: 600;
      margin: 0 0 var(--_space);
    }
    .availability {
      color: var(--_muted);
      margin: 0 0 calc(var(--_space) * 2);
    }
    .availability.online::before {
      content: '';
      display: inline-block;
      width: 8px;
      height: 8px;
      border-radius: 50%;
      background: #1a7f37;
      margin-inline-end: 6px;
    }
    /* 16px keeps iOS from zooming the page when a field gets focus. */
    input,
    textarea,
    select {
      font: inherit;
      font-size: max(16px, 1rem);
      color: var(--_fg);
      background: var(--_bg);
      border: 1px solid var(--_border);
      border-radius: calc(var(--_radius) / 2);
      padding: calc(var(--_space) * 0.75);
      display: block;
      width: 100%;
    }
    label,
    legend {
      font-size: 0.9rem;
      color: var(--_fg);
    }
    fieldset {
      border: none;
      margin: 0;
      padding: 0;
    }
    button {
      font: inherit;
    }
    .primary,
    .secondary {
      display: inline-block;
      border-radius: calc(var(--_radius) / 2);
      padding: var(--_space) calc(var(--_space) * 2);
      cursor: pointer;
      min-height: 40px;
    }
    .primary {
      border: none;
      background: var(--_accent);
      color: var(--_accent-fg);
      margin-block-start: var(--_space);
    }
    .secondary {
      border: 1px solid var(--_border);
      background: var(--_surface);
      color: var(--_fg);
    }
    .primary[disabled] {
      opacity: 0.6;
    }
    .row {
      display: flex;
      flex-wrap: wrap;
      gap: var(--_space);
      padding: var(--_space) calc(var(--_space) * 2);
    }
    .error {
      color: var(--_danger);
      margin: 0;
    }
    .list-heading {
      font-size: 0.9rem;
      color: var(--_muted);
      margin: calc(var(--_space) * 3) 0 var(--_space);
    }
    .tickets {
      list-style: none;
      margin: 0;
      padding: 0;
      display: flex;
      flex-direction: column;
      gap: calc(var(--_space) / 2);
    }
    .ticket {
      display: flex;
      flex-direction: column;
      align-items: flex-start;
      width: 100%;
      border: 1px solid var(--_border);
      border-radius: calc(var(--_radius) / 2);
      background: var(--_surface);
      color: var(--_fg);
      padding: var(--_space);
      cursor: pointer;
      text-align: start;
    }
    .ticket-meta {
      font-size: 0.8rem;
      color: var(--_muted);
    }
    .ticket-banner {
      display: flex;
      align-items: center;
      gap: var(--_space);
      margin: 0;
      padding: var(--_space) calc(var(--_space) * 2);
      background: var(--_surface);
      color: var(--_fg);
      border-block-end: 1px solid var(--_border);
      font-size: 0.9rem;
    }
    .avatar {
      width: 28px;
      height: 28px;
      border-radius: 50%;
      display: inline-grid;
      place-items: center;
      background: var(--_accent);
      color: var(--_accent-fg);
      object-fit: cover;
      flex: none;
    }
    .ticket-actions {
      border-block-start: 1px solid var(--_border);
    }
    .stars {
      display: flex;
      gap: 4px;
    }
    .star {
      position: relative;
      font-size: 1.6rem;
      color: var(--_muted);
      cursor: pointer;
    }
    .star input {
      position: absolute;
      opacity: 0;
      width: 1px;
      height: 1px;
    }
    .star:has(input:checked),
    .star:has(~ .star input:checked) {
      color: #b7791f;
    }
    .star:has(input:focus-visible) {
      outline: 2px solid var(--_accent);
      outline-offset: 2px;
    }
    .proactive {
      position: absolute;
      inset-block-end: 68px;
      inset-inline-end: 0;
      width: max-content;
      max-width: min(280px, calc(100vw - 40px));
      display: flex;
      align-items: flex-start;
      gap: 4px;
      background: var(--_bg);
      color: var(--_fg);
      border-radius: var(--_radius);
      box-shadow: 0 4px 16px rgb(0 0 0 / 20%);
      padding: var(--_space);
    }
    .proactive-text {
      border: none;
      background: none;
      color: inherit;
      text-align: start;
      cursor: pointer;
      padding: 0;
    }
    /* Phones: the panel fills the visible part of the screen, above the on-screen keyboard. */
    @media (max-width: 480px) {
      .panel {
        position: fixed;
        inset: auto 0;
        inset-block-start: var(--_viewport-top, 0);
        height: var(--_viewport-height, 100dvh);
        width: 100vw;
        border-radius: 0;
      }
    }
  `,
];
