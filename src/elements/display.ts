import type { ConversationRecord } from '../protocol/model.js';

/** What a conversation is called for this user: its name, or the other people in it. */
export function conversationTitle(conversation: ConversationRecord, me: string): string {
  if (conversation.name) return conversation.name;
  const others = conversation.members.filter((m) => m !== me);
  return others.length > 0 ? others.join(', ') : me;
}

/** One or two letters for an avatar. */
export function initials(title: string): string {
  const words = title.trim().split(/[\s,._-]+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0]![0], words[1]![0]] : [...(words[0] ?? '?')].slice(0, 2);
  return letters.join('').toUpperCase();
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Intl formatters are costly to make and cheap to reuse: one per locale and style. */
function formatter(locale: string | undefined, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale ?? ''}|${JSON.stringify(options)}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, format);
  }
  return format;
}

const DAY = 24 * 3600 * 1000;

/** A short time: the clock time today, the weekday this week, else the date. */
export function shortTime(timestamp: number, locale?: string, now = Date.now()): string {
  const date = new Date(timestamp);
  if (date.toDateString() === new Date(now).toDateString()) {
    return formatter(locale, { hour: '2-digit', minute: '2-digit' }).format(date);
  }
  if (now - timestamp < 6 * DAY) return formatter(locale, { weekday: 'short' }).format(date);
  return formatter(locale, { day: 'numeric', month: 'short' }).format(date);
}
