/** "Piet, Jan en Els" / "Piet, Jan and Els": names the way the UI language lists them. */
export function listNames(names: readonly string[], language: string): string {
  return new Intl.ListFormat(language === 'en' ? 'en-GB' : 'nl-NL', { type: 'conjunction' }).format(names);
}
