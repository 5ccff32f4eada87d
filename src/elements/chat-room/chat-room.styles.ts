import { css } from 'lit';

export const chatRoomStyles = css`
  :host {
    display: flex;
    flex-direction: column;
    min-height: 0;
    overflow: hidden;
  }
  header {
    padding: calc(var(--_space) * 1.5) calc(var(--_space) * 2);
    border-bottom: 1px solid var(--_border);
    display: flex;
    align-items: baseline;
    gap: var(--_space);
  }
  header h2 {
    font-size: 1rem;
    margin: 0;
  }
  header .meta {
    color: var(--_muted);
    font-size: 0.85rem;
  }
  header .presence[data-online='true']::before {
    content: '';
    display: inline-block;
    width: 0.5em;
    height: 0.5em;
    margin-inline-end: 0.3em;
    border-radius: 50%;
    background: var(--_online, #1a7f37);
  }
  .log {
    flex: 1;
    overflow-y: auto;
    /* The log keeps its place itself (scroll-anchor.ts); the browser's own anchoring would move it twice. */
    overflow-anchor: none;
    padding: var(--_space) calc(var(--_space) * 2);
    display: flex;
    flex-direction: column;
    gap: calc(var(--_space) / 2);
  }
  .older {
    align-self: center;
    margin-block-end: var(--_space);
  }
  .separator {
    align-self: stretch;
    display: flex;
    align-items: center;
    gap: var(--_space);
    margin: var(--_space) 0 0;
    font-size: 0.75rem;
    color: var(--_muted);
    text-transform: capitalize;
  }
  .separator::before,
  .separator::after {
    content: '';
    flex: 1;
    border-block-start: 1px solid var(--_border);
  }
  .separator.unread {
    color: var(--_danger);
    text-transform: none;
  }
  .separator.unread::before,
  .separator.unread::after {
    border-color: currentColor;
  }
  /* While the log follows the newest message, rows above the view skip layout and paint until
     scrolled back to: most of a conversation's first layout. Not once the reader scrolls back,
     where the log keeps their place itself from their real heights (scroll-anchor.ts); nor with
     the focus inside, whose ring the row's paint containment would clip. */
  .log.following > .message:not(:focus-within) {
    content-visibility: auto;
    contain-intrinsic-block-size: auto 3rem;
    /* A skipped row has no content height to keep it from shrinking in the log's flex column. */
    flex-shrink: 0;
  }
  .message.starts-group {
    margin-block-start: var(--_space);
  }
  .new-below {
    align-self: center;
    position: relative;
    margin-block-start: calc(var(--_space) * -5);
    border: 0;
    border-radius: 999px;
    padding: calc(var(--_space) / 2) calc(var(--_space) * 1.5);
    background: var(--_accent);
    color: var(--_accent-fg);
    font: inherit;
    font-size: 0.85rem;
    cursor: pointer;
    box-shadow: 0 2px 8px rgb(0 0 0 / 20%);
  }
  .message {
    max-width: min(75%, 40rem);
    align-self: flex-start;
    display: flex;
    flex-direction: column;
    gap: 2px;
  }
  .message.mine {
    align-self: flex-end;
    align-items: flex-end;
  }
  .sender {
    font-size: 0.8rem;
    color: var(--_muted);
    padding-inline: var(--_space);
  }
  .bubble {
    padding: calc(var(--_space) * 0.75) calc(var(--_space) * 1.25);
    border-radius: var(--_radius);
    background: var(--_surface);
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  .mine .bubble {
    background: var(--_accent);
    color: var(--_accent-fg);
  }
  .mine.failed .bubble {
    background: var(--_danger);
  }
  .info {
    font-size: 0.75rem;
    color: var(--_muted);
    padding-inline: var(--_space);
    display: flex;
    gap: var(--_space);
    align-items: center;
  }
  .failed .info {
    color: var(--_danger);
  }
  .status svg {
    display: block;
    fill: none;
    stroke: currentColor;
    stroke-width: 1.5;
    stroke-linecap: round;
    stroke-linejoin: round;
  }
  .status[data-state='read'] {
    color: var(--_accent);
  }
  form {
    display: flex;
    gap: var(--_space);
    padding: var(--_space) calc(var(--_space) * 2);
    border-top: 1px solid var(--_border);
  }
  textarea {
    flex: 1;
    resize: none;
    font: inherit;
    font-size: max(16px, 1rem);
    padding: var(--_space);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    color: var(--_fg);
    max-height: 10em;
  }
  button {
    font: inherit;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    color: var(--_fg);
    padding: calc(var(--_space) * 0.75) calc(var(--_space) * 1.5);
    cursor: pointer;
  }
  button.send {
    background: var(--_accent);
    color: var(--_accent-fg);
    border-color: var(--_accent);
  }
  button.link {
    border: none;
    background: none;
    padding: 0;
    color: inherit;
    text-decoration: underline;
  }
  .placeholder,
  .error {
    margin: auto;
    color: var(--_muted);
    padding: calc(var(--_space) * 2);
    text-align: center;
  }
  .error {
    color: var(--_danger);
  }
`;
