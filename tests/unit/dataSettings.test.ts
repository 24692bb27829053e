import { describe, expect, it } from 'vitest';
import { DEFAULT_DATA_SETTINGS, hostPattern, nextLondonTime, normaliseDataSettings } from '../../lib/dataSettings';

describe('hostPattern', () => {
  it.each([
    { input: 'portal.example.org', expected: 'https://portal.example.org/*' },
    { input: ' HTTPS://Portal.Example.org/cases?x=1 ', expected: 'https://portal.example.org/*' },
    { input: '*.financial-ombudsman.org.uk', expected: 'https://*.financial-ombudsman.org.uk/*' },
    { input: 'http://portal.example.org', expected: undefined },
    { input: 'localhost', expected: undefined },
    { input: '127.0.0.1', expected: undefined },
    { input: 'portal.example.org:8443', expected: undefined },
    { input: 'user@portal.example.org', expected: undefined },
    { input: '<script>.org', expected: undefined },
    { input: '', expected: undefined },
    // A wildcard over a domain anyone can register under would take in every site there.
    { input: '*.co.uk', expected: undefined },
    { input: '*.org.uk', expected: undefined },
    { input: 'https://*.com.au', expected: undefined },
    { input: '*.uk', expected: undefined },
    { input: '*.example.co.uk', expected: 'https://*.example.co.uk/*' },
    { input: '*.example.org', expected: 'https://*.example.org/*' },
    { input: 'co.uk', expected: 'https://co.uk/*' },
  ])('$input -> $expected', ({ input, expected }) => {
    expect(hostPattern(input)).toBe(expected);
  });

  // Builds whose manifest grants loopback (--mode e2e) take it as a host, over http.
  it.each([
    { input: 'localhost', expected: 'http://localhost/*' },
    { input: 'http://localhost/*', expected: 'http://localhost/*' },
    { input: ' HTTP://LocalHost:8080/cases?flavour=grid ', expected: 'http://localhost/*' },
    { input: '127.0.0.1:41234', expected: 'http://127.0.0.1/*' },
    { input: 'https://localhost', expected: undefined },
    { input: 'http://portal.example.org', expected: undefined },
    { input: 'localhost.evil.example', expected: 'https://localhost.evil.example/*' },
    { input: 'http://localhost@evil.example', expected: undefined },
    { input: 'portal.example.org', expected: 'https://portal.example.org/*' },
  ])('loopback allowed: $input -> $expected', ({ input, expected }) => {
    expect(hostPattern(input, { loopback: true })).toBe(expected);
  });
});

describe('normaliseDataSettings', () => {
  it.each([
    { stored: undefined, expected: DEFAULT_DATA_SETTINGS },
    { stored: { retentionDays: 0, reminderTime: '25:00', reminderEnabled: 'yes' }, expected: DEFAULT_DATA_SETTINGS },
    {
      stored: { retentionDays: 30, reminderTime: '07:45', reminderEnabled: true, portalHosts: ['a.example.org', 'A.example.org', 3, 'bad'] },
      expected: { retentionDays: 30, reminderTime: '07:45', reminderEnabled: true, portalHosts: ['https://a.example.org/*'] },
    },
  ])('%#', ({ stored, expected }) => {
    expect(normaliseDataSettings(stored)).toEqual(expected);
  });

  it.each([
    { loopback: false, expected: ['https://a.example.org/*'] },
    { loopback: true, expected: ['https://a.example.org/*', 'http://localhost/*'] },
  ])('keeps a stored loopback host only where loopback is allowed ($loopback)', ({ loopback, expected }) => {
    expect(normaliseDataSettings({ portalHosts: ['https://a.example.org/*', 'http://localhost/*'] }, { loopback }).portalHosts).toEqual(expected);
  });
});

describe('nextLondonTime: 09:00 London whatever the season', () => {
  it.each([
    { now: '2026-11-25T08:59:00Z', time: '09:00', expected: '2026-11-25T09:00:00.000Z' },
    { now: '2026-11-25T09:00:00Z', time: '09:00', expected: '2026-11-26T09:00:00.000Z' },
    { now: '2026-07-01T07:00:00Z', time: '09:00', expected: '2026-07-01T08:00:00.000Z' },
    // The night the clocks go forward (29 March 2026) and back (25 October 2026).
    { now: '2026-03-28T12:00:00Z', time: '09:00', expected: '2026-03-29T08:00:00.000Z' },
    { now: '2026-10-24T12:00:00Z', time: '09:00', expected: '2026-10-25T09:00:00.000Z' },
    { now: '2026-12-31T23:30:00Z', time: '00:01', expected: '2027-01-01T00:01:00.000Z' },
  ])('after $now, $time is $expected', ({ now, time, expected }) => {
    expect(nextLondonTime(new Date(now), time).toISOString()).toBe(expected);
  });
});
