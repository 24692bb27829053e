/**
 * Settings of the case store and its reminders (the options page's "Data" section). Pure: kept
 * in WXT storage by components/data-options, read by the background.
 */
import { TZDate } from '@date-fns/tz';
import { DEFAULT_RETENTION_DAYS } from './caseStore';
import { PORTAL_ZONE } from './dates';

export interface DataSettings {
  /** Extra portal hosts as match patterns (`https://portal.example.org/*`), beyond the built-in ones. */
  readonly portalHosts: readonly string[];
  /** The daily reminder notification is on (and its permission was granted). */
  readonly reminderEnabled: boolean;
  /** When the reminder fires, HH:mm in Europe/London. */
  readonly reminderTime: string;
  /** Cases not seen for this many days are deleted. */
  readonly retentionDays: number;
}

export const DEFAULT_DATA_SETTINGS: DataSettings = Object.freeze({
  portalHosts: [],
  reminderEnabled: false,
  reminderTime: '09:00',
  retentionDays: DEFAULT_RETENTION_DAYS,
});

export const RETENTION_LIMITS = Object.freeze({ min: 1, max: 3650 });

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

export interface HostRules {
  /**
   * Also take `localhost` and `127.0.0.1` over plain http (any port, as match patterns have none).
   * Only where the manifest grants them: builds made with `--mode e2e`, for the simulated portal.
   */
  readonly loopback?: boolean;
}

const LOOPBACK = /^(?:http:\/\/)?(localhost|127\.0\.0\.1)(?::\d{1,5})?(?:[/?#].*)?$/;

/**
 * The match pattern for a host the user typed: `portal.example.org`, `https://portal.example.org/x`
 * or `*.example.org`. Only https (the portal is never served over plain http), except loopback
 * when `rules.loopback` says so. Undefined when it is not a host name.
 */
export function hostPattern(input: string, rules: HostRules = {}): string | undefined {
  let text = input.trim().toLowerCase();
  if (text === '') return undefined;
  const loopback = rules.loopback ? LOOPBACK.exec(text) : null;
  if (loopback) return `http://${loopback[1]}/*`;
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//.exec(text);
  if (scheme && scheme[1] !== 'https') return undefined;
  text = text.replace(/^https:\/\//, '').replace(/[/?#].*$/, '');
  if (text.includes(':') || text.includes('@')) return undefined;
  const wildcard = text.startsWith('*.');
  const host = wildcard ? text.slice(2) : text;
  const label = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
  const labels = host.split('.');
  if (labels.length < 2 || !labels.every((part) => label.test(part)) || /^\d+$/.test(labels.at(-1)!)) return undefined;
  if (wildcard && isPublicSuffix(host)) return undefined;
  return `https://${wildcard ? '*.' : ''}${host}/*`;
}

/** Second levels under which anyone can register a name (co.uk, org.uk, com.au and the like). */
const PUBLIC_SECOND_LEVELS = new Set(['ac', 'co', 'com', 'edu', 'gov', 'govt', 'judiciary', 'ltd', 'me', 'mod', 'net', 'nhs', 'nic', 'org', 'plc', 'police', 'sch']);

/**
 * True for a domain that is shared by unrelated sites: a wildcard over it (`*.co.uk`) would run the
 * content script and collect downloads on every site under it. A country's public second level
 * (`co.uk`, `org.uk`, `com.au`) is the case that passes the two-label rule above.
 */
export function isPublicSuffix(host: string): boolean {
  const labels = host.split('.');
  return labels.length === 1 || (labels.length === 2 && labels[1]!.length === 2 && PUBLIC_SECOND_LEVELS.has(labels[0]!));
}

function wholeNumberIn(value: unknown, limits: { min: number; max: number }, fallback: number): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= limits.min && value <= limits.max ? value : fallback;
}

/** Whatever storage holds, as whole, valid settings (a bad field takes its default). */
export function normaliseDataSettings(stored: unknown, rules: HostRules = {}): DataSettings {
  const raw = (stored && typeof stored === 'object' ? stored : {}) as Record<string, unknown>;
  const hosts = Array.isArray(raw.portalHosts) ? raw.portalHosts.filter((host): host is string => typeof host === 'string') : [];
  return {
    portalHosts: [...new Set(hosts.map((host) => hostPattern(host, rules)).filter((pattern): pattern is string => pattern !== undefined))],
    reminderEnabled: typeof raw.reminderEnabled === 'boolean' ? raw.reminderEnabled : DEFAULT_DATA_SETTINGS.reminderEnabled,
    reminderTime: typeof raw.reminderTime === 'string' && TIME.test(raw.reminderTime) ? raw.reminderTime : DEFAULT_DATA_SETTINGS.reminderTime,
    retentionDays: wholeNumberIn(raw.retentionDays, RETENTION_LIMITS, DEFAULT_DATA_SETTINGS.retentionDays),
  };
}

/**
 * The next instant, strictly after `now`, when London's clock shows `time` (HH:mm). Counted on
 * London's calendar, so the reminder stays at 09:00 across the clock changes.
 */
export function nextLondonTime(now: Date, time: string, zone: string = PORTAL_ZONE): Date {
  const [hours, minutes] = (TIME.test(time) ? time : DEFAULT_DATA_SETTINGS.reminderTime).split(':').map(Number) as [number, number];
  const local = new TZDate(now.getTime(), zone);
  for (let dayOffset = 0; dayOffset < 3; dayOffset += 1) {
    const candidate = new TZDate(local.getFullYear(), local.getMonth(), local.getDate() + dayOffset, hours, minutes, 0, zone);
    if (candidate.getTime() > now.getTime()) return new Date(candidate.getTime());
  }
  throw new Error('unreachable: a London day always has the time within three days');
}
