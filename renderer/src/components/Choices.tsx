import type { UseFormRegisterReturn } from 'react-hook-form';

/** A group of large checkboxes under one legend: the forms of aggression, the causes. */
export function Choices({ legend, options, label, registration, describedBy, autoFocusFirst = false }: { legend: string; options: readonly string[]; label: (option: string) => string; registration: UseFormRegisterReturn; describedBy?: string | undefined; autoFocusFirst?: boolean }) {
  return (
    <fieldset className="choices" aria-describedby={describedBy}>
      <legend>{legend}</legend>
      {options.map((option, index) => (
        <label key={option} className="choice">
          <input type="checkbox" value={option} autoFocus={autoFocusFirst && index === 0} {...registration} /> {label(option)}
        </label>
      ))}
    </fieldset>
  );
}
