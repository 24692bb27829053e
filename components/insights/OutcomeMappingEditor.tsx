/**
 * A small editor of the outcome mapping: one row per phrase and its group, add, remove, reset to
 * the defaults, save. Usable by keyboard alone (plain inputs and buttons). The options page and the
 * Insights tab both mount it.
 */
import { useEffect, useState } from 'preact/hooks';
import { DEFAULT_OUTCOME_MAPPING, OUTCOME_GROUP_TEXT, type OutcomeGroup, type OutcomeMapping, type OutcomeRule } from '../../lib/insights';
import { readOutcomeMapping, saveOutcomeMapping } from './outcomeMappingItem';
import './outcomeMapping.css';

export interface OutcomeMappingEditorProps {
  readonly load?: () => Promise<OutcomeMapping>;
  readonly save?: (mapping: OutcomeMapping) => Promise<OutcomeMapping>;
}

export function OutcomeMappingEditor(props: OutcomeMappingEditorProps) {
  const load = props.load ?? readOutcomeMapping;
  const save = props.save ?? saveOutcomeMapping;
  const [rules, setRules] = useState<OutcomeRule[] | undefined>();
  const [status, setStatus] = useState('');

  useEffect(() => {
    load().then((mapping) => setRules([...mapping.rules]), (error: unknown) => setStatus(`The mapping could not be read: ${String(error)}`));
  }, []);

  if (!rules) return <p role="status">{status || 'Reading the outcome mapping…'}</p>;
  const change = (index: number, rule: Partial<OutcomeRule>) => setRules(rules.map((old, i) => (i === index ? { ...old, ...rule } : old)));

  return (
    <form
      class="occ-outcome-mapping"
      aria-label="Outcome groups"
      onSubmit={(event) => {
        event.preventDefault();
        save({ rules }).then(
          (saved) => {
            setRules([...saved.rules]);
            setStatus(`Saved ${saved.rules.length} rules.`);
          },
          (error: unknown) => setStatus(`Not saved: ${String(error)}`),
        );
      }}
    >
      <p class="occ-muted">
        An outcome text that contains a phrase (whole words, any case) belongs to its group; when several phrases match, the longest wins. Texts no phrase matches are shown as themselves.
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col">Phrase</th>
            <th scope="col">Group</th>
            <th scope="col"><span class="occ-visually-hidden">Remove</span></th>
          </tr>
        </thead>
        <tbody>
          {rules.map((rule, index) => (
            <tr key={index} data-occ-rule={index}>
              <td>
                <input type="text" aria-label={`Phrase ${index + 1}`} value={rule.phrase} onInput={(event) => change(index, { phrase: event.currentTarget.value })} />
              </td>
              <td>
                <select aria-label={`Group of phrase ${index + 1}`} value={rule.group} onChange={(event) => change(index, { group: event.currentTarget.value as OutcomeGroup })}>
                  <option value="change">{OUTCOME_GROUP_TEXT.change}</option>
                  <option value="no-change">{OUTCOME_GROUP_TEXT['no-change']}</option>
                </select>
              </td>
              <td>
                <button type="button" onClick={() => setRules(rules.filter((_, i) => i !== index))} aria-label={`Remove phrase ${index + 1} (${rule.phrase || 'empty'})`}>
                  Remove
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div class="occ-mapping-actions">
        <button type="button" onClick={() => setRules([...rules, { phrase: '', group: 'change' }])}>Add a phrase</button>
        <button type="button" onClick={() => setRules([...DEFAULT_OUTCOME_MAPPING.rules])}>Restore the defaults</button>
        <button type="submit">Save outcome groups</button>
      </div>
      <p role="status">{status}</p>
    </form>
  );
}
