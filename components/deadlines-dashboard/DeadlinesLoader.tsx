/** The Deadlines tab for the workbench: reads the store when first shown, and again when shown after a change. */
import { useEffect, useState } from 'preact/hooks';
import { DeadlinesDashboard } from './DeadlinesDashboard';
import { loadDashboardData } from './loadDashboardData';

export function DeadlinesLoader(props: { active: boolean }) {
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    // Each time the tab is shown the list is rebuilt from the store (an import may have happened).
    if (props.active) setGeneration((value) => value + 1);
  }, [props.active]);
  if (generation === 0) return null;
  return <DeadlinesDashboard key={generation} load={loadDashboardData} />;
}
