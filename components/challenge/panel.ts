/**
 * The draft panel: one host of ours at the end of the page with its own shadow root, so the
 * portal's styles never reach it and ours never reach the portal. Plain DOM (the content script
 * carries no Preact). Every text goes in as text, never as HTML.
 */
import { clipboardText, mailtoUrl, MAILTO_LIMIT, REASON_PLACEHOLDER, type ChallengeDraft } from '../../lib/challengeDraft';

export const PANEL_HOST_CLASS = 'occ-challenge-panel';

const CSS = `:host{all:initial}
.p{position:fixed;z-index:2147483000;right:16px;bottom:16px;width:min(560px,calc(100vw - 32px));max-height:calc(100vh - 32px);overflow:auto;box-sizing:border-box;
background:#fff;color:#1b1b1b;border:1px solid #6b6b6b;border-radius:8px;box-shadow:0 6px 24px rgba(0,0,0,.25);padding:12px 14px;font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif}
h2{font-size:16px;margin:0 32px 8px 0}label{display:block;font-weight:600;margin:8px 0 2px}
input,textarea{box-sizing:border-box;width:100%;font:13px/1.4 ui-monospace,Menlo,Consolas,monospace;border:1px solid #6b6b6b;border-radius:4px;padding:4px 6px;color:#1b1b1b;background:#fff}
textarea{height:16em;resize:vertical}.r{display:flex;gap:8px;flex-wrap:wrap;margin-top:10px}
button{font:600 13px/1.3 inherit;font-family:inherit;border:1px solid #1d4ed8;border-radius:4px;padding:5px 10px;background:#1d4ed8;color:#fff;cursor:pointer}
button.s{background:#fff;color:#1d4ed8}.x{position:absolute;top:8px;right:8px;background:#fff;color:#1b1b1b;border-color:#6b6b6b;padding:1px 7px}
button:focus-visible,input:focus-visible,textarea:focus-visible{outline:2px solid #1d4ed8;outline-offset:2px}
.st{min-height:1.4em;margin:8px 0 0;color:#0b5323}.c{color:#8c1020;font-weight:600}`;

export interface PanelOptions {
  readonly title: string;
  /** A draft to edit; without one, `closedText` says why there is none. */
  readonly draft?: ChallengeDraft;
  readonly closedText?: string;
  readonly recipient?: string;
  /** A draft was copied or handed to the mail program. */
  readonly onDrafted?: () => void;
  /** Where focus goes back when the panel closes. */
  readonly returnFocus?: HTMLElement;
}

function el<K extends keyof HTMLElementTagNameMap>(doc: Document, tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = Object.assign(doc.createElement(tag), props);
  node.append(...children);
  return node;
}

async function copy(text: string, area: HTMLTextAreaElement, shadow: ShadowRoot): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // No clipboard permission in this page: the older way, from a selection in our own field.
    const scratch = el(area.ownerDocument, 'textarea', { value: text });
    shadow.append(scratch);
    scratch.select();
    const done = area.ownerDocument.execCommand('copy');
    scratch.remove();
    return done;
  }
}

/** Opens the panel (replacing one already open); returns its close function. */
export function openChallengePanel(doc: Document, options: PanelOptions): () => void {
  for (const old of Array.from(doc.getElementsByClassName(PANEL_HOST_CLASS))) old.remove();
  const host = el(doc, 'div', { className: PANEL_HOST_CLASS });
  const shadow = host.attachShadow({ mode: 'open' });
  const close = () => {
    host.remove();
    options.returnFocus?.focus();
  };
  const heading = el(doc, 'h2', { id: 'h' }, options.title);
  const closeButton = el(doc, 'button', { type: 'button', className: 'x', title: 'Close' }, '✕');
  closeButton.setAttribute('aria-label', 'Close the challenge draft');
  closeButton.onclick = close;
  const panel = el(doc, 'div', { className: 'p' }, heading, closeButton);
  panel.setAttribute('role', 'dialog');
  panel.setAttribute('aria-labelledby', 'h');
  panel.addEventListener('keydown', (event) => {
    event.stopPropagation(); // the portal's shortcuts never see typing in our fields
    if (event.key === 'Escape') close();
  });
  shadow.append(el(doc, 'style', {}, CSS), panel);

  let first: HTMLElement = closeButton;
  if (!options.draft) {
    panel.append(el(doc, 'p', { className: 'c' }, options.closedText ?? 'This challenge window is closed.'));
  } else {
    const to = el(doc, 'input', { id: 'to', type: 'email', value: options.recipient ?? '', placeholder: 'investigator@…' });
    const subject = el(doc, 'input', { id: 'su', value: options.draft.subject });
    const body = el(doc, 'textarea', { id: 'bo', value: options.draft.body });
    const status = el(doc, 'p', { className: 'st' });
    status.setAttribute('role', 'status');
    const current = (): ChallengeDraft => ({ subject: subject.value, body: body.value });
    const copyButton = el(doc, 'button', { type: 'button', className: 'cp' }, 'Copy to clipboard');
    const mailButton = el(doc, 'button', { type: 'button', className: 'ml s' }, 'Open in mail program');
    copyButton.onclick = async () => {
      const done = await copy(clipboardText(current()), body, shadow);
      status.textContent = done ? 'Copied: paste it into a new message to the investigator.' : 'Could not copy: select the text and copy it yourself.';
      if (done) options.onDrafted?.();
    };
    mailButton.onclick = async () => {
      const link = mailtoUrl(current(), to.value);
      if (!link.ok) {
        const done = await copy(clipboardText(current()), body, shadow);
        status.textContent = `Too long for a mail link (${link.length} characters; mail programs take about ${MAILTO_LIMIT.toLocaleString('en-GB')}). ${done ? 'Copied instead: paste it into a new message.' : 'Copy it yourself.'}`;
        if (done) options.onDrafted?.();
        return;
      }
      el(doc, 'a', { href: link.url }).click();
      status.textContent = 'Handed to your mail program.';
      options.onDrafted?.();
    };
    panel.append(
      el(doc, 'label', { htmlFor: 'to' }, 'To'), to,
      el(doc, 'label', { htmlFor: 'su' }, 'Subject'), subject,
      el(doc, 'label', { htmlFor: 'bo' }, 'Message (write your reason where it says so)'), body,
      el(doc, 'div', { className: 'r' }, copyButton, mailButton), status,
    );
    first = body;
  }
  (doc.body ?? doc.documentElement).append(host);
  first.focus();
  // The reason is the one thing the user must write: its placeholder is selected, ready to type over.
  if (first instanceof HTMLTextAreaElement) {
    const at = first.value.indexOf(REASON_PLACEHOLDER);
    if (at >= 0) first.setSelectionRange(at, at + REASON_PLACEHOLDER.length);
  }
  return close;
}
