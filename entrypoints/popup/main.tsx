import { render } from 'preact';
import { browser } from 'wxt/browser';
import { PageStatus } from './PageStatus';
import { PopupSummary } from '../../components/popup-summary/PopupSummary';
import { CollectOffers } from '../../components/collect/CollectOffers';
import './style.css';

function Popup() {
  return (
    <main>
      <header>
        <h1>Connect Companion</h1>
        <p class="muted">Challenge windows and business file deadlines on every case of Ombudsman Connect for Business. Unofficial.</p>
      </header>
      <CollectOffers />
      <section aria-labelledby="this-page">
        <h2 id="this-page">This page</h2>
        <PageStatus />
      </section>
      <section aria-labelledby="team-deadlines">
        <h2 id="team-deadlines">Team deadlines</h2>
        <PopupSummary />
      </section>
      <footer>
        <button type="button" onClick={() => void browser.runtime.openOptionsPage()}>
          Options
        </button>
      </footer>
    </main>
  );
}

render(<Popup />, document.getElementById('app')!);
