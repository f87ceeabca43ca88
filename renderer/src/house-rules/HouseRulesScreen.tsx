import { useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContractError } from '../../../shared/contract/result.js';
import { houseRulesLanguages, houseRulesParts, languageEndonyms, ROTATE_SECONDS, textDirection, type HouseRulesContent, type HouseRulesLanguage, type HouseRulesPart, type OverrideMessages } from '../../../shared/house-rules/content.js';
import type { HouseRulesEditorState } from '../../../shared/house-rules/house-rules-contract.js';
import { houseRulesProblems, overrideProblems, type HouseRulesProblem } from '../../../shared/house-rules/problems.js';
import { useApi } from '../api/api-context.js';
import { useCall } from '../api/use-call.js';
import { DateField, refuseUnreadableDates } from '../components/DateField.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { DisplayView } from '../display/DisplayView.js';
import { isoToLocalInput, localInputToIso, problemField, problemText } from './problem-text.js';
import { Alert, Button, Checkbox, FormLabel, Select, SelectOption, Textarea, Textbox } from '@utrecht/component-library-react';

const otherLanguages = houseRulesLanguages.filter((language) => language !== 'nl');
const emptyTexts = { weOffer: '', weExpect: '', notTolerated: '', consequences: '' };
const previewSizes = { landscape: [1920, 1080], laptop: [1366, 768], portrait: [1080, 1920] } as const;
type PreviewSize = keyof typeof previewSizes;
/** The preview box is at most this wide (or, standing, this high) on the editor page. */
const PREVIEW_BOX_PX = 560;

type Outcome = { kind: 'ok'; text: string } | { kind: 'error'; error: ContractError } | { kind: 'fixFirst'; text: string } | null;

function FieldMessage({ id, problems }: { id: string; problems: readonly string[] }) {
  if (problems.length === 0) return null;
  return (
    <p id={id} className="field-error">
      {problems.join(' ')}
    </p>
  );
}

function OutcomeNotice({ outcome }: { outcome: Outcome }) {
  if (!outcome) return null;
  if (outcome.kind === 'error') return <ErrorNotice error={outcome.error} />;
  if (outcome.kind === 'fixFirst')
    return (
      <Alert type="error" role="alert" className="notice notice-error">
        {outcome.text}
      </Alert>
    );
  return (
    <Alert type="ok" role="status" className="notice notice-ok">
      {outcome.text}
    </Alert>
  );
}

/** The coordinator's screen: write, preview at three screen sizes, publish or schedule, and set a notice. */
export function HouseRulesScreen() {
  const { t } = useTranslation();
  const { result } = useCall('houseRules.editor', {});
  return (
    <section aria-labelledby="house-rules-title" className="house-rules-editor">
      <h1 id="house-rules-title">{t('houseRules.title')}</h1>
      {result.state === 'failed' && <ErrorNotice error={result.error} />}
      {result.state === 'ready' && <HouseRulesEditor initial={result.value} />}
    </section>
  );
}

export function HouseRulesEditor({ initial, now = () => new Date() }: { initial: HouseRulesEditorState; now?: () => Date }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [state, setState] = useState(initial);
  const [content, setContent] = useState<HouseRulesContent>(initial.draft);
  const [language, setLanguage] = useState<HouseRulesLanguage>('en');
  const [startsAt, setStartsAt] = useState('');
  const startsAtField = useRef<HTMLDivElement>(null);
  const [thisSiteOnly, setThisSiteOnly] = useState(false);
  const [previewSize, setPreviewSize] = useState<PreviewSize>('landscape');
  const [previewLanguage, setPreviewLanguage] = useState<HouseRulesLanguage>('nl');
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [busy, setBusy] = useState(false);

  const problems = useMemo(() => houseRulesProblems(content, localInputToIso(startsAt), now()), [content, startsAt, now]);
  const messagesFor = (field: string) => problems.filter((problem) => problemField(problem) === field).map((problem) => problemText(t, problem));
  const dateTime = (iso: string) => new Date(iso).toLocaleString(i18n.language === 'en' ? 'en-GB' : 'nl-NL', { dateStyle: 'medium', timeStyle: 'short' });

  const setPart = (target: HouseRulesLanguage, part: HouseRulesPart, text: string) =>
    setContent((current) => ({ ...current, texts: { ...current.texts, [target]: { ...(current.texts[target] ?? emptyTexts), [part]: text } } }));

  async function run(work: () => Promise<{ ok: true; value: HouseRulesEditorState } | { ok: false; error: ContractError }>, success: string) {
    setBusy(true);
    const answer = await work();
    setBusy(false);
    if (!answer.ok) return setOutcome({ kind: 'error', error: answer.error });
    setState(answer.value);
    setOutcome({ kind: 'ok', text: success });
  }

  const publish = () => {
    // An empty start means "now": a start typed wrongly must not publish at once.
    if (refuseUnreadableDates(startsAtField.current)) return;
    if (problems.length > 0) return setOutcome({ kind: 'fixFirst', text: t('houseRules.fixFirst', { count: problems.length }) });
    const iso = localInputToIso(startsAt);
    return run(() => api.invoke('houseRules.publish', { content, startsAt: iso, thisSiteOnly }), iso ? t('houseRules.scheduled', { date: dateTime(iso) }) : t('houseRules.published'));
  };

  const partField = (target: HouseRulesLanguage, part: HouseRulesPart): ReactNode => {
    const id = `house-rules-${target}-${part}`;
    const messages = messagesFor(`${target}.${part}`);
    return (
      <div className="field" key={id}>
        <FormLabel htmlFor={id}>
          {t(`houseRules.parts.${part}`)} ({target === 'nl' ? t('houseRules.dutch') : languageEndonyms[target]})
        </FormLabel>
        <Textarea id={id} lang={target} dir={textDirection(target)} rows={6} value={content.texts[target]?.[part] ?? ''} onChange={(event) => setPart(target, part, event.target.value)} invalid={messages.length > 0} aria-describedby={messages.length > 0 ? `${id}-error` : undefined} />
        <FieldMessage id={`${id}-error`} problems={messages} />
      </div>
    );
  };

  const [width, height] = previewSizes[previewSize];
  const previewScale = PREVIEW_BOX_PX / Math.max(width, height);

  return (
    <>
      <p>{t('houseRules.intro')}</p>
      <div className="field">
        <FormLabel htmlFor="house-rules-organisation">{t('houseRules.organisationName')}</FormLabel>
        <Textbox id="house-rules-organisation" value={content.organisationName} onChange={(event) => setContent({ ...content, organisationName: event.target.value })} invalid={messagesFor('organisationName').length > 0} aria-describedby="house-rules-organisation-error" />
        <FieldMessage id="house-rules-organisation-error" problems={messagesFor('organisationName')} />
      </div>
      <div className="field">
        <FormLabel>
          <Checkbox checked={content.showNationalNorm} onChange={(event) => setContent({ ...content, showNationalNorm: event.target.checked })} /> {t('houseRules.showNationalNorm')}
        </FormLabel>
      </div>
      <div className="field">
        <FormLabel htmlFor="house-rules-rotate">{t('houseRules.rotateSeconds')}</FormLabel>
        <Textbox id="house-rules-rotate" type="number" min={ROTATE_SECONDS.min} max={ROTATE_SECONDS.max} value={content.rotateSeconds} onChange={(event) => setContent({ ...content, rotateSeconds: Math.min(ROTATE_SECONDS.max, Math.max(ROTATE_SECONDS.min, Math.round(Number(event.target.value) || ROTATE_SECONDS.default))) })} />
      </div>
      <div className="field">
        <FormLabel htmlFor="house-rules-language">{t('houseRules.editLanguage')}</FormLabel>
        <Select id="house-rules-language" value={language} onChange={(event) => setLanguage(event.target.value as HouseRulesLanguage)}>
          {otherLanguages.map((option) => (
            <SelectOption key={option} value={option} lang={option}>
              {languageEndonyms[option]}
            </SelectOption>
          ))}
        </Select>
      </div>
      <p className="muted">{t('houseRules.partHint')}</p>
      <div className="house-rules-columns">
        {houseRulesParts.map((part) => (
          <div className="house-rules-row" key={part}>
            {partField('nl', part)}
            {partField(language, part)}
          </div>
        ))}
      </div>

      <h2>{t('houseRules.preview')}</h2>
      <div className="house-rules-preview-controls">
        <FormLabel htmlFor="house-rules-preview-size">{t('houseRules.previewSize')}</FormLabel>
        <Select id="house-rules-preview-size" value={previewSize} onChange={(event) => setPreviewSize(event.target.value as PreviewSize)}>
          {Object.keys(previewSizes).map((size) => (
            <SelectOption key={size} value={size}>
              {t(`houseRules.sizes.${size as PreviewSize}`)}
            </SelectOption>
          ))}
        </Select>
        <FormLabel htmlFor="house-rules-preview-language">{t('houseRules.previewLanguage')}</FormLabel>
        <Select id="house-rules-preview-language" value={previewLanguage} onChange={(event) => setPreviewLanguage(event.target.value as HouseRulesLanguage)}>
          {houseRulesLanguages.map((option) => (
            <SelectOption key={option} value={option} lang={option}>
              {languageEndonyms[option]}
            </SelectOption>
          ))}
        </Select>
      </div>
      {/* A picture of what the display will show; the text itself is in the fields above. */}
      <div className="house-rules-preview-scroll">
        <div className="house-rules-preview-frame" aria-hidden="true" style={{ width: width * previewScale, height: height * previewScale }} data-testid="house-rules-preview">
          <div className="house-rules-preview-screen" style={{ width, height, transform: `scale(${previewScale})` }}>
            <DisplayView snapshot={{ content, versionId: null, override: null, nextChangeAt: null }} intervalMs={ROTATE_SECONDS.default * 1000} fixedLanguage={content.texts[previewLanguage] ? previewLanguage : 'nl'} landmarks={false} />
          </div>
        </div>
      </div>

      <h2>{t('houseRules.publish')}</h2>
      <div className="field" ref={startsAtField}>
        <FormLabel htmlFor="house-rules-starts-at">{t('houseRules.startsAt')}</FormLabel>
        <DateField id="house-rules-starts-at" kind="dateTime" value={startsAt} onChange={setStartsAt} invalid={messagesFor('startsAt').length > 0} describedBy={messagesFor('startsAt').length > 0 ? 'house-rules-starts-at-error' : undefined} />
        <FieldMessage id="house-rules-starts-at-error" problems={messagesFor('startsAt')} />
      </div>
      <div className="field">
        <FormLabel>
          <Checkbox checked={thisSiteOnly} onChange={(event) => setThisSiteOnly(event.target.checked)} /> {t('houseRules.thisSiteOnly', { site: state.siteName })}
        </FormLabel>
      </div>
      <div className="actions">
        <Button appearance="secondary-action-button" type="button" disabled={busy} onClick={() => void run(() => api.invoke('houseRules.saveDraft', content), t('houseRules.draftSaved'))}>
          {t('houseRules.saveDraft')}
        </Button>
        <Button appearance="secondary-action-button" type="button" disabled={busy} onClick={() => void publish()}>
          {t('houseRules.publish')}
        </Button>
      </div>
      <OutcomeNotice outcome={outcome} />

      <h2>{t('houseRules.history')}</h2>
      {state.history.length === 0 ? (
        <p>{t('houseRules.noHistory')}</p>
      ) : (
        <ul className="house-rules-history">
          {state.history.map(({ version, state: versionState }) => (
            <li key={version.id}>
              <strong>{t(`houseRules.state.${versionState}`)}</strong> — {t('houseRules.versionLine', { published: dateTime(version.published_at), by: version.published_by, starts: dateTime(version.starts_at) })} ({version.for_site_id ? t('houseRules.forThisSite') : t('houseRules.forAllSites')})
            </li>
          ))}
        </ul>
      )}

      <OverrideForm state={state} onState={setState} now={now} />
    </>
  );
}

function OverrideForm({ state, onState, now }: { state: HouseRulesEditorState; onState: (state: HouseRulesEditorState) => void; now: () => Date }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [messages, setMessages] = useState<OverrideMessages>({ nl: '' });
  const [startsAt, setStartsAt] = useState(() => isoToLocalInput(now()));
  const timesFields = useRef<HTMLDivElement>(null);
  const [endsAt, setEndsAt] = useState(() => isoToLocalInput(new Date(now().getTime() + 8 * 3600_000)));
  const [thisSiteOnly, setThisSiteOnly] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [tried, setTried] = useState(false);
  const problems: HouseRulesProblem[] = overrideProblems(messages, localInputToIso(startsAt) ?? '', localInputToIso(endsAt) ?? '', now());
  // An empty form is no mistake yet: say what is missing once the coordinator tries.
  const shown = problems.filter((problem) => tried || problem.field !== 'overrideNl');
  const messagesFor = (field: string) => shown.filter((problem) => problemField(problem) === field).map((problem) => problemText(t, problem));
  const dateTime = (iso: string) => new Date(iso).toLocaleString(i18n.language === 'en' ? 'en-GB' : 'nl-NL', { dateStyle: 'medium', timeStyle: 'short' });

  async function save() {
    setTried(true);
    if (refuseUnreadableDates(timesFields.current)) return;
    const from = localInputToIso(startsAt);
    const until = localInputToIso(endsAt);
    if (problems.length > 0 || !from || !until) return;
    const filled = Object.fromEntries(Object.entries(messages).filter(([, text]) => text.trim() !== '')) as OverrideMessages;
    const answer = await api.invoke('houseRules.setOverride', { messages: filled, startsAt: from, endsAt: until, thisSiteOnly });
    if (!answer.ok) return setOutcome({ kind: 'error', error: answer.error });
    onState(answer.value);
    setOutcome({ kind: 'ok', text: t('houseRules.override.saved') });
  }

  async function end(id: string) {
    const answer = await api.invoke('houseRules.endOverride', { id });
    if (!answer.ok) return setOutcome({ kind: 'error', error: answer.error });
    onState(answer.value);
    setOutcome(null);
  }

  return (
    <>
      <h2>{t('houseRules.override.title')}</h2>
      <p>{t('houseRules.override.hint')}</p>
      {houseRulesLanguages.map((language) => {
        const id = `house-rules-override-${language}`;
        const fieldMessages = messagesFor(`override.${language}`);
        return (
          <div className="field" key={language}>
            <FormLabel htmlFor={id}>{t('houseRules.override.message', { language: languageEndonyms[language] })}</FormLabel>
            <Textbox id={id} lang={language} dir={textDirection(language)} value={messages[language] ?? ''} onChange={(event) => setMessages({ ...messages, [language]: event.target.value })} invalid={fieldMessages.length > 0} aria-describedby={fieldMessages.length > 0 ? `${id}-error` : undefined} />
            <FieldMessage id={`${id}-error`} problems={fieldMessages} />
          </div>
        );
      })}
      <div ref={timesFields}>
        <div className="field">
          <FormLabel htmlFor="house-rules-override-from">{t('houseRules.override.startsAt')}</FormLabel>
          <DateField id="house-rules-override-from" kind="dateTime" value={startsAt} onChange={setStartsAt} />
        </div>
        <div className="field">
          <FormLabel htmlFor="house-rules-override-until">{t('houseRules.override.endsAt')}</FormLabel>
          <DateField id="house-rules-override-until" kind="dateTime" value={endsAt} onChange={setEndsAt} invalid={messagesFor('overrideTimes').length > 0} describedBy={messagesFor('overrideTimes').length > 0 ? 'house-rules-override-times-error' : undefined} />
          <FieldMessage id="house-rules-override-times-error" problems={messagesFor('overrideTimes')} />
        </div>
      </div>
      <div className="field">
        <FormLabel>
          <Checkbox checked={thisSiteOnly} onChange={(event) => setThisSiteOnly(event.target.checked)} /> {t('houseRules.thisSiteOnly', { site: state.siteName })}
        </FormLabel>
      </div>
      <div className="actions">
        <Button appearance="secondary-action-button" type="button" onClick={() => void save()}>
          {t('houseRules.override.save')}
        </Button>
      </div>
      <OutcomeNotice outcome={outcome} />
      {state.overrides.length > 0 && (
        <>
          <h3>{t('houseRules.override.active')}</h3>
          <ul>
            {state.overrides.map((override) => (
              <li key={override.id}>
                {t('houseRules.override.until', { text: override.messages.nl, from: dateTime(override.starts_at), until: dateTime(override.ends_at) })}{' '}
                <Button appearance="secondary-action-button" type="button" onClick={() => void end(override.id)}>
                  {t('houseRules.override.end')}
                </Button>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
