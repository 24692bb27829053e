/**
 * The options page's "Portal hosts and case data" section: extra portal hosts (each asks for its
 * own permission when added, and the content script is registered there by the background), the
 * daily reminder (asks for the notifications permission when turned on), retention, and deleting
 * every stored case after a confirmation. Every control is a native one: usable by keyboard alone.
 */
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { DEFAULT_DATA_SETTINGS, hostPattern, normaliseDataSettings, RETENTION_LIMITS, type DataSettings, type HostRules } from '../../lib/dataSettings';
import { PORTAL_MATCHES } from '../../lib/hosts';
import type { DeleteAllRequest, SummaryRequest } from '../background/messages';
import type { StoredSummary } from '../background/summary';
import { dataSettingsItem, hostRules, loadDataSettings } from './dataSettingsItem';

export interface DataOptionsApi {
  readonly load: () => Promise<DataSettings>;
  readonly save: (settings: DataSettings) => Promise<void>;
  readonly requestPermission: (request: { origins?: string[]; permissions?: string[] }) => Promise<boolean>;
  readonly removePermission: (request: { origins?: string[]; permissions?: string[] }) => Promise<boolean>;
  readonly caseCount: () => Promise<number>;
  readonly deleteAll: () => Promise<void>;
  /** Which hosts may be added (loopback only in test builds); https hosts only when absent. */
  readonly hostRules?: () => HostRules;
}

const defaultApi: DataOptionsApi = {
  load: loadDataSettings,
  save: (settings) => dataSettingsItem.setValue(settings),
  requestPermission: (request) => browser.permissions.request(request as never),
  removePermission: (request) => browser.permissions.remove(request as never),
  caseCount: async () => ((await browser.runtime.sendMessage({ type: 'occ:summary' } satisfies SummaryRequest)) as StoredSummary | null)?.cases ?? 0,
  deleteAll: async () => void (await browser.runtime.sendMessage({ type: 'occ:delete-all' } satisfies DeleteAllRequest)),
  hostRules,
};

export function DataOptions(props: { api?: DataOptionsApi }) {
  const api = props.api ?? defaultApi;
  const [settings, setSettings] = useState<DataSettings>(DEFAULT_DATA_SETTINGS);
  const [hostInput, setHostInput] = useState('');
  const [message, setMessage] = useState('');
  const [confirming, setConfirming] = useState<number | undefined>();

  useEffect(() => {
    void api.load().then(setSettings);
  }, []);

  const rules = api.hostRules?.() ?? {};

  const update = async (next: DataSettings, note: string) => {
    const whole = normaliseDataSettings(next, rules);
    setSettings(whole);
    await api.save(whole);
    setMessage(note);
  };

  const addHost = async (event: Event) => {
    event.preventDefault();
    const pattern = hostPattern(hostInput, rules);
    if (!pattern) {
      const wide = hostInput.trim().replace(/^https:\/\//i, '').startsWith('*.');
      return setMessage(wide ? `“${hostInput.trim()}” would take in every site under a shared domain, or is not a host name. Type it as portal.example.org or *.example.org (https only).` : `“${hostInput.trim()}” is not a host name. Type it as portal.example.org (https only).`);
    }
    if (settings.portalHosts.includes(pattern) || PORTAL_MATCHES.includes(pattern)) return setMessage(`${pattern} is already a portal host.`);
    // Asked straight from the click: browsers grant a permission only in answer to the user's action.
    const granted = await api.requestPermission({ origins: [pattern] }).catch(() => false);
    if (!granted) return setMessage(`Permission for ${pattern} was not granted; the host was not added.`);
    setHostInput('');
    await update({ ...settings, portalHosts: [...settings.portalHosts, pattern] }, `Added ${pattern}. Reload the portal's tab there to see the countdowns.`);
  };

  const removeHost = async (pattern: string) => {
    await update({ ...settings, portalHosts: settings.portalHosts.filter((host) => host !== pattern) }, `Removed ${pattern}.`);
    await api.removePermission({ origins: [pattern] }).catch(() => false);
  };

  const toggleReminder = async (on: boolean) => {
    if (on) {
      const granted = await api.requestPermission({ permissions: ['notifications'] }).catch(() => false);
      if (!granted) return setMessage('Notifications were not allowed, so the reminder stays off.');
    }
    await update({ ...settings, reminderEnabled: on }, on ? `Reminder on: every day at ${settings.reminderTime}, UK time.` : 'Reminder off.');
  };

  const askDelete = async () => setConfirming(await api.caseCount().catch(() => 0));
  const confirmDelete = async () => {
    await api.deleteAll();
    setConfirming(undefined);
    setMessage('Every stored case was deleted.');
  };

  return (
    <section aria-labelledby="occ-data-title" class="occ-data-options">
      <h2 id="occ-data-title">Portal hosts and case data</h2>

      <h3 id="occ-hosts-title">Portal hosts</h3>
      <p>The countdowns run on these sites. Add another address if your firm reaches the portal elsewhere; your browser will ask you to allow it.</p>
      <ul aria-labelledby="occ-hosts-title" id="occ-hosts">
        {PORTAL_MATCHES.map((pattern) => (
          <li key={pattern}>
            <code>{pattern}</code> (built in)
          </li>
        ))}
        {settings.portalHosts.map((pattern) => (
          <li key={pattern} data-occ-host={pattern}>
            <code>{pattern}</code>{' '}
            <button type="button" onClick={() => void removeHost(pattern)} aria-label={`Remove ${pattern}`}>
              Remove
            </button>
          </li>
        ))}
      </ul>
      <form onSubmit={(event) => void addHost(event)}>
        <label for="occ-host-input">Add a portal host </label>
        <input id="occ-host-input" type="text" inputMode="url" placeholder="portal.example.org" value={hostInput} onInput={(event) => setHostInput(event.currentTarget.value)} />{' '}
        <button type="submit" id="occ-add-host">Add host</button>
      </form>

      <h3>Daily reminder</h3>
      <p>
        <label>
          <input type="checkbox" id="occ-reminder-on" checked={settings.reminderEnabled} onChange={(event) => void toggleReminder(event.currentTarget.checked)} /> Remind me of
          challenge windows that close today or tomorrow
        </label>
      </p>
      <p>
        <label for="occ-reminder-time">Time (UK) </label>
        <input id="occ-reminder-time" type="time" value={settings.reminderTime} onChange={(event) => void update({ ...settings, reminderTime: event.currentTarget.value }, `Reminder time set to ${event.currentTarget.value}.`)} />
      </p>

      <h3>Case data on this computer</h3>
      <p>
        <label for="occ-retention">Delete cases not seen for </label>
        <input
          id="occ-retention"
          type="number"
          min={RETENTION_LIMITS.min}
          max={RETENTION_LIMITS.max}
          value={settings.retentionDays}
          onChange={(event) => void update({ ...settings, retentionDays: Number(event.currentTarget.value) }, 'Retention saved.')}
        />{' '}
        days
      </p>
      {confirming === undefined ? (
        <button type="button" id="occ-delete-all" onClick={() => void askDelete()}>
          Delete all case data…
        </button>
      ) : (
        <div role="alertdialog" aria-labelledby="occ-delete-question" class="occ-confirm">
          <p id="occ-delete-question">
            Delete all {confirming} stored cases, the record of imports and the collected exports? This cannot be undone; the portal itself is not changed.
          </p>
          <button type="button" id="occ-delete-confirm" onClick={() => void confirmDelete()}>
            Delete everything
          </button>{' '}
          <button type="button" id="occ-delete-cancel" autoFocus onClick={() => setConfirming(undefined)}>
            Cancel
          </button>
        </div>
      )}
      <p role="status" aria-live="polite" id="occ-data-message">
        {message}
      </p>
    </section>
  );
}
