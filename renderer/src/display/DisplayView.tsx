import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { houseRulesParts, languageEndonyms, partLines, shownLanguages, textDirection, type HouseRulesLanguage, type HouseRulesPart } from '../../../shared/house-rules/content.js';
import { displayLabels } from '../../../shared/house-rules/default-texts.js';
import { columnsFor, planScreens, TYPE_SCALES } from '../../../shared/house-rules/fit.js';
import type { DisplaySnapshot } from '../../../shared/house-rules/house-rules-contract.js';
import { nextPosition, type RotationPosition } from './rotation.js';

export interface DisplayViewProps {
  snapshot: DisplaySnapshot;
  intervalMs: number;
  /** Shown as a small mark when the host cannot be reached. */
  offlineNote?: string | null;
  /** The editor's preview holds one language still instead of rotating. */
  fixedLanguage?: HouseRulesLanguage;
  /** Called after each change of screen (the soak test counts them). */
  onRotate?: () => void;
  /** Called instead of starting the cycle again after its last screen: the page shows the next organisation's rules. */
  onCycleEnd?: () => void;
  /** The whole page is this display: the document's lang and dir follow the language on screen. */
  ownsDocument?: boolean;
  /** False inside the editor's preview: the staff page has its own header, main and footer. */
  landmarks?: boolean;
}

interface Fit {
  readonly scale: number;
  readonly columns: number;
  /** Each page's columns, each column's section indexes. */
  readonly pages: readonly (readonly (readonly number[])[])[];
}

/** Gap between sections, in px, as the CSS sets it (.house-section + .house-section). */
const sectionGapPx = (element: HTMLElement) => parseFloat(getComputedStyle(element).rowGap || '0') || 0;

function Section({ language, part, text }: { language: HouseRulesLanguage; part: HouseRulesPart; text: string }) {
  return (
    <section className="house-section">
      <h2>{displayLabels[language].headings[part]}</h2>
      <ul>
        {partLines(text).map((line, index) => (
          <li key={index}>{line}</li>
        ))}
      </ul>
    </section>
  );
}

/**
 * The public screen: one language at a time, its sections split over as many pages as
 * the screen needs (measured here, decided by `planPages`), never scrolling, never cut.
 */
export function DisplayView({ snapshot, intervalMs, offlineNote = null, fixedLanguage, onRotate, onCycleEnd, ownsDocument = false, landmarks = true }: DisplayViewProps) {
  const { content, override } = snapshot;
  const languages = useMemo(() => (fixedLanguage ? [fixedLanguage] : shownLanguages(content)), [content, fixedLanguage]);
  const [position, setPosition] = useState<RotationPosition>({ languageIndex: 0, pageIndex: 0 });
  const [fit, setFit] = useState<Fit>({ scale: 1, columns: 1, pages: [[houseRulesParts.map((_part, index) => index)]] });
  const [size, setSize] = useState({ width: 0, height: 0 });
  const rootRef = useRef<HTMLDivElement>(null);
  const stageRef = useRef<HTMLDivElement>(null);
  const measureRef = useRef<HTMLDivElement>(null);
  const onRotateRef = useRef(onRotate);
  onRotateRef.current = onRotate;
  const onCycleEndRef = useRef(onCycleEnd);
  onCycleEndRef.current = onCycleEnd;
  const handsOver = onCycleEnd !== undefined;

  const language: HouseRulesLanguage = languages[position.languageIndex % Math.max(languages.length, 1)] ?? 'nl';
  const texts = content.texts[language] ?? content.texts.nl;
  const labels = displayLabels[language];
  const overrideText = override ? (override.messages[language]?.trim() ? { language, text: override.messages[language] ?? '' } : { language: 'nl' as const, text: override.messages.nl }) : null;

  // Measure again whenever the screen's size changes (a TV turned, a window resized).
  useEffect(() => {
    const root = rootRef.current;
    if (!root || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => setSize({ width: root.clientWidth, height: root.clientHeight }));
    observer.observe(root);
    return () => observer.disconnect();
  }, []);

  // Before paint: try the largest type first, and take the first scale at which every section fits a page alone.
  useLayoutEffect(() => {
    const root = rootRef.current;
    const stage = stageRef.current;
    const measure = measureRef.current;
    if (!root || !stage || !measure) return;
    // A wide screen shows two columns; the unseen copy is laid out one column wide.
    const columns = columnsFor(stage.clientWidth, stage.clientHeight);
    root.style.setProperty('--columns', String(columns));
    let chosen: Fit | null = null;
    for (const scale of TYPE_SCALES) {
      root.style.setProperty('--type-scale', String(scale));
      const heights = [...measure.children].map((child) => (child as HTMLElement).offsetHeight);
      const plan = planScreens(heights, stage.clientHeight, sectionGapPx(measure), columns);
      chosen = { scale, columns, pages: plan.screens };
      if (plan.overflowing.length === 0) break;
    }
    if (chosen) {
      root.style.setProperty('--type-scale', String(chosen.scale));
      setFit((previous) => (JSON.stringify(previous) === JSON.stringify(chosen) ? previous : chosen));
    }
  }, [language, texts, size, overrideText?.text, content.showNationalNorm]);

  const pageCount = Math.max(fit.pages.length, 1);
  const pageIndex = Math.min(position.pageIndex, pageCount - 1);

  useEffect(() => {
    // One screen only, and nobody to hand over to: nothing to rotate.
    if (languages.length <= 1 && pageCount <= 1 && !handsOver) return;
    const timer = setTimeout(() => {
      const next = nextPosition({ ...position, pageIndex }, pageCount, languages.length);
      onRotateRef.current?.();
      if (next.languageIndex === 0 && next.pageIndex === 0 && onCycleEndRef.current) return onCycleEndRef.current();
      setPosition(next);
    }, intervalMs);
    return () => clearTimeout(timer);
  }, [position, pageIndex, pageCount, languages.length, intervalMs, handsOver]);

  // A new version may have fewer languages: start again from Dutch rather than point past the end.
  useEffect(() => setPosition({ languageIndex: 0, pageIndex: 0 }), [languages]);

  const dir = textDirection(language);
  useEffect(() => {
    if (!ownsDocument) return;
    document.documentElement.lang = language;
    document.documentElement.dir = dir;
  }, [ownsDocument, language, dir]);

  const pageColumns = (fit.pages[pageIndex] ?? []).map((column) => column.map((index) => houseRulesParts[index]).filter((part): part is HouseRulesPart => part !== undefined));
  const Header = landmarks ? 'header' : 'div';
  const Stage = landmarks ? 'main' : 'div';
  const Footer = landmarks ? 'footer' : 'div';
  const Title = landmarks ? 'h1' : 'p';

  return (
    <div ref={rootRef} className="house-display" lang={language} dir={dir} style={{ ['--type-scale' as string]: fit.scale, ['--columns' as string]: fit.columns }} data-language={language} data-page={`${pageIndex + 1}/${pageCount}`}>
      <Header className="house-header">
        <Title className="house-heading">
          <span lang="nl" dir="ltr" className="house-organisation">{content.organisationName}</span>
          <span className="house-title">{labels.title}</span>
        </Title>
        <p className="house-language">
          {languageEndonyms[language]}
          {pageCount > 1 && <span className="house-page"> {pageIndex + 1}/{pageCount}</span>}
        </p>
      </Header>
      {overrideText && (
        <p className="house-override" lang={overrideText.language} dir={textDirection(overrideText.language)} role="status">
          {overrideText.text}
        </p>
      )}
      <Stage className="house-stage" ref={stageRef}>
        <div key={`${language}/${pageIndex}`} className="house-page-body">
          {pageColumns.map((column, columnIndex) => (
            <div className="house-column" key={columnIndex}>
              {column.map((part) => (
                <Section key={part} language={language} part={part} text={texts[part]} />
              ))}
            </div>
          ))}
        </div>
        <div ref={measureRef} className="house-measure" aria-hidden="true">
          {houseRulesParts.map((part) => (
            <Section key={part} language={language} part={part} text={texts[part]} />
          ))}
        </div>
      </Stage>
      <Footer className="house-footer">
        {content.showNationalNorm && <p className="house-norm">{labels.nationalNorm}</p>}
        {offlineNote && (
          <p className="house-offline" lang="nl" dir="ltr" data-testid="display-offline">
            {offlineNote}
          </p>
        )}
      </Footer>
    </div>
  );
}
