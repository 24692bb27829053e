/**
 * The user's settings: one typed object with its defaults, kept once in WXT storage
 * (components/storage.ts). Pure: no `browser` here, so lib/ and tests can use it anywhere.
 */

export interface Settings {
  /**
   * Calendar days a challenge window stays open after its start date. The guide: "You have 14 days
   * from the point a complaint becomes chargeable…"; a setting so a rule change needs no release.
   */
  readonly windowLengthDays: number;
  /** A deadline is "due soon" when this many days or fewer are left. */
  readonly warningDays: number;
  /** Whether the countdown column is shown in the portal's case tables. */
  readonly showCountdown: boolean;
}

/** The part of the settings the deadline rules read. */
export type DeadlineSettings = Pick<Settings, 'windowLengthDays' | 'warningDays'>;

export const DEFAULT_SETTINGS: Settings = Object.freeze({
  windowLengthDays: 14,
  warningDays: 3,
  showCountdown: true,
});

/** The range each number may take; the options page uses the same limits for its inputs. */
export const SETTING_LIMITS = Object.freeze({
  windowLengthDays: { min: 1, max: 90 },
  warningDays: { min: 0, max: 30 },
});

function wholeNumberIn(value: unknown, limits: { min: number; max: number }, fallback: number): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= limits.min && value <= limits.max ? value : fallback;
}

/**
 * Reads whatever storage holds (an older or partial object, or something hand-edited) into a whole,
 * valid Settings: each field that is missing or out of range takes its default.
 */
export function normaliseSettings(stored: unknown): Settings {
  const raw = (stored && typeof stored === 'object' ? stored : {}) as Record<string, unknown>;
  return {
    windowLengthDays: wholeNumberIn(raw.windowLengthDays, SETTING_LIMITS.windowLengthDays, DEFAULT_SETTINGS.windowLengthDays),
    warningDays: wholeNumberIn(raw.warningDays, SETTING_LIMITS.warningDays, DEFAULT_SETTINGS.warningDays),
    showCountdown: typeof raw.showCountdown === 'boolean' ? raw.showCountdown : DEFAULT_SETTINGS.showCountdown,
  };
}
