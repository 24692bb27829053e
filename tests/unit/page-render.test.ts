// The badges' look: WCAG AA contrast for every state's text, and a distinct shape per state so
// colour is never the only signal.
import { describe, expect, it } from 'vitest';
import { BADGE_STYLE } from '../../components/page/render';

function luminance(hex: string): number {
  const channels = hex.replace('#', '').match(/../g)!.map((pair) => parseInt(pair, 16) / 255);
  const [r, g, b] = channels.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

describe('badge colours', () => {
  it.each(Object.entries(BADGE_STYLE))('%s: text on background is at least 4.5:1', (_state, style) => {
    expect(contrast(style.text, style.background)).toBeGreaterThanOrEqual(4.5);
    // The text colour also reads on white, where the pinned cell shows through rounded corners.
    expect(contrast(style.text, '#ffffff')).toBeGreaterThanOrEqual(4.5);
  });

  it('the contrast check itself tells a poor pair from a good one', () => {
    expect(contrast('#777777', '#ffffff')).toBeLessThan(4.5);
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 0);
  });

  it('gives every state its own shape', () => {
    const icons = Object.values(BADGE_STYLE).map((style) => style.icon);
    expect(new Set(icons).size).toBe(icons.length);
  });
});
