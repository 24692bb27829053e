import { useEffect, useState } from 'preact/hooks';
import { readSettings, updateSettings, watchSettings } from '../../components/storage';
import { DEFAULT_SETTINGS, SETTING_LIMITS, type Settings } from '../../lib/settings';

/** The deadline settings: window length, warning threshold, and the countdown column. Saved as they change. */
export function DeadlineOptions() {
  const [settings, setSettings] = useState<Settings | undefined>();
  const [saved, setSaved] = useState('');
  useEffect(() => {
    void readSettings().then(setSettings);
    return watchSettings(setSettings);
  }, []);
  if (!settings) return <p role="status">Loading…</p>;

  const save = async (change: Partial<Settings>) => {
    const next = await updateSettings(change);
    setSettings(next);
    setSaved('Saved. Open portal pages update at once.');
  };
  const number = (key: 'windowLengthDays' | 'warningDays') => (event: Event) => {
    const input = event.currentTarget as HTMLInputElement;
    const value = Number(input.value);
    const { min, max } = SETTING_LIMITS[key];
    if (input.value === '' || !Number.isInteger(value) || value < min || value > max) {
      setSaved(`Enter a whole number from ${min} to ${max}.`);
      return;
    }
    void save({ [key]: value });
  };

  return (
    <section aria-labelledby="deadlines-heading">
      <h2 id="deadlines-heading">Deadlines</h2>
      <p class="muted">
        How the countdowns on the portal's case lists are counted. Days are calendar days in UK time; a window closes at the end of its
        last day.
      </p>
      <div class="field">
        <label for="window-length">Challenge window length (days)</label>
        <input id="window-length" type="number" inputMode="numeric" min={SETTING_LIMITS.windowLengthDays.min} max={SETTING_LIMITS.windowLengthDays.max}
          value={settings.windowLengthDays} onChange={number('windowLengthDays')} aria-describedby="window-help" />
        <p id="window-help" class="help">
          The guide gives firms {DEFAULT_SETTINGS.windowLengthDays} days to challenge a case's set-up (from the Date moved to investigation)
          and {DEFAULT_SETTINGS.windowLengthDays} days to challenge its outcome (from the Closure date). Change this only if that rule changes.
        </p>
      </div>
      <div class="field">
        <label for="warning-days">Warn when this many days or fewer are left</label>
        <input id="warning-days" type="number" inputMode="numeric" min={SETTING_LIMITS.warningDays.min} max={SETTING_LIMITS.warningDays.max}
          value={settings.warningDays} onChange={number('warningDays')} aria-describedby="warning-help" />
        <p id="warning-help" class="help">A deadline this close is shown as "due soon" (▲, amber). Default {DEFAULT_SETTINGS.warningDays}.</p>
      </div>
      <div class="field checkbox">
        <input id="show-countdown" type="checkbox" checked={settings.showCountdown} onChange={(event) => void save({ showCountdown: (event.currentTarget as HTMLInputElement).checked })} />
        <label for="show-countdown">Show the deadline column in the portal's case tables</label>
      </div>
      <div class="actions">
        <button type="button" onClick={() => void save({ ...DEFAULT_SETTINGS })}>Restore defaults</button>
        <span role="status" aria-live="polite" class="muted" id="saved">{saved}</span>
      </div>
    </section>
  );
}
