/**
 * The Insights tab as the workbench mounts it. The workbench imports this module dynamically, so
 * Chart.js lands in its own chunk and only when the tab is opened; the content script never
 * imports it.
 */
import { allCases, openCaseDb, recordValues } from '../case-db';
import type { CaseValues } from '../../lib/deadlines';
import { readSettings } from '../storage';
import type { InsightsData } from './InsightsTab';

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
