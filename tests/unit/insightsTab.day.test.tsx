// The Insights tab, left open over London midnight: its "as of" day and the figures counted from it
// move on without a reload (components/useLondonDay.ts, shared with the deadlines dashboard).
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InsightsTab } from '../../components/insights/InsightsTab';
import type { CaseValues } from '../../lib/deadlines';
import { DEFAULT_OUTCOME_MAPPING } from '../../lib/insights';
import { DEFAULT_SETTINGS } from '../../lib/settings';
import { mountPoint } from './preact-helpers';

// happy-dom has no canvas: the charts are not drawn here (the e2e tests draw them in real browsers).
vi.mock('../../components/insights/chartSetup', () => ({ drawCharts: () => [], resizeCharts: () => undefined }));

const root = mountPoint();
const CASES: CaseValues[] = [{ caseReference: 'PNX-9-JUNE', enquiryDate: '01-06-2026', dateMovedToInvestigation: '01-06-2026', closureDate: '', caseStage: 'Investigation', productType: 'Current Accounts' }];

describe('the Insights tab over London midnight', () => {
  const flush = async () => {
    for (let i = 0; i < 5; i += 1) await act(async () => await Promise.resolve());
  };
  const asOf = () => /as of (\d{4}-\d{2}-\d{2})/.exec(root().textContent ?? '')?.[1];

  // 23:50 BST on 15 Jun 2026 is 22:50 UTC.
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: new Date('2026-06-15T22:50:00Z') }));
  afterEach(() => vi.useRealTimers());

  it.each([
    { how: 'the midnight timer', pass: async () => await act(async () => void (await vi.advanceTimersByTimeAsync(11 * 60_000))) },
    { how: 'visibilitychange after a sleep', pass: async () => (vi.setSystemTime(new Date('2026-06-16T07:30:00Z')), await act(() => void document.dispatchEvent(new Event('visibilitychange')))) },
  ])('counts from the new day after $how', async ({ pass }) => {
    await act(() =>
      render(
        <InsightsTab
          load={async () => ({ cases: CASES, settings: DEFAULT_SETTINGS, source: 'the case store' })}
          loadMapping={async () => DEFAULT_OUTCOME_MAPPING}
          watchMapping={() => () => undefined}
        />,
        root(),
      ),
    );
    await flush();
    expect(asOf()).toBe('2026-06-15');
    await pass();
    await flush();
    expect(asOf()).toBe('2026-06-16');
  });
});
