import { useEffect, useState } from 'preact/hooks';
import { recipientOf } from '../../lib/challengeDraft';
import { challengeOptionsItem, normaliseChallengeOptions, type ChallengeOptions as Options } from './storage';

/** Options for challenge drafts: the firm's signature block and a default recipient. Saved as they change. */
export function ChallengeOptions() {
  const [options, setOptions] = useState<Options | undefined>();
  const [status, setStatus] = useState('');
  useEffect(() => {
    void challengeOptionsItem.getValue().then((value) => setOptions(normaliseChallengeOptions(value)));
    return challengeOptionsItem.watch((value) => setOptions(normaliseChallengeOptions(value)));
  }, []);
  if (!options) return <p role="status">Loading…</p>;

  const save = async (change: Partial<Options>) => {
    const next = normaliseChallengeOptions({ ...options, ...change });
    await challengeOptionsItem.setValue(next);
    setOptions(next);
    setStatus('Saved. The next draft uses it.');
  };
  const onRecipient = (event: Event) => {
    const value = (event.currentTarget as HTMLInputElement).value.trim();
    if (value !== '' && !recipientOf(value)) {
      setStatus('Enter one email address, or leave it empty.');
      return;
    }
    void save({ recipient: value });
  };

  return (
    <section aria-labelledby="challenge-heading">
      <h2 id="challenge-heading">Challenge drafts</h2>
      <p class="muted">
        "Draft challenge" on a case list row with an open challenge window writes a message to the investigator. These are added to every
        draft. Only the time, case and window of a draft are kept, never its text.
      </p>
      <div class="field">
        <label for="challenge-signature">Signature block</label>
        <textarea id="challenge-signature" rows={5} maxLength={1000} value={options.signature}
          onChange={(event) => void save({ signature: (event.currentTarget as HTMLTextAreaElement).value })} />
      </div>
      <div class="field">
        <label for="challenge-recipient">Default recipient (optional)</label>
        <input id="challenge-recipient" type="email" value={options.recipient} placeholder="investigator@…" onChange={onRecipient} />
      </div>
      <p role="status" class="muted">{status}</p>
    </section>
  );
}
