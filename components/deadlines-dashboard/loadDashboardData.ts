/** Everything the dashboard needs, read from this extension's case store (one read of every case) and the record of challenge drafts. */
import { latestDrafts } from '../../lib/challengeDraft';
import { readSettings } from '../storage';
import { allCases, deadlineListValues, openCaseDb, portalCaseList } from '../case-db';
import { draftRecordsItem } from '../challenge/storage';
import type { DashboardData } from './DeadlinesDashboard';

export async function loadDashboardData(): Promise<DashboardData> {
  const db = await openCaseDb();
  try {
    const [records, settings, caseList, drafts] = await Promise.all([
      allCases(db),
      readSettings(),
      portalCaseList(db),
      // The dashboard still shows every deadline when the drafts cannot be read.
      draftRecordsItem.getValue().then(latestDrafts, () => new Map<string, number>()),
    ]);
    return { cases: records.map(deadlineListValues), settings, drafts, ...(caseList ? { caseListUrl: caseList.url } : {}) };
  } finally {
    db.close();
  }
}
