import type { Department, PreChatField } from '../../../protocol/support-model.js';

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

/** Opening hours in a time zone: per weekday, `HH:MM` ranges (end excluded); a day left out is closed. */
export interface BusinessHours {
  timeZone: string;
  days: Partial<Record<Weekday, Array<[string, string]>>>;
}

/** So many events per window (seconds). */
export interface Budget {
  points: number;
  seconds: number;
}

/** Customer service settings (`ServerConfig.support`). */
export interface SupportPolicy {
  departments: Department[];
  defaultDepartment: string;
  /** Absent: always open. */
  businessHours?: BusinessHours;
  preChatFields: PreChatField[];
  /** Routing gives an agent at most this many active conversations; beyond, visitors queue. */
  maxOpenPerAgent: number;
  /** Time to live of a support conversation, renewed when it is reopened (seconds). */
  ttlSeconds: number;
  /** Opening conversations (and offline messages), per visitor and per IP address. */
  startsPerVisitor: Budget;
  startsPerIp: Budget;
  /** Visitors' messages, per visitor and per IP address. */
  sendsPerVisitor: Budget;
  sendsPerIp: Budget;
  /** New anonymous visitor identities per IP address. */
  visitorsPerIp: Budget;
}

export const DEFAULT_SUPPORT_POLICY: SupportPolicy = {
  departments: [{ id: 'general', name: 'General' }],
  defaultDepartment: 'general',
  preChatFields: [
    { name: 'name', label: 'Name', type: 'text', required: false },
    { name: 'email', label: 'Email', type: 'email', required: false },
  ],
  maxOpenPerAgent: 5,
  ttlSeconds: 7 * 24 * 3600,
  startsPerVisitor: { points: 10, seconds: 3600 },
  startsPerIp: { points: 30, seconds: 3600 },
  sendsPerVisitor: { points: 30, seconds: 60 },
  sendsPerIp: { points: 120, seconds: 60 },
  visitorsPerIp: { points: 30, seconds: 3600 },
};

export function supportPolicy(overrides: Partial<SupportPolicy> = {}): SupportPolicy {
  const policy = { ...DEFAULT_SUPPORT_POLICY, ...overrides };
  if (!policy.departments.some((d) => d.id === policy.defaultDepartment)) {
    throw new Error(`support.defaultDepartment "${policy.defaultDepartment}" is not one of support.departments`);
  }
  return policy;
}

const WEEKDAYS: Record<string, Weekday> = { Mon: 'mon', Tue: 'tue', Wed: 'wed', Thu: 'thu', Fri: 'fri', Sat: 'sat', Sun: 'sun' };

/** Whether `now` falls inside the business hours (always, when there are none). */
export function isWithinHours(hours: BusinessHours | undefined, now: number): boolean {
  if (!hours) return true;
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: hours.timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(now));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const day = WEEKDAYS[part('weekday')];
  const time = `${part('hour')}:${part('minute')}`;
  const ranges = day ? (hours.days[day] ?? []) : [];
  return ranges.some(([start, end]) => start <= time && time < end);
}
