/**
 * The workbench: a full-tab page with one tab per tool (Merge, Deadlines, Insights); its address's
 * hash picks the tab it opens on (see components/openWorkbench.ts).
 */
import { useState } from 'preact/hooks';
import { MergeTab } from './MergeTab';
import { InsightsLoader, type MergedCases } from '../../components/insights/InsightsLoader';
import { DeadlinesLoader } from '../../components/deadlines-dashboard';

const TABS = [
  { id: 'merge', label: 'Merge exports', ready: true },
  { id: 'deadlines', label: 'Deadlines', ready: true },
  { id: 'insights', label: 'Insights', ready: true },
] as const;

type TabId = (typeof TABS)[number]['id'];

export function Workbench() {
  // The last finished merge, for the Insights tab to chart (its cases stay in the merge worker).
  const [merged, setMerged] = useState<MergedCases | undefined>();
  // The popup opens workbench.html#deadlines.
  const [tab, setTab] = useState<TabId>(TABS.some((entry) => `#${entry.id}` === location.hash) ? (location.hash.slice(1) as TabId) : 'merge');
  return (
    <div class="wb">
      <header class="wb-header">
        <h1>Connect Companion — workbench</h1>
        <p class="wb-note">Unofficial. Files you add stay in this browser: nothing is uploaded.</p>
        <nav role="tablist" aria-label="Workbench tools" class="wb-tabs">
          {TABS.map((entry) => (
            <button
              key={entry.id}
              role="tab"
              id={`tab-${entry.id}`}
              aria-selected={tab === entry.id}
              aria-controls={`panel-${entry.id}`}
              class={tab === entry.id ? 'wb-tab wb-tab-active' : 'wb-tab'}
              onClick={() => setTab(entry.id)}
            >
              {entry.label}
              {!entry.ready && <span class="wb-soon"> (not yet available)</span>}
            </button>
          ))}
        </nav>
      </header>
      <main>
        {TABS.map((entry) => (
          <section key={entry.id} role="tabpanel" id={`panel-${entry.id}`} aria-labelledby={`tab-${entry.id}`} hidden={tab !== entry.id}>
            {entry.id === 'merge' ? (
              <MergeTab onMerged={setMerged} />
            ) : entry.id === 'deadlines' ? (
              <DeadlinesLoader active={tab === 'deadlines'} />
            ) : entry.id === 'insights' ? (
              <InsightsLoader active={tab === 'insights'} merged={merged} />
            ) : (
              <p class="wb-placeholder">{(entry as { label: string }).label} is not available yet in this version of the workbench.</p>
            )}
          </section>
        ))}
      </main>
    </div>
  );
}
