/**
 * The snippet's script (`dist/parley.iife.js`): paints the launcher at once and loads the full
 * widget (`dist/parley.js`, beside it) only on hover, focus, press or when the browser is idle.
 *
 *   <script src="https://chat.example.com/dist/parley.iife.js" data-server="https://chat.example.com" async></script>
 *
 * It adds one global, `window.Parley` (see parley-api.ts), writes nothing to the visitor's
 * browser, and never throws into the host page: a server that is down shows an offline launcher.
 */
import type * as ParleyModule from '../index.js';
import { launcherStrings } from '../elements/i18n/launcher-strings.js';
import { type LauncherLabels, type LauncherState, paintLauncher, showLauncherState } from './paint-launcher.js';
import { createParleyApi, type ParleyApi, replayQueue } from './parley-api.js';

declare global {
  interface Window {
    Parley?: ParleyApi | { q?: unknown[] };
  }
}

/** `data-*` options of the script tag copied to the `<support-chat>` it creates, as attributes. */
const FORWARDED = ['server', 'lang', 'theme', 'position', 'consent', 'heading', 'greeting', 'greeting-delay', 'greeting-pages', 'department'];

const script = document.currentScript as HTMLScriptElement | null;
const bundleUrl = new URL('parley.js', script?.src || location.href).href;

let loading: Promise<typeof ParleyModule> | undefined;
function load(): Promise<typeof ParleyModule> {
  if (!loading) performance.mark('parley:widget-load');
  loading ??= (import(/* @vite-ignore */ bundleUrl) as Promise<typeof ParleyModule>).catch((error: unknown) => {
    loading = undefined;
    for (const widget of widgets()) showLauncherState(widget, labelsFor(widget), 'offline');
    throw error;
  });
  return loading;
}

function widgets(): HTMLElement[] {
  return [...document.querySelectorAll<HTMLElement>('support-chat')];
}

function labelsFor(widget: HTMLElement): LauncherLabels {
  const lang = widget.closest('[lang]')?.getAttribute('lang') || navigator.language || 'en';
  const t = /^zh\b/i.test(lang) ? launcherStrings.zhCN : launcherStrings.en;
  return { label: widget.getAttribute('heading') || t.chatWithUs, offlineLabel: t.launcherOffline(widget.getAttribute('heading') || t.chatWithUs) };
}

/** The widget the snippet asks for, unless the page already wrote one by hand. */
function createWidget(): void {
  const server = script?.dataset.server;
  if (!server || document.querySelector('support-chat')) return;
  const widget = document.createElement('support-chat');
  for (const name of FORWARDED) {
    const value = script.getAttribute(`data-${name}`);
    if (value !== null) widget.setAttribute(name, value);
  }
  // `data-server="/"` and other relative forms mean "relative to this page".
  widget.setAttribute('server', new URL(server, location.href).href.replace(/\/$/, ''));
  // Custom properties through the CSSOM: allowed under a CSP without 'unsafe-inline'.
  const accent = script.dataset.accent;
  if (accent) widget.style.setProperty('--chat-accent', accent);
  const zIndex = script.dataset.zIndex;
  if (zIndex) widget.style.setProperty('--chat-z-index', zIndex);
  document.body.append(widget);
}

/** Can anyone answer? The public support configuration (no token, no cookie); a failure means offline. */
async function probe(widget: HTMLElement): Promise<void> {
  const server = widget.getAttribute('server');
  if (!server) return;
  let state: LauncherState = 'offline';
  try {
    const response = await fetch(new URL('/api/support/config', new URL(server, location.href)), { credentials: 'omit' });
    const config = (response.ok ? await response.json() : {}) as { open?: boolean };
    state = config.open ? 'online' : 'away';
  } catch {
    // Unreachable (down, or this origin not allowed): the launcher says so.
  }
  showLauncherState(widget, labelsFor(widget), state);
}

function idle(callback: () => void): void {
  const start = () => ('requestIdleCallback' in window ? requestIdleCallback(callback, { timeout: 10_000 }) : setTimeout(callback, 2000));
  if (document.readyState === 'complete') start();
  else addEventListener('load', start, { once: true });
}

function start(): void {
  createWidget();
  const api = createParleyApi(widgets, load);
  for (const widget of widgets()) {
    paintLauncher(widget, labelsFor(widget), (open) => (open ? api.open() : void load().catch(() => undefined)));
    void probe(widget);
  }
  const queued = window.Parley && 'q' in window.Parley ? window.Parley.q : undefined;
  window.Parley = api;
  replayQueue(api, queued);
  if (widgets().length > 0) idle(() => void load().catch(() => undefined));
  document.dispatchEvent(new CustomEvent('parley:ready'));
}

// Already set up (the snippet pasted twice): keep the first.
if (!(window.Parley && 'load' in window.Parley)) {
  if (document.body) start();
  else document.addEventListener('DOMContentLoaded', start, { once: true });
}
