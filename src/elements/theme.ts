import { css } from 'lit';

/**
 * Design tokens every element reads. Override any of them on the element or an ancestor:
 * `chat-room { --chat-accent: #0a7; }`.
 */
export const themeTokens = css`
  :host {
    --_accent: var(--chat-accent, #2458d6);
    --_accent-fg: var(--chat-accent-foreground, #fff);
    --_bg: var(--chat-background, #fff);
    --_fg: var(--chat-foreground, #1b1d22);
    --_muted: var(--chat-muted, #5d6470);
    --_surface: var(--chat-surface, #f2f4f7);
    --_border: var(--chat-border, #d9dde3);
    --_danger: var(--chat-danger, #b42318);
    --_radius: var(--chat-radius, 10px);
    --_space: var(--chat-spacing, 8px);
    --_font: var(--chat-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    font-family: var(--_font);
    color: var(--_fg);
    background: var(--_bg);
    box-sizing: border-box;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  :focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  .status-banner {
    margin: 0;
    padding: calc(var(--_space) / 2) calc(var(--_space) * 2);
    font-size: 0.8rem;
    background: var(--_surface);
    color: var(--_muted);
    border-bottom: 1px solid var(--_border);
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
`;
