import { launcherCss, launcherIconPath } from '../elements/support-chat/launcher.styles.js';
import { loaderTokensCss } from './loader-tokens.js';

export interface LauncherLabels {
  label: string;
  offlineLabel: string;
}

let sheet: CSSStyleSheet | undefined;

/**
 * Draws the launcher into a `<support-chat>` that is not upgraded yet, in its own shadow root
 * (adopted style sheet: no inline style, nothing global). `<support-chat>` takes this shadow root
 * over when the full widget arrives. `onWanted` fires on hover, focus or press.
 */
export function paintLauncher(widget: HTMLElement, labels: LauncherLabels, onWanted: (open: boolean) => void): void {
  if (customElements.get('support-chat') || widget.shadowRoot) return;
  const root = widget.attachShadow({ mode: 'open' });
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(loaderTokensCss + launcherCss);
  }
  root.adoptedStyleSheets = [sheet];
  const button = document.createElement('button');
  button.className = 'launcher';
  button.part.add('launcher');
  button.setAttribute('aria-label', labels.label);
  button.setAttribute('aria-expanded', 'false');
  const svgNs = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(svgNs, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('fill', 'currentColor');
  const path = document.createElementNS(svgNs, 'path');
  path.setAttribute('d', launcherIconPath);
  svg.append(path);
  const presence = document.createElement('span');
  presence.className = 'presence';
  button.append(svg, presence);
  button.addEventListener('click', () => onWanted(true));
  button.addEventListener('pointerenter', () => onWanted(false), { once: true });
  button.addEventListener('focus', () => onWanted(false), { once: true });
  root.append(button);
}

/** `online`: agents are available; `away`: nobody is; `offline`: the server cannot be reached. */
export type LauncherState = 'online' | 'away' | 'offline';

/** Shows the team's state on a launcher the loader painted (the upgraded widget keeps its own). */
export function showLauncherState(widget: HTMLElement, labels: LauncherLabels, state: LauncherState): void {
  const button = customElements.get('support-chat') ? null : widget.shadowRoot?.querySelector('.launcher');
  if (!button) return;
  button.classList.toggle('online', state === 'online');
  button.classList.toggle('offline', state === 'offline');
  button.setAttribute('aria-label', state === 'offline' ? labels.offlineLabel : labels.label);
}
