/**
 * Where the batch plan is kept so that it survives a page change and a reload of the tab.
 * `local:` rather than `session:` because content scripts cannot read session storage in Chrome
 * without widening its access level for every script on the page.
 */
import { storage } from 'wxt/utils/storage';
import { isSelectionPlan, type SelectionPlan } from '../../lib/selection';

export interface PlanStore {
  get(): Promise<SelectionPlan | null>;
  set(plan: SelectionPlan | null): Promise<void>;
}

export const selectionPlanItem = storage.defineItem<SelectionPlan | null>('local:selectionPlan', {
  fallback: null,
  version: 1,
});

/** The plan in WXT storage; anything stored that is not a plan this version understands reads as none. */
export const wxtPlanStore: PlanStore = {
  async get() {
    const value: unknown = await selectionPlanItem.getValue();
    return isSelectionPlan(value) ? value : null;
  },
  async set(plan) {
    await (plan ? selectionPlanItem.setValue(plan) : selectionPlanItem.removeValue());
  },
};
