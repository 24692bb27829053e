/**
 * The local case store's rules, apart from where it is kept (IndexedDB, see components/case-db).
 * Every field of a case remembers its value, where it was seen and when; a newer observation wins
 * field by field, and an empty cell never erases a value we know.
 */
import type { FieldKey } from './glossary';

/** Where an observation came from: an imported export (by file name) or a portal page. */
export type ObservationSource = { readonly kind: 'export'; readonly name: string } | { readonly kind: 'page'; readonly name: string };

export interface FieldObservation {
  readonly value: string;
  readonly source: ObservationSource;
  /** Milliseconds since the epoch when the value was seen (an export's own time when known). */
  readonly seenAt: number;
}

export interface StoredCase {
  /** The Case reference, trimmed and upper-cased: how cases are compared everywhere. */
  readonly key: string;
  /** The reference as last written by the portal. */
  readonly reference: string;
  readonly fields: Partial<Record<FieldKey, FieldObservation>>;
  /** The latest time any source showed this case: retention counts from here. */
  readonly lastSeen: number;
}

export interface CaseObservation {
  readonly reference: string;
  readonly values: Partial<Record<FieldKey, string>>;
  readonly source: ObservationSource;
  readonly seenAt: number;
}

export const DEFAULT_RETENTION_DAYS = 180;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The key a Case reference is stored and compared under. */
export function caseKey(reference: string): string {
  return reference.trim().toUpperCase();
}

/**
 * Folds one observation into what is stored. A field takes the observed value when it is not
 * empty and was seen no earlier than the stored one; an observation older than what we hold for a
 * field leaves that field alone, so importing an old export after a new one loses nothing.
 */
export function mergeObservation(stored: StoredCase | undefined, observation: CaseObservation): StoredCase {
  const fields: Partial<Record<FieldKey, FieldObservation>> = { ...stored?.fields };
  for (const [key, raw] of Object.entries(observation.values) as [FieldKey, string | undefined][]) {
    const value = raw?.trim() ?? '';
    if (value === '') continue;
    const known = fields[key];
    if (known && known.seenAt > observation.seenAt) continue;
    fields[key] = { value, source: observation.source, seenAt: observation.seenAt };
  }
  const newer = !stored || observation.seenAt >= stored.lastSeen;
  return {
    key: caseKey(observation.reference),
    reference: newer ? observation.reference.trim() : stored.reference,
    fields,
    lastSeen: Math.max(stored?.lastSeen ?? 0, observation.seenAt),
  };
}

/** The plain values of a stored case, as the deadline rules and views read them. */
export function caseValues(stored: StoredCase): Partial<Record<FieldKey, string>> {
  const values: Partial<Record<FieldKey, string>> = { caseReference: stored.reference };
  for (const [key, observed] of Object.entries(stored.fields) as [FieldKey, FieldObservation][]) {
    values[key] = observed.value;
  }
  return values;
}

/** True when a case has not been seen for longer than the retention period. */
export function isExpired(stored: StoredCase, now: number, retentionDays: number = DEFAULT_RETENTION_DAYS): boolean {
  return now - stored.lastSeen > retentionDays * DAY_MS;
}
