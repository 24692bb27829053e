import { afterEach, describe, expect, it, vi } from 'vitest';
import { startCaseObserver } from '../../components/page-observer';
import type { ObserveRequest } from '../../components/background/messages';

function lifecycle() {
  const callbacks: (() => void)[] = [];
  return {
    isValid: true,
    onInvalidated: (callback: () => void) => callbacks.push(callback),
    requestAnimationFrame: (callback: FrameRequestCallback) => setTimeout(() => callback(0), 0) as unknown as number,
    // Frames on a timer, so a test's timer set after them runs after them (happy-dom's own frames
    // are setImmediate: on a busy machine a 5 ms timer can come first).
    frames: { requestAnimationFrame: (callback: FrameRequestCallback) => setTimeout(() => callback(0), 0) as unknown as number, cancelAnimationFrame: (handle: number) => clearTimeout(handle) },
    end: () => callbacks.forEach((callback) => callback()),
  };
}

// happy-dom delivers mutation records on a timer: wait generously, the machine may be busy.
const frame = () => new Promise((resolve) => setTimeout(resolve, 50));

afterEach(() => {
  document.body.innerHTML = '';
});

describe('startCaseObserver', () => {
  it('sends the rows it sees, then only rows whose cells changed', async () => {
    document.body.innerHTML = `<h1>View case list</h1><table><thead><tr><th>Case reference</th><th>Case stage</th><th>Enquiry date</th></tr></thead>
      <tbody><tr><td>PNX-1-AAAA</td><td>View</td><td>19-01-2026</td></tr><tr><td>PNX-2-BBBB</td><td></td><td>20-01-2026</td></tr></tbody></table>`;
    const send = vi.fn(async (_request: ObserveRequest) => undefined);
    const life = lifecycle();
    startCaseObserver(life, { send });
    await vi.waitFor(() => expect(send).toHaveBeenCalledOnce());
    expect(send.mock.calls[0]![0]).toMatchObject({
      type: 'occ:observe',
      page: 'View case list',
      rows: [
        { caseReference: 'PNX-1-AAAA', caseStage: 'View', enquiryDate: '19-01-2026' },
        { caseReference: 'PNX-2-BBBB', caseStage: '', enquiryDate: '20-01-2026' },
      ],
    });
    document.querySelectorAll('tbody td')[1]!.textContent = 'Decision';
    await vi.waitFor(() => expect(send).toHaveBeenCalledTimes(2));
    expect(send.mock.calls[1]![0].rows).toEqual([{ caseReference: 'PNX-1-AAAA', caseStage: 'Decision', enquiryDate: '19-01-2026' }]);
    document.body.append(document.createElement('div'));
    await frame();
    expect(send).toHaveBeenCalledTimes(2);
    life.end();
    document.querySelectorAll('tbody td')[1]!.textContent = 'Investigation';
    await frame();
    expect(send).toHaveBeenCalledTimes(2);
  });

  it('sends nothing from a page without a case table', async () => {
    document.body.innerHTML = '<h1>Track upload</h1><table><tr><th>File</th></tr><tr><td>a.pdf</td></tr></table>';
    const send = vi.fn(async (_request: ObserveRequest) => undefined);
    startCaseObserver(lifecycle(), { send });
    await frame();
    expect(send).not.toHaveBeenCalled();
  });
});
