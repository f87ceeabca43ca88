import type { UseFormRegisterReturn } from 'react-hook-form';
import { Checkbox, Fieldset, FieldsetLegend, FormLabel } from '@utrecht/component-library-react';

/** A group of large checkboxes under one legend: the forms of aggression, the causes. */
export function Choices({ legend, options, label, registration, describedBy, autoFocusFirst = false }: { legend: string; options: readonly string[]; label: (option: string) => string; registration: UseFormRegisterReturn; describedBy?: string | undefined; autoFocusFirst?: boolean }) {
  return (
    <Fieldset className="choices" aria-describedby={describedBy}>
      <FieldsetLegend>{legend}</FieldsetLegend>
      {options.map((option, index) => (
        <FormLabel key={option} className="choice">
          <Checkbox value={option} autoFocus={autoFocusFirst && index === 0} {...registration} /> {label(option)}
        </FormLabel>
      ))}
    </Fieldset>
  );
}
