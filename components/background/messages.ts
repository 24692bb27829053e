/**
 * The messages the background's case store answers. The content script and the extension pages
 * send them with `browser.runtime.sendMessage`; each has a `type` starting with `occ:`.
 */
import type { CaseValues } from '../../lib/deadlines';
import type { StoredSummary } from './summary';

export interface CaseDatesRequest {
  readonly type: 'occ:case-dates';
  /** Case references as the page shows them. */
  readonly references: readonly string[];
  /** 'deadline' (the default): only the fields the countdowns need; 'all': every field the store knows. */
  readonly fields?: 'deadline' | 'all';
}
/** Per reference asked for (as written in the request), the fields the store knows. */
export interface CaseDatesResponse {
  readonly dates: Record<string, CaseValues>;
}

export interface ObserveRequest {
  readonly type: 'occ:observe';
  /** The page the rows were read on ("View case list", "Dashboard"). */
  readonly page: string;
  /** The page's address without query or fragment: the dashboard links references to it. */
  readonly url?: string;
  /** One entry per row: the cells the table showed, by field (empty cells as ''). */
  readonly rows: readonly CaseValues[];
}

export interface ImportRequest {
  readonly type: 'occ:import';
  /** The file (or merge) the rows came from. */
  readonly name: string;
  /** When the export was made, when known (ms since the epoch); otherwise the time of import. */
  readonly exportedAt?: number;
  /** Every field of each merged row, by field key (empty cells as ''). */
  readonly rows: readonly CaseValues[];
  /** The last batch of an import: the popup's "last import" is recorded then. */
  readonly final?: boolean;
  /** Rows in the whole import (for the last-import note), sent with the final batch. */
  readonly totalRows?: number;
  /** The input files, for the last-import note. */
  readonly names?: readonly string[];
}

export interface SummaryRequest {
  readonly type: 'occ:summary';
}
export interface DeleteAllRequest {
  readonly type: 'occ:delete-all';
}
/** Settings that change the store's figures or schedule were saved: refresh them. */
export interface SettingsChangedRequest {
  readonly type: 'occ:settings-changed';
}

export type StoreRequest = CaseDatesRequest | ObserveRequest | ImportRequest | SummaryRequest | DeleteAllRequest | SettingsChangedRequest;

export type WriteResponse = { readonly ok: true; readonly written: number; readonly changed: number } | { readonly ok: false; readonly reason: string; readonly message: string };
export type SummaryResponse = StoredSummary;

const TYPES = new Set<string>(['occ:case-dates', 'occ:observe', 'occ:import', 'occ:summary', 'occ:delete-all', 'occ:settings-changed']);

export function isStoreRequest(message: unknown): message is StoreRequest {
  return typeof message === 'object' && message !== null && TYPES.has((message as { type?: unknown }).type as string);
}
