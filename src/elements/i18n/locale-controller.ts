import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { type Catalog, en } from './en.js';
import { zhCN } from './zh-cn.js';

/** The locales with a complete catalog; anything else falls back to English. */
export const supportedLocales = ['en', 'zh-CN'] as const;

/** The catalog for a BCP 47 tag: any Chinese tag gets Simplified Chinese, everything else English. */
export function catalogFor(lang: string): Catalog {
  return /^zh\b/i.test(lang) ? zhCN : en;
}

/** The nearest `lang` attribute, looking through shadow roots, then the browser's language. */
export function resolveLang(element: Element): string {
  let node: Node | null = element;
  while (node) {
    if (node instanceof Element && node.hasAttribute('lang')) return node.getAttribute('lang')!;
    node = node.parentNode ?? (node instanceof ShadowRoot ? node.host : null);
  }
  return navigator.language || 'en';
}

/**
 * The host's language: its own `lang`, an ancestor's, the page's, else the browser's. Re-renders
 * the host when the host's or the page's `lang` changes.
 */
export class LocaleController implements ReactiveController {
  /** The language tag for Intl formatters. */
  lang = 'en';
  /** The strings to show. */
  t: Catalog = en;
  private readonly observer = new MutationObserver(() => this.refresh());

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
  }

  hostConnected(): void {
    this.refresh();
    this.observer.observe(this.host, { attributes: true, attributeFilter: ['lang'] });
    this.observer.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
  }

  hostDisconnected(): void {
    this.observer.disconnect();
  }

  private refresh(): void {
    const lang = resolveLang(this.host);
    if (lang === this.lang && this.t === catalogFor(lang)) return;
    this.lang = lang;
    this.t = catalogFor(lang);
    this.host.requestUpdate();
  }
}
