/** The Deadlines tab as the workbench mounts it: `<DeadlinesLoader active={tab === 'deadlines'} />`. */
export { DeadlinesDashboard, caseLink, type DashboardData, type DeadlinesDashboardProps } from './DeadlinesDashboard';
export { DeadlinesLoader } from './DeadlinesLoader';
export { loadDashboardData } from './loadDashboardData';
