import { css } from 'lit';

export const composerStyles = css`
  :host {
    position: relative;
  }
  form[part~='composer'] {
    position: relative;
  }
  .mentions {
    position: absolute;
    inset-block-end: 100%;
    inset-inline-start: calc(var(--_space) * 2);
    margin: 0;
    padding: calc(var(--_space) / 2) 0;
    list-style: none;
    min-width: 12rem;
    max-width: calc(100% - var(--_space) * 4);
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    box-shadow: 0 4px 16px rgb(0 0 0 / 18%);
    z-index: 2;
  }
  .mentions li {
    padding: calc(var(--_space) / 2) calc(var(--_space) * 1.5);
    cursor: pointer;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .mentions li[aria-selected='true'] {
    background: var(--_accent);
    color: var(--_accent-fg);
  }
  /* The id after a member's name: what the mention inserts. */
  .mention-id {
    font-size: 0.85em;
  }
  .typing {
    margin: 0;
    min-height: 1.2em;
    padding: 0 calc(var(--_space) * 2);
    font-size: 0.8rem;
    font-style: italic;
    color: var(--_muted);
  }
  .length {
    margin: 0;
    padding: 0 calc(var(--_space) * 2);
    font-size: 0.8rem;
    text-align: end;
    color: var(--_muted);
  }
  .length.over {
    color: var(--_danger);
  }
  .replying {
    display: flex;
    gap: var(--_space);
    align-items: center;
  }
  .reply-excerpt {
    flex: 1;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .quote {
    margin: 0 0 calc(var(--_space) / 2);
    padding-inline-start: var(--_space);
    border-inline-start: 3px solid currentColor;
    opacity: 0.85;
    font-size: 0.9em;
    white-space: normal;
  }
  .quote cite {
    font-style: normal;
    font-weight: 600;
  }
  button.actions {
    text-decoration: none;
    font-weight: 700;
    padding-inline: 4px;
  }
  .actions-menu {
    margin: 0;
    padding: calc(var(--_space) / 2) 0;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    color: var(--_fg);
    box-shadow: 0 4px 16px rgb(0 0 0 / 18%);
    /* Beside the button that opened it, flipped when there is no room below. */
    position-area: block-end span-inline-start;
    position-try-fallbacks: flip-block;
  }
  .actions-menu button {
    display: block;
    width: 100%;
    border: 0;
    border-radius: 0;
    text-align: start;
    background: none;
    padding: calc(var(--_space) / 2) calc(var(--_space) * 2);
  }
  .actions-menu button:hover,
  .actions-menu button:focus-visible {
    background: var(--_surface);
  }
  .drop-zone {
    position: absolute;
    inset: 0;
    display: grid;
    place-items: center;
    background: color-mix(in srgb, var(--_bg) 85%, transparent);
    border: 3px dashed var(--_accent);
    border-radius: var(--_radius);
    color: var(--_fg);
    font-weight: 600;
    pointer-events: none;
    z-index: 3;
  }
`;
