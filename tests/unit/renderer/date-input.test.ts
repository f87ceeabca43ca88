import { describe, expect, it } from 'vitest';
import { readDateInput, showDateValue, valueOf } from '../../../renderer/src/date-input.js';

describe('dates typed in the UI language', () => {
  it('shows a value the Dutch way and the English (en-GB) way, and an empty value as empty', () => {
    expect(showDateValue('2026-02-01', 'date', 'nl')).toBe('01-02-2026');
    expect(showDateValue('2026-02-01', 'date', 'en')).toBe('01/02/2026');
    expect(showDateValue('2026-02-01T09:05', 'dateTime', 'nl')).toBe('01-02-2026 09:05');
    expect(showDateValue('2026-02-01T21:05', 'dateTime', 'en')).toBe('01/02/2026 21:05');
    expect(showDateValue('', 'date', 'nl')).toBe('');
  });

  it('reads the day first, with or without leading zeros, whichever separator, and hands on the native shape', () => {
    for (const typed of ['1-2-2026', '01-02-2026', '1/2/2026', '01/02/2026', '1.2.2026', ' 1-2-2026 ', '2026-02-01']) {
      expect(readDateInput(typed, 'date'), typed).toEqual({ kind: 'value', value: '2026-02-01' });
    }
    for (const typed of ['1-2-2026 9:05', '01-02-2026 09:05', '1/2/2026 9.05', '1-2-2026, 09:05', '2026-02-01T09:05']) {
      expect(readDateInput(typed, 'dateTime'), typed).toEqual({ kind: 'value', value: '2026-02-01T09:05' });
    }
    // What is shown reads back to the same value, in both languages.
    for (const language of ['nl', 'en']) {
      expect(valueOf(readDateInput(showDateValue('2026-12-31T23:59', 'dateTime', language), 'dateTime'))).toBe('2026-12-31T23:59');
    }
  });

  it('says what is wrong with a bad date instead of guessing or rolling it over', () => {
    expect(readDateInput('31-02-2026', 'date')).toEqual({ kind: 'problem', problem: 'impossible' });
    expect(readDateInput('29-02-2027', 'date')).toEqual({ kind: 'problem', problem: 'impossible' });
    expect(readDateInput('29-02-2028', 'date')).toEqual({ kind: 'value', value: '2028-02-29' });
    expect(readDateInput('1-13-2026', 'date')).toEqual({ kind: 'problem', problem: 'impossible' });
    expect(readDateInput('1-2-2026 24:00', 'dateTime')).toEqual({ kind: 'problem', problem: 'impossible' });
    expect(readDateInput('1-2-2026 9:60', 'dateTime')).toEqual({ kind: 'problem', problem: 'impossible' });
    for (const typed of ['morgen', '1-2-26', '1-2', '2026', '1-2-2026 9', '1--2-2026']) {
      expect(readDateInput(typed, 'date').kind === 'problem' && readDateInput(typed, 'dateTime').kind === 'problem', typed).toBe(true);
    }
    // A moment needs its time.
    expect(readDateInput('1-2-2026', 'dateTime')).toEqual({ kind: 'problem', problem: 'unreadable' });
    expect(readDateInput('   ', 'date')).toEqual({ kind: 'empty' });
    expect(valueOf(readDateInput('31-02-2026', 'date'))).toBe('');
  });

  it('keeps to the limits, the limit days themselves included', () => {
    const limits = { min: '2026-01-01', max: '2026-12-31' };
    expect(readDateInput('31-12-2025', 'date', limits)).toEqual({ kind: 'problem', problem: 'before_min' });
    expect(readDateInput('1-1-2027', 'date', limits)).toEqual({ kind: 'problem', problem: 'after_max' });
    expect(readDateInput('1-1-2026', 'date', limits)).toEqual({ kind: 'value', value: '2026-01-01' });
    expect(readDateInput('31-12-2026', 'date', limits)).toEqual({ kind: 'value', value: '2026-12-31' });
  });
});
