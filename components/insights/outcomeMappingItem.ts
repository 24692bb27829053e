/**
 * The outcome mapping (which Closure and Latest Outcome texts count as "change" or "no change"),
 * stored once through WXT storage with a version. Read through normaliseOutcomeMapping, so a
 * hand-edited or partial value still gives a valid mapping.
 */
import { storage } from 'wxt/utils/storage';
import { DEFAULT_OUTCOME_MAPPING, normaliseOutcomeMapping, type OutcomeMapping } from '../../lib/insights';

export const outcomeMappingItem = storage.defineItem<OutcomeMapping>('local:outcomeMapping', {
  fallback: DEFAULT_OUTCOME_MAPPING,
  version: 1,
});

export async function readOutcomeMapping(): Promise<OutcomeMapping> {
  return normaliseOutcomeMapping(await outcomeMappingItem.getValue());
}

export async function saveOutcomeMapping(mapping: OutcomeMapping): Promise<OutcomeMapping> {
  const next = normaliseOutcomeMapping(mapping);
  await outcomeMappingItem.setValue(next);
  return next;
}

/** Calls `onChange` whenever the mapping changes (another tab, the options page); returns unwatch. */
export function watchOutcomeMapping(onChange: (mapping: OutcomeMapping) => void): () => void {
  return outcomeMappingItem.watch((value) => onChange(normaliseOutcomeMapping(value)));
}
