/**
 * The figures the popup shows first, kept small in WXT storage so the popup renders them at once
 * (≤ 150 ms) however many cases the store holds. The background rewrites them whenever the store
 * changes and each morning.
 */
import { storage } from 'wxt/utils/storage';
import type { DeadlineSummary } from '../../lib/deadlineList';
import type { LastImport } from '../case-db/schema';

export interface StoredSummary extends DeadlineSummary {
  /** When the figures were computed (ms since the epoch). */
  readonly computedAt: number;
  readonly warningDays: number;
  readonly lastImport?: LastImport;
}

export const deadlineSummaryItem = storage.defineItem<StoredSummary | null>('local:deadlineSummary', {
  fallback: null,
  version: 1,
});
