import { css } from 'lit';

export const chatListStyles = css`
  :host {
    display: flex;
    flex-direction: column;
    min-height: 0;
    overflow: hidden;
  }
  .bar {
    padding: var(--_space) calc(var(--_space) * 2);
    border-bottom: 1px solid var(--_border);
    display: flex;
    align-items: center;
    gap: var(--_space);
  }
  header {
    flex: 1;
    font-weight: 600;
  }
  dialog h2 {
    margin: 0;
    font-size: 1rem;
  }
  button,
  input,
  select {
    font: inherit;
    color: var(--_fg);
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: calc(var(--_space) / 2) var(--_space);
  }
  button {
    cursor: pointer;
  }
  .action {
    min-width: 2.25rem;
    min-height: 2.25rem;
    font-weight: 600;
  }
  .tools {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_space) / 2);
    padding: var(--_space) calc(var(--_space) * 2);
    border-bottom: 1px solid var(--_border);
  }
  .filters {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) / 2);
  }
  .filter[aria-pressed='true'] {
    background: var(--_accent);
    color: var(--_accent-fg);
    border-color: var(--_accent);
  }
  .filters select {
    flex: 1;
    min-width: 6rem;
  }
  .muted-mark {
    margin-inline-start: calc(var(--_space) / 2);
    color: var(--_muted);
  }
  .loading {
    margin: 0;
    padding: var(--_space) calc(var(--_space) * 2);
    color: var(--_muted);
    font-size: 0.85rem;
  }
  dialog {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    color: var(--_fg);
    width: min(24rem, calc(100vw - 2rem));
    padding: calc(var(--_space) * 2);
  }
  dialog::backdrop {
    background: rgb(0 0 0 / 40%);
  }
  dialog form {
    display: flex;
    flex-direction: column;
    gap: var(--_space);
  }
  dialog label {
    display: flex;
    flex-direction: column;
    gap: 4px;
    font-size: 0.9rem;
  }
  .hint {
    margin: 0;
    color: var(--_muted);
    font-size: 0.8rem;
  }
  .people {
    position: relative;
    display: flex;
    flex-direction: column;
    gap: 4px;
    font-size: 0.9rem;
  }
  .people .chosen {
    display: flex;
    flex-wrap: wrap;
    gap: 4px;
    overflow: visible;
    flex: none;
  }
  .people .chosen li {
    display: inline-flex;
    align-items: center;
    gap: 2px;
    padding: 2px 2px 2px var(--_space);
    border-radius: 999px;
    background: var(--_surface);
    cursor: default;
  }
  .people .chosen button {
    border: none;
    background: none;
    padding: 0 6px;
    min-height: 0;
  }
  .people .suggestions {
    position: absolute;
    inset-block-start: 100%;
    inset-inline: 0;
    z-index: 1;
    max-height: 16rem;
    padding: calc(var(--_space) / 2) 0;
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    box-shadow: 0 4px 16px rgb(0 0 0 / 18%);
  }
  .people .suggestions li {
    display: block;
    padding: calc(var(--_space) / 2) var(--_space);
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .people .suggestions li[aria-selected='true'] {
    background: var(--_accent);
    color: var(--_accent-fg);
  }
  /* The id after a name: tells apart two people of the same name. */
  .person-id {
    margin-inline-start: 0.5em;
    font-size: 0.85em;
  }
  .dialog-error {
    margin: 0;
    color: var(--_danger);
  }
  .dialog-actions {
    display: flex;
    justify-content: flex-end;
    gap: var(--_space);
    margin-block-start: var(--_space);
  }
  .primary {
    background: var(--_accent);
    color: var(--_accent-fg);
    border-color: var(--_accent);
  }
  .rooms {
    overflow: visible;
    margin-block: var(--_space);
  }
  .rooms li {
    display: flex;
    justify-content: space-between;
    align-items: center;
    cursor: default;
    grid-template-areas: none;
    padding: calc(var(--_space) / 2) 0;
  }
  ul {
    list-style: none;
    margin: 0;
    padding: 0;
    overflow-y: auto;
    flex: 1;
    min-height: 0;
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
    position: relative;
    overflow: hidden;
  }
  .avatar img {
    position: absolute;
    inset: 0;
    width: 100%;
    height: 100%;
    object-fit: cover;
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
  .preview.typing {
    color: var(--_accent);
    font-style: italic;
  }
  .badge.mentioned {
    background: var(--_danger);
    color: var(--_bg);
  }
  .empty {
    padding: calc(var(--_space) * 2);
    color: var(--_muted);
  }
`;
