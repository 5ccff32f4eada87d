/**
 * The launcher's look, as plain CSS text: the loader paints it before Lit is on the page, and
 * `<support-chat>` draws the same button after it upgrades, so the hand-over does not move a
 * pixel. Colours come from the `--_*` tokens (theme.ts in the element, loader-tokens in the loader).
 */
export const launcherCss = `
:host {
  position: fixed;
  inset-block-end: 20px;
  inset-inline-end: 20px;
  z-index: var(--chat-z-index, 2147483000);
  display: block;
  background: transparent;
  visibility: visible;
  opacity: 1;
}
:host([position='left']) {
  inset-inline-end: auto;
  inset-inline-start: 20px;
}
.launcher {
  width: 56px;
  height: 56px;
  margin: 0;
  padding: 0;
  border-radius: 50%;
  border: none;
  background: var(--_accent);
  color: var(--_accent-fg);
  cursor: pointer;
  box-shadow: 0 4px 16px rgb(0 0 0 / 20%);
  position: relative;
  display: grid;
  place-items: center;
  font: inherit;
}
.launcher:focus-visible {
  outline: 2px solid var(--_accent);
  outline-offset: 3px;
}
.launcher svg {
  width: 26px;
  height: 26px;
  display: block;
}
.launcher .presence {
  display: none;
  position: absolute;
  inset-block-end: 2px;
  inset-inline-end: 2px;
  width: 14px;
  height: 14px;
  border-radius: 50%;
  border: 2px solid var(--_accent-fg);
  background: #1a7f37;
}
/* A green dot while agents are available; grey when the server cannot be reached. */
.launcher.online .presence,
.launcher.offline .presence {
  display: block;
}
.launcher.offline .presence {
  background: #6b7280;
}
.badge {
  position: absolute;
  inset-block-start: -4px;
  inset-inline-end: -4px;
  min-width: 20px;
  height: 20px;
  border-radius: 10px;
  padding: 0 5px;
  background: var(--_danger);
  color: var(--_bg);
  font-size: 12px;
  line-height: 20px;
  font-weight: 600;
}
@media (prefers-reduced-motion: no-preference) {
  .launcher {
    transition: transform 120ms ease-out;
  }
  .launcher:hover {
    transform: scale(1.05);
  }
}
`;

/** The speech-bubble icon, as SVG path data. */
export const launcherIconPath = 'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z';
