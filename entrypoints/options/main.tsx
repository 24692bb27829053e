import { render } from 'preact';
import { DeadlineOptions } from './DeadlineOptions';
import { DataOptions } from '../../components/data-options';
import { ChallengeOptions } from '../../components/challenge/ChallengeOptions';
import { OutcomeMappingEditor } from '../../components/insights/OutcomeMappingEditor';
import './style.css';

function Options() {
  return (
    <main>
      <header>
        <h1>Connect Companion options</h1>
        <p class="muted">
          An unofficial companion to the Financial Ombudsman Service's portal for firms, Ombudsman Connect for Business. It shows on every
          case how long is left to challenge its set-up and its outcome, and when the business file is due. Your settings stay in your
          browser.
        </p>
      </header>
      <DeadlineOptions />
      <ChallengeOptions />
      <section aria-labelledby="outcome-mapping-heading">
        <h2 id="outcome-mapping-heading">Outcome groups for Insights</h2>
        <p class="muted">
          The portal's outcome labels are not standardised. These rules say which count as a change and which as no change in the
          Insights charts; a label no rule matches is shown as itself.
        </p>
        <OutcomeMappingEditor />
      </section>
      <DataOptions />
    </main>
  );
}

render(<Options />, document.getElementById('app')!);
