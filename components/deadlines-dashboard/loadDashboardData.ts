/** Everything the dashboard needs, read from this extension's case store (one read of every case). */
import { readSettings } from '../storage';
import { allCases, deadlineListValues, openCaseDb, portalCaseList } from '../case-db';
import type { DashboardData } from './DeadlinesDashboard';

export async function loadDashboardData(): Promise<DashboardData> {
  const db = await openCaseDb();
  try {
    const [records, settings, caseList] = await Promise.all([allCases(db), readSettings(), portalCaseList(db)]);
    return { cases: records.map(deadlineListValues), settings, ...(caseList ? { caseListUrl: caseList.url } : {}) };
  } finally {
    db.close();
  }
}
