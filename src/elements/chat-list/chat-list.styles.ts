import { css } from 'lit';

export const chatListStyles = css`
  :host {
    display: flex;
    flex-direction: column;
    min-height: 0;
    overflow: hidden;
  }
  header {
    padding: calc(var(--_space) * 1.5) calc(var(--_space) * 2);
    font-weight: 600;
    border-bottom: 1px solid var(--_border);
  }
  ul {
    list-style: none;
    margin: 0;
    padding: 0;
    overflow-y: auto;
    flex: 1;
  }
  li {
    display: grid;
    grid-template-columns: auto 1fr auto;
    grid-template-areas: 'avatar title time' 'avatar preview badge';
    gap: 2px calc(var(--_space) * 1.25);
    align-items: center;
    padding: var(--_space) calc(var(--_space) * 2);
    cursor: pointer;
    border-bottom: 1px solid var(--_border);
  }
  li:hover {
    background: var(--_surface);
  }
  li[aria-selected='true'] {
    background: color-mix(in srgb, var(--_accent) 12%, var(--_bg));
  }
  li:focus-visible {
    outline-offset: -2px;
  }
  .avatar {
    grid-area: avatar;
    width: 40px;
    height: 40px;
    border-radius: 50%;
    display: grid;
    place-items: center;
    background: var(--_accent);
    color: var(--_accent-fg);
    font-weight: 600;
    font-size: 0.9rem;
  }
  .title {
    grid-area: title;
    font-weight: 600;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .preview {
    grid-area: preview;
    color: var(--_muted);
    font-size: 0.9rem;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  time {
    grid-area: time;
    color: var(--_muted);
    font-size: 0.8rem;
  }
  .badge {
    grid-area: badge;
    justify-self: end;
    min-width: 1.4em;
    padding: 0 0.4em;
    border-radius: 999px;
    background: var(--_accent);
    color: var(--_accent-fg);
    font-size: 0.75rem;
    font-weight: 600;
    text-align: center;
    line-height: 1.4em;
  }
  .empty {
    padding: calc(var(--_space) * 2);
    color: var(--_muted);
  }
`;
