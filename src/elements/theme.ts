import { css } from 'lit';

// Both palettes keep every text colour at WCAG AA contrast (4.5:1) on --chat-background and --chat-surface.
const dark = css`
  --_accent: var(--chat-accent, #8ab4ff);
  --_accent-fg: var(--chat-accent-foreground, #0b1220);
  --_bg: var(--chat-background, #16181d);
  --_fg: var(--chat-foreground, #e8eaed);
  --_muted: var(--chat-muted, #a9b0bb);
  --_surface: var(--chat-surface, #23262d);
  --_border: var(--chat-border, #3a3f48);
  --_danger: var(--chat-danger, #ff8a80);
  color-scheme: dark;
`;

/**
 * Design tokens every element reads. Override any of them on the element or an ancestor:
 * `chat-room { --chat-accent: #0a7; }`. `theme="dark"` switches the defaults to the dark
 * palette; `theme="auto"` follows the reader's system setting.
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
    color-scheme: light;
    --_radius: var(--chat-radius, 10px);
    --_space: var(--chat-spacing, 8px);
    --_font: var(--chat-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    font-family: var(--_font);
    color: var(--_fg);
    background: var(--_bg);
    box-sizing: border-box;
  }
  :host([theme='dark']) {
    ${dark}
  }
  @media (prefers-color-scheme: dark) {
    :host([theme='auto']) {
      ${dark}
    }
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
  .status-banner .reload {
    margin-inline-start: var(--_space);
    font: inherit;
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
