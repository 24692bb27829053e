/**
 * The Insights tab as the workbench mounts it. The workbench imports this module dynamically, so
 * Chart.js lands in its own chunk and only when the tab is opened; the content script never
 * imports it.
 */
import { allCases, openCaseDb, recordValues } from '../case-db';
import type { CaseValues } from '../../lib/deadlines';
import { readSettings } from '../storage';
import type { InsightsData } from './InsightsTab';
import type { MergedCases } from './InsightsLoader';

export { InsightsTab, type InsightsData, type InsightsTabProps } from './InsightsTab';
export { OutcomeMappingEditor } from './OutcomeMappingEditor';
export { outcomeMappingItem, readOutcomeMapping, saveOutcomeMapping, watchOutcomeMapping } from './outcomeMappingItem';

/** Every case of the local case store (one read), with the user's deadline settings. */
export async function loadStoreInsights(): Promise<InsightsData> {
  const db = await openCaseDb();
  try {
    const [records, settings] = await Promise.all([allCases(db), readSettings()]);
    return { cases: records.map(recordValues), settings, source: 'the case store' };
  } finally {
    db.close();
  }
}

/** Merged rows handed over by the Merge tab, with the user's deadline settings. */
export async function mergedInsights(cases: readonly CaseValues[], source = 'the merged exports'): Promise<InsightsData> {
  return { cases, settings: await readSettings(), source };
}

const MERGE_BATCH = 25_000;

/** Every case of a finished merge, read from the merge worker a batch at a time. */
export async function loadMergedInsights(merge: MergedCases): Promise<InsightsData> {
  const cases: CaseValues[] = [];
  for (let start = 0; start < merge.total; start += MERGE_BATCH) {
    for (const values of await merge.read(start, MERGE_BATCH)) cases.push(values);
  }
  const files = merge.names.length === 1 ? merge.names[0]! : `${merge.names.length} files`;
  return mergedInsights(cases, `this merge of ${files}`);
}
