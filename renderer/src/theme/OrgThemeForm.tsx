import { Button, FormField, FormFieldDescription, FormFieldErrorMessage, FormLabel, Heading2, Paragraph, Textbox } from '@utrecht/component-library-react';
import { useId, useState, type ChangeEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { colourProblem, DEFAULT_ORG_THEME, hexPattern, logoProblem, orgThemeLimits, themeColourNames, themeColours, themePaper, type OrgTheme, type ThemeColour, type ThemeProblem } from '../../../shared/theme/org-theme.js';
import { useApi } from '../api/api-context.js';
import { useCall } from '../api/use-call.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { SaveOutcome, type Outcome } from '../components/SaveOutcome.js';
import { previewCss, useAdoptedCss } from './org-theme-sheet.js';

const kB = (bytes: number) => Math.ceil(bytes / 1024);

/** A problem in the UI's words: the ratio found, the ratio needed, and which way to move. */
function useProblemText() {
  const { t, i18n } = useTranslation();
  const number = (value: number) => value.toLocaleString(i18n.language === 'en' ? 'en-GB' : 'nl-NL');
  return (problem: ThemeProblem | 'hex_colour'): string => {
    if (problem === 'hex_colour') return t('orgTheme.problem.hex_colour');
    switch (problem.code) {
      case 'low_contrast':
        return t('orgTheme.problem.low_contrast', {
          ratio: number(problem.ratio),
          needed: number(problem.needed),
          direction: t(themeColours[problem.field].against === themePaper ? 'orgTheme.problem.darker' : 'orgTheme.problem.lighter'),
        });
      case 'logo_too_large':
        return t('orgTheme.problem.logo_too_large', { size: kB(problem.bytes), limit: kB(problem.limit) });
      case 'logo_wrong_bytes':
        return t('orgTheme.problem.logo_wrong_bytes', { type: 'PNG/JPEG' });
      case 'logo_not_image':
        return t('orgTheme.problem.logo_not_image');
    }
  };
}

const readAsDataUrl = (file: File) =>
  new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('unreadable file'));
    reader.readAsDataURL(file);
  });

/** Instellingen: an administrator sets the organisation's logo and colours; the same checks as the server's. */
export function OrgThemeForm() {
  const { t } = useTranslation();
  const idPrefix = useId();
  const current = useCall('orgTheme.get', {}).result;
  return (
    <section aria-labelledby={`${idPrefix}-title`} className="org-theme">
      <Heading2 id={`${idPrefix}-title`}>{t('orgTheme.title')}</Heading2>
      <Paragraph>{t('orgTheme.intro')}</Paragraph>
      {current.state === 'failed' && <ErrorNotice error={current.error} call="orgTheme.get" />}
      {/* The fields start from the saved theme, so nothing typed is overwritten by a late load. */}
      {current.state === 'ready' && <OrgThemeFields saved={current.value} idPrefix={idPrefix} />}
    </section>
  );
}

function OrgThemeFields({ saved, idPrefix }: { saved: OrgTheme; idPrefix: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const [theme, setTheme] = useState<OrgTheme>(saved);
  const [logoError, setLogoError] = useState<string | null>(null);
  const [showErrors, setShowErrors] = useState(false);
  const [saving, setSaving] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const problemText = useProblemText();
  useAdoptedCss(previewCss(theme));

  const colourError = (field: ThemeColour): string | null => {
    const value = theme[field];
    if (!hexPattern.test(value)) return problemText('hex_colour');
    const problem = colourProblem(field, value);
    return problem ? problemText(problem) : null;
  };

  const pickLogo = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) return;
    // Too large to be a logo: say so without reading it all.
    const dataUrl = file.size > orgThemeLimits.logoBytes ? null : await readAsDataUrl(file);
    const problem = dataUrl === null ? { field: 'logo' as const, code: 'logo_too_large' as const, bytes: file.size, limit: orgThemeLimits.logoBytes } : logoProblem(dataUrl);
    setLogoError(problem ? problemText(problem) : null);
    if (!problem && dataUrl) setTheme((before) => ({ ...before, logo: dataUrl }));
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setOutcome(null);
    setShowErrors(true);
    if (themeColourNames.some((field) => colourError(field) !== null) || logoError) return;
    setSaving(true);
    const result = await api.invoke('orgTheme.update', theme);
    setSaving(false);
    setOutcome(result.ok ? { kind: 'saved' } : { kind: 'failed', error: result.error });
  };

  const logoId = `${idPrefix}-logo`;
  return (
    <>
      <form onSubmit={(event) => void save(event)} noValidate>
        {themeColourNames.map((field) => {
          const id = `${idPrefix}-${field}`;
          const error = showErrors ? colourError(field) : null;
          return (
            <FormField key={field} invalid={error !== null} className="field">
              <FormLabel htmlFor={id}>{t(`orgTheme.${field}`)}</FormLabel>
              <FormFieldDescription id={`${id}-hint`}>{t(`orgTheme.${field}Hint`)}</FormFieldDescription>
              <div className="colour-entry">
                <Textbox
                  id={id}
                  name={field}
                  value={theme[field]}
                  spellCheck={false}
                  autoComplete="off"
                  maxLength={7}
                  invalid={error !== null}
                  aria-describedby={error ? `${id}-hint ${id}-error` : `${id}-hint`}
                  onChange={(event) => setTheme({ ...theme, [field]: event.target.value.trim().toLowerCase() })}
                />
                {/* The colour as typed, from an adopted sheet: the CSP allows no inline style. */}
                <span className={`colour-swatch colour-swatch-${field}`} aria-hidden="true" />
              </div>
              {error && <FormFieldErrorMessage id={`${id}-error`}>{error}</FormFieldErrorMessage>}
            </FormField>
          );
        })}
        <FormField invalid={logoError !== null} className="field">
          <FormLabel htmlFor={logoId}>{t('orgTheme.logo')}</FormLabel>
          <FormFieldDescription id={`${logoId}-hint`}>{t('orgTheme.logoHint', { limit: kB(orgThemeLimits.logoBytes) })}</FormFieldDescription>
          {theme.logo ? <img className="org-theme-logo-preview" src={theme.logo} alt={t('orgTheme.logoCurrent')} /> : <Paragraph>{t('orgTheme.logoNone')}</Paragraph>}
          {/* The browser's own file button speaks the browser's language ("Choose File"), not the UI's:
              the input stays the labelled, focusable control, unseen; a label in the UI's words opens it. */}
          <input id={logoId} className="visually-hidden file-input" type="file" accept="image/png,image/jpeg" aria-invalid={logoError ? true : undefined} aria-describedby={logoError ? `${logoId}-hint ${logoId}-error` : `${logoId}-hint`} onChange={(event) => void pickLogo(event)} />
          <label htmlFor={logoId} className="utrecht-button utrecht-button--secondary-action file-choose" aria-hidden="true">
            {t('orgTheme.logoChoose')}
          </label>
          {logoError && <FormFieldErrorMessage id={`${logoId}-error`}>{logoError}</FormFieldErrorMessage>}
          {theme.logo && (
            <Button appearance="subtle-button" type="button" onClick={() => setTheme({ ...theme, logo: null })}>
              {t('orgTheme.logoRemove')}
            </Button>
          )}
        </FormField>
        <div className="button-row">
          <Button appearance="primary-action-button" type="submit" disabled={saving}>
            {saving ? t('orgTheme.saving') : t('orgTheme.save')}
          </Button>
          <Button appearance="secondary-action-button" type="button" onClick={() => setTheme({ ...DEFAULT_ORG_THEME, logo: theme.logo })}>
            {t('orgTheme.reset')}
          </Button>
        </div>
      </form>
      <SaveOutcome outcome={outcome} savedText={t('orgTheme.saved')} />
    </>
  );
}
