import { useCallback, useEffect, useRef, useState, type FocusEvent, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { readDateInput, showDateValue, valueOf, type DateInputKind, type DateReading } from '../date-input.js';
import { Textbox, type TextboxProps } from '@utrecht/component-library-react';

type PassedOn = Omit<TextboxProps, 'type' | 'value' | 'defaultValue' | 'onChange' | 'min' | 'max' | 'invalid' | 'aria-describedby' | 'id'>;

export interface DateFieldProps extends PassedOn {
  /** Needed: the hint and the error are tied to the input by it, and the screen's label points at it. */
  id: string;
  kind?: DateInputKind;
  /** `yyyy-MM-dd` (date) or `yyyy-MM-ddTHH:mm` (dateTime), as a native input would hold it; '' for none. */
  value: string;
  /** Gets '' while the text is not a date this field accepts, just as a native input's value is empty then. */
  onChange: (value: string) => void;
  min?: string;
  max?: string;
  /** The form's own message about this field, in words. A date that cannot be read is said first. */
  error?: string | null;
  /** Ids of messages the screen shows itself about this field. */
  describedBy?: string;
  /** Set when the screen shows its own message about this field (see describedBy). */
  invalid?: boolean;
  ref?: Ref<HTMLInputElement>;
}

const examples: Record<DateInputKind, string> = { date: '2026-01-31', dateTime: '2026-01-31T14:30' };

/**
 * A date (or date and time) written the UI language's way, whatever the browser's or the PC's
 * language is: the text is the app's, the value the form gets keeps the native input's shape.
 */
export function DateField({ id, kind = 'date', value, onChange, min, max, error, describedBy, invalid, onBlur, ref, ...textbox }: DateFieldProps) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const [text, setText] = useState(() => showDateValue(value, kind, language));
  // The value and language the text was last written for, and what this field last handed on.
  const [shownFor, setShownFor] = useState({ value, language, emitted: value });
  const [left, setLeft] = useState(false);

  if (shownFor.value !== value || shownFor.language !== language) {
    // A value from outside (a reset, a restored draft) replaces the text; one this field handed on
    // does not, so typing is never reformatted under the cursor. A new language rewrites a readable text.
    const fromOutside = shownFor.value !== value && value !== shownFor.emitted;
    const reading = readDateInput(text, kind);
    if (fromOutside) setText(showDateValue(value, kind, language));
    else if (shownFor.language !== language && reading.kind === 'value') setText(showDateValue(reading.value, kind, language));
    setShownFor({ value, language, emitted: shownFor.emitted });
  }

  const reading = readDateInput(text, kind, { min, max });
  const formatHint = t(`dateField.format.${kind}`);
  const example = showDateValue(examples[kind], kind, language);
  const problemText = (problem: Extract<DateReading, { kind: 'problem' }>['problem']): string => {
    switch (problem) {
      case 'unreadable':
        return t('dateField.unreadable', { format: formatHint, example });
      case 'impossible':
        return t(`dateField.impossible.${kind}`);
      case 'before_min':
        return t('dateField.beforeMin', { limit: showDateValue(min ?? '', kind, language) });
      case 'after_max':
        return t('dateField.afterMax', { limit: showDateValue(max ?? '', kind, language) });
    }
  };
  // A half-typed date is not an error yet: it becomes one when the field is left or the form complains.
  const ownProblem = reading.kind === 'problem' && (left || error) ? problemText(reading.problem) : null;
  const message = ownProblem ?? error ?? null;
  // The text's problem is also the input's validity, so a form can ask it before sending (see refuseUnreadableDates).
  const input = useRef<HTMLInputElement | null>(null);
  const validity = reading.kind === 'problem' ? problemText(reading.problem) : '';
  useEffect(() => input.current?.setCustomValidity(validity), [validity]);
  const setInput = useCallback(
    (element: HTMLInputElement | null) => {
      input.current = element;
      if (typeof ref === 'function') ref(element);
      else if (ref) ref.current = element;
    },
    [ref],
  );
  const hintId = `${id}-format`;
  const problemId = `${id}-problem`;

  return (
    <>
      <p id={hintId} className="hint">
        {t('dateField.hint', { format: formatHint, example })}
      </p>
      <Textbox
        {...textbox}
        ref={setInput}
        id={id}
        data-date-field=""
        type="text"
        autoComplete="off"
        spellCheck={false}
        value={text}
        invalid={message || invalid ? true : undefined}
        aria-describedby={[hintId, message ? problemId : null, describedBy].filter(Boolean).join(' ')}
        onChange={(event) => {
          const typed = event.target.value;
          const emitted = valueOf(readDateInput(typed, kind, { min, max }));
          setText(typed);
          setShownFor({ ...shownFor, emitted });
          // Only a change is handed on: the record form saves on every change it hears of.
          if (emitted !== value) onChange(emitted);
        }}
        onInvalid={() => setLeft(true)}
        onBlur={(event: FocusEvent<HTMLInputElement>) => {
          setLeft(true);
          onBlur?.(event);
        }}
      />
      {message && (
        <p id={problemId} className="field-error">
          {message}
        </p>
      )}
    </>
  );
}

/**
 * Before sending: a date field holding text that is not a date it accepts stops the form (its
 * message shows, focus goes to it), where the form would otherwise carry on as if it were left empty.
 * `scope` is the form, or the part of a screen that is being sent.
 */
export function refuseUnreadableDates(scope: ParentNode | null): boolean {
  const unreadable = [...(scope?.querySelectorAll<HTMLInputElement>('input[data-date-field]') ?? [])].filter((input) => input.validity.customError);
  // checkValidity fires "invalid" on the field, which shows its message.
  unreadable.forEach((input) => input.checkValidity());
  unreadable[0]?.focus();
  return unreadable.length > 0;
}
