import { z } from 'zod';

/** Dutch is required; the others are offered to visitors when the organisation fills them in. */
export const houseRulesLanguages = ['nl', 'en', 'ar', 'tr', 'pl', 'uk'] as const;
export const houseRulesLanguageSchema = z.enum(houseRulesLanguages);
export type HouseRulesLanguage = z.infer<typeof houseRulesLanguageSchema>;

/** Each language's own name: a visitor looks for their language, not for a Dutch word for it. */
export const languageEndonyms: Readonly<Record<HouseRulesLanguage, string>> = {
  nl: 'Nederlands',
  en: 'English',
  ar: 'العربية',
  tr: 'Türkçe',
  pl: 'Polski',
  uk: 'Українська',
};

export const textDirection = (language: HouseRulesLanguage): 'rtl' | 'ltr' => (language === 'ar' ? 'rtl' : 'ltr');

/** The four parts of the VPT guide's house rules, in the order a visitor reads them. */
export const houseRulesParts = ['weOffer', 'weExpect', 'notTolerated', 'consequences'] as const;
export type HouseRulesPart = (typeof houseRulesParts)[number];

/**
 * The most characters one part may hold. Chosen so that any one part, in the display's
 * type, fits one page of the smallest supported screen (1366×768); the fit rule then only
 * has to decide how parts share pages, never how to cut one.
 */
export const PART_MAX_CHARS = 420;
/** One line is one bullet; more than this many would not fit one page either. */
export const PART_MAX_LINES = 7;
export const ORGANISATION_NAME_MAX = 80;
export const OVERRIDE_MAX_CHARS = 160;

export const ROTATE_SECONDS = { min: 5, max: 120, default: 12 } as const;

/** A stored part may be anything up to the hard limit; `houseRulesProblems` says what blocks publishing. */
const partText = z.string().max(2_000);
export const languageTextsSchema = z.strictObject({
  weOffer: partText,
  weExpect: partText,
  notTolerated: partText,
  consequences: partText,
});
export type LanguageTexts = z.infer<typeof languageTextsSchema>;

export const houseRulesContentSchema = z.strictObject({
  organisationName: z.string().max(ORGANISATION_NAME_MAX),
  /** Show the national norm "Veilige Publieke Taak" line under the rules. */
  showNationalNorm: z.boolean(),
  rotateSeconds: z.number().int().min(ROTATE_SECONDS.min).max(ROTATE_SECONDS.max),
  texts: z.strictObject({
    nl: languageTextsSchema,
    en: languageTextsSchema.optional(),
    ar: languageTextsSchema.optional(),
    tr: languageTextsSchema.optional(),
    pl: languageTextsSchema.optional(),
    uk: languageTextsSchema.optional(),
  }),
});
export type HouseRulesContent = z.infer<typeof houseRulesContentSchema>;

export const overrideMessagesSchema = z.strictObject({
  nl: z.string().max(OVERRIDE_MAX_CHARS),
  en: z.string().max(OVERRIDE_MAX_CHARS).optional(),
  ar: z.string().max(OVERRIDE_MAX_CHARS).optional(),
  tr: z.string().max(OVERRIDE_MAX_CHARS).optional(),
  pl: z.string().max(OVERRIDE_MAX_CHARS).optional(),
  uk: z.string().max(OVERRIDE_MAX_CHARS).optional(),
});
export type OverrideMessages = z.infer<typeof overrideMessagesSchema>;

/** Bullets of one part: one per non-empty line. */
export const partLines = (text: string): string[] =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

/** The languages a version shows, Dutch first: those whose four parts are all filled in. */
export function shownLanguages(content: HouseRulesContent): HouseRulesLanguage[] {
  return houseRulesLanguages.filter((language) => {
    const texts = content.texts[language];
    return texts !== undefined && houseRulesParts.every((part) => texts[part].trim() !== '');
  });
}
