import type { ConversationRecord, PublicProfile } from '../protocol/model.js';

/** What a conversation is called for this user: its name, or the names of the other people in it. */
export function conversationTitle(conversation: ConversationRecord, me: string, nameOf: (id: string) => string): string {
  if (conversation.name) return conversation.name;
  const others = conversation.members.filter((m) => m !== me);
  return (others.length > 0 ? others : [me]).map(nameOf).join(', ');
}

/** The other person of a 1:1 conversation; undefined for groups, chat rooms and services. */
export function peerOf(conversation: ConversationRecord | undefined, me: string | undefined): string | undefined {
  if (!conversation || !me || conversation.transient || conversation.system || conversation.members.length !== 2) return undefined;
  return conversation.members.find((member) => member !== me);
}

/**
 * The picture a conversation shows: the http(s) URL in its `avatar` attribute, set by the app, or
 * for a 1:1 chat the other person's picture. Any other value is ignored, and a picture that does
 * not load is hidden: the initials show instead.
 */
export function avatarUrl(conversation: ConversationRecord, peer?: PublicProfile): string | undefined {
  return httpUrl(conversation.attributes.avatar) ?? httpUrl(peer?.avatar);
}

function httpUrl(value: unknown): string | undefined {
  return typeof value === 'string' && /^https?:\/\//i.test(value) ? value : undefined;
}

/** One or two letters for an avatar. */
export function initials(title: string): string {
  const words = title.trim().split(/[\s,._-]+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0]![0], words[1]![0]] : [...(words[0] ?? '?')].slice(0, 2);
  return letters.join('').toUpperCase();
}

const formats = new Map<string, unknown>();

/** Intl formatters are costly to make and cheap to reuse: one per kind, locale and options. */
function reused<T>(kind: string, locale: string | undefined, options: object, make: () => T): T {
  const key = `${kind}|${locale ?? ''}|${JSON.stringify(options)}`;
  let format = formats.get(key) as T | undefined;
  if (!format) {
    format = make();
    formats.set(key, format);
  }
  return format;
}

const formatter = (locale: string | undefined, options: Intl.DateTimeFormatOptions) =>
  reused('date', locale, options, () => new Intl.DateTimeFormat(locale, options));

const relativeFormat = (locale: string | undefined) =>
  reused('relative', locale, {}, () => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }));

const prepared = new Set<string>();

/** A message's clock time in the locale's own short form: "9:05 AM" in the US, "09:05" in Britain and China. */
const CLOCK_TIME: Intl.DateTimeFormatOptions = { timeStyle: 'short' };

/**
 * Makes the formatters rows use before they are needed: a page's first Intl object loads locale
 * and time zone data and takes 15–40 ms; later ones cost a fraction of a millisecond.
 */
export function prepareFormats(locale?: string): void {
  formatter(locale, CLOCK_TIME);
  formatter(locale, { dateStyle: 'medium' });
  relativeFormat(locale);
  formatNumber(0, locale);
  prepared.add(locale ?? '');
}

/** Whether `prepareFormats` has run for this locale: formatting costs next to nothing from then on. */
export function formatsPrepared(locale?: string): boolean {
  return prepared.has(locale ?? '');
}

const DAY = 24 * 3600 * 1000;

/** A short time: the clock time today, the weekday this week, else the date. */
export function shortTime(timestamp: number, locale?: string, now = Date.now()): string {
  const date = new Date(timestamp);
  if (date.toDateString() === new Date(now).toDateString()) {
    return formatter(locale, CLOCK_TIME).format(date);
  }
  if (now - timestamp < 6 * DAY) return formatter(locale, { weekday: 'short' }).format(date);
  return formatter(locale, { day: 'numeric', month: 'short' }).format(date);
}

/** Names joined as the reader's language joins them: "Ada, Bob and Carol". */
export function formatList(items: string[], locale?: string): string {
  return reused('list', locale, {}, () => new Intl.ListFormat(locale)).format(items);
}

/** A number in the reader's locale. */
export function formatNumber(value: number, locale?: string, options: Intl.NumberFormatOptions = {}): string {
  return reused('number', locale, options, () => new Intl.NumberFormat(locale, options)).format(value);
}

/** A file size with its unit, in the reader's locale. */
export function fileSize(bytes: number, locale?: string): string {
  if (bytes < 1024) return `${formatNumber(bytes, locale)} B`;
  const [value, unit] = bytes < 1024 * 1024 ? [bytes / 1024, 'KB'] : [bytes / 1024 / 1024, 'MB'];
  return `${formatNumber(value, locale, { maximumFractionDigits: 1, minimumFractionDigits: 1 })} ${unit}`;
}

/** A day heading: "today", "yesterday", else the date, in the reader's locale. */
export function dayLabel(timestamp: number, locale?: string, now = Date.now()): string {
  const startOfDay = (time: number) => new Date(time).setHours(0, 0, 0, 0);
  const daysAgo = Math.round((startOfDay(now) - startOfDay(timestamp)) / DAY);
  if (daysAgo === 0 || daysAgo === 1) return relativeFormat(locale).format(-daysAgo, 'day');
  return formatter(locale, { dateStyle: 'medium' }).format(new Date(timestamp));
}
