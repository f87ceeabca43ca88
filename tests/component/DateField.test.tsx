import '@testing-library/jest-dom/vitest';
import { act, cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it } from 'vitest';
import type { Locale } from '../../shared/domain/directory.js';
import { DateField, type DateFieldProps } from '../../renderer/src/components/DateField.js';
import { createI18n } from '../../renderer/src/i18n.js';

afterEach(cleanup);

/** A screen's state around the field, and every value the field handed on. */
function renderField(start: string, locale: Locale, props: Partial<DateFieldProps> = {}) {
  const handedOn: string[] = [];
  const i18n = createI18n(locale);
  function Screen() {
    const [value, setValue] = useState(start);
    return (
      <>
        <label htmlFor="when">Wanneer</label>
        <DateField id="when" value={value} onChange={(next) => (handedOn.push(next), setValue(next))} {...props} />
        <output data-testid="value">{value}</output>
        <button type="button" onClick={() => setValue('2025-06-15T08:00')}>reset</button>
      </>
    );
  }
  render(
    <I18nextProvider i18n={i18n}>
      <Screen />
    </I18nextProvider>,
  );
  return { i18n, handedOn, field: screen.getByLabelText('Wanneer'), value: () => screen.getByTestId('value').textContent };
}

describe('<DateField>', () => {
  it('shows the Dutch format and its hint, reads a loose typing, and keeps what was typed while typing', async () => {
    const { field, value } = renderField('2026-11-30', 'nl');
    expect(field).toHaveValue('30-11-2026');
    expect(field).toHaveAccessibleDescription('dd-mm-jjjj, bijvoorbeeld 31-01-2026');
    const user = userEvent.setup();
    await user.clear(field);
    await user.type(field, '1-2-2026');
    expect(field).toHaveValue('1-2-2026');
    expect(value()).toBe('2026-02-01');
  });

  it('says in words, once the field is left, that a date does not exist, and hands on no value', async () => {
    const { field, value } = renderField('2026-11-30', 'nl');
    const user = userEvent.setup();
    await user.clear(field);
    await user.type(field, '31-02-2026');
    expect(screen.queryByText(/bestaat niet/)).not.toBeInTheDocument();
    await user.tab();
    expect(field).toHaveAccessibleDescription('dd-mm-jjjj, bijvoorbeeld 31-01-2026 Deze datum bestaat niet. Kijk de dag en de maand na.');
    expect(field).toHaveAttribute('aria-invalid', 'true');
    expect(value()).toBe('');
    await user.clear(field);
    await user.type(field, 'gisteren');
    expect(screen.getByText('Dit kan Vangnet niet als datum lezen. Schrijf dd-mm-jjjj, bijvoorbeeld 31-01-2026.')).toBeInTheDocument();
  });

  it('switching the language rewrites the shown date, and its hint and error, without losing it', async () => {
    const { field, value, i18n } = renderField('2026-02-01T09:05', 'nl', { kind: 'dateTime' });
    expect(field).toHaveValue('01-02-2026 09:05');
    await act(() => i18n.changeLanguage('en'));
    expect(field).toHaveValue('01/02/2026 09:05');
    expect(field).toHaveAccessibleDescription('dd/mm/yyyy hh:mm, for example 31/01/2026 14:30');
    expect(value()).toBe('2026-02-01T09:05');
    const user = userEvent.setup();
    await user.clear(field);
    await user.type(field, '1/2/2026');
    await user.tab();
    expect(screen.getByText('Vangnet cannot read this as a date. Write dd/mm/yyyy hh:mm, for example 31/01/2026 14:30.')).toBeInTheDocument();
    // Unreadable text is kept as typed across a switch; the message follows the language.
    await act(() => i18n.changeLanguage('nl'));
    expect(field).toHaveValue('1/2/2026');
    expect(screen.getByText('Dit kan Vangnet niet als datum lezen. Schrijf dd-mm-jjjj uu:mm, bijvoorbeeld 31-01-2026 14:30.')).toBeInTheDocument();
  });

  it('a value set from outside replaces the text', async () => {
    const { field } = renderField('2026-02-01T09:05', 'en', { kind: 'dateTime' });
    await userEvent.setup().click(screen.getByRole('button', { name: 'reset' }));
    expect(field).toHaveValue('15/06/2025 08:00');
  });

  it('keeps to min and max: outside them it says so and hands on nothing', async () => {
    const { field, handedOn } = renderField('2026-03-01', 'nl', { min: '2026-01-01', max: '2026-12-31' });
    const user = userEvent.setup();
    await user.clear(field);
    await user.type(field, '31-12-2025');
    await user.tab();
    expect(screen.getByText('Kies een datum op of na 01-01-2026.')).toBeInTheDocument();
    expect(handedOn.at(-1)).toBe('');
    await user.clear(field);
    await user.type(field, '1-1-2027');
    await user.tab();
    expect(screen.getByText('Kies een datum op of vóór 31-12-2026.')).toBeInTheDocument();
    await user.clear(field);
    await user.type(field, '31-12-2026');
    expect(handedOn.at(-1)).toBe('2026-12-31');
    expect(field).not.toHaveAttribute('aria-invalid');
  });

  it("shows the form's own message when the text itself is fine", () => {
    renderField('2026-03-01', 'en', { error: 'Fill this in' });
    expect(screen.getByLabelText('Wanneer')).toHaveAccessibleDescription('dd/mm/yyyy, for example 31/01/2026 Fill this in');
  });
});
