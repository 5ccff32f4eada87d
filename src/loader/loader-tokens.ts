/**
 * The few colour tokens the launcher needs, for the loader (which does not carry theme.ts).
 * Same values and overrides as theme.ts: `--chat-accent` and friends, light and dark.
 */
export const loaderTokensCss = `
:host {
  --_accent: var(--chat-accent, #2458d6);
  --_accent-fg: var(--chat-accent-foreground, #fff);
  --_bg: var(--chat-background, #fff);
  --_danger: var(--chat-danger, #b42318);
}
:host([theme='dark']) {
  --_accent: var(--chat-accent, #8ab4ff);
  --_accent-fg: var(--chat-accent-foreground, #0b1220);
  --_bg: var(--chat-background, #16181d);
  --_danger: var(--chat-danger, #ff8a80);
}
@media (prefers-color-scheme: dark) {
  :host([theme='auto']) {
    --_accent: var(--chat-accent, #8ab4ff);
    --_accent-fg: var(--chat-accent-foreground, #0b1220);
    --_bg: var(--chat-background, #16181d);
    --_danger: var(--chat-danger, #ff8a80);
  }
}
`;
