/** The Deadlines tab as the workbench mounts it, reading the case store of this extension. */
import { readSettings } from '../storage';
import { allCases, deadlineListValues, openCaseDb, portalCaseList } from '../case-db';
import type { DashboardData } from './DeadlinesDashboard';

export { DeadlinesDashboard, caseLink, type DashboardData, type DeadlinesDashboardProps } from './DeadlinesDashboard';

/** Everything the dashboard needs, read from the store (one read of every case). */
export async function loadDashboardData(): Promise<DashboardData> {
  const db = await openCaseDb();
  try {
    const [records, settings, caseList] = await Promise.all([allCases(db), readSettings(), portalCaseList(db)]);
    return { cases: records.map(deadlineListValues), settings, ...(caseList ? { caseListUrl: caseList.url } : {}) };
  } finally {
    db.close();
  }
}
