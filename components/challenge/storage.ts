/**
 * The challenge feature's storage, declared once: the firm's signature block and default recipient
 * (`sync:`, they follow the user), and the record of drafts made (`local:`: time, case and window,
 * never the text).
 */
import { storage } from 'wxt/utils/storage';
import type { DraftRecord } from '../../lib/challengeDraft';

export interface ChallengeOptions {
  /** Printed at the end of every draft; several lines. */
  readonly signature: string;
  /** The address drafts go to when none is typed; '' for none. */
  readonly recipient: string;
}

export const DEFAULT_CHALLENGE_OPTIONS: ChallengeOptions = Object.freeze({ signature: '', recipient: '' });

export const challengeOptionsItem = storage.defineItem<ChallengeOptions>('sync:challengeOptions', {
  fallback: DEFAULT_CHALLENGE_OPTIONS,
  version: 1,
});

export const draftRecordsItem = storage.defineItem<DraftRecord[]>('local:challengeDrafts', {
  fallback: [],
  version: 1,
});

/** Whatever storage holds, as whole options (strings, bounded). */
export function normaliseChallengeOptions(value: unknown): ChallengeOptions {
  const v = (value ?? {}) as Partial<Record<keyof ChallengeOptions, unknown>>;
  const text = (x: unknown, max: number) => (typeof x === 'string' ? x.slice(0, max) : '');
  return { signature: text(v.signature, 1000), recipient: text(v.recipient, 254).trim() };
}
