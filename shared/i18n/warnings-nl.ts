/** The visitor warning screens, in Dutch (docs/warnings.md). */
export const warningsNl = {
  check: {
    title: 'Bezoeker controleren',
    intro: 'Typ de naam van de bezoeker. U ziet alleen of er een waarschuwing is, welke maatregel geldt, tot wanneer en wie u belt.',
    name: 'Naam',
    birthDate: 'Geboortedatum (als bekend)',
    submit: 'Controleren',
    noHit: 'Geen waarschuwing voor deze naam.',
    hit: 'Er is een waarschuwing.',
    until: 'Geldt tot en met {{date}}',
    call: 'Bel: {{contact}} ({{organisation}})',
  },
  measure: {
    building_ban: 'Toegangsverbod voor het gebouw',
    appointment_only: 'Alleen op afspraak',
    two_staff: 'Altijd met twee medewerkers',
    remote_contact_only: 'Alleen contact per telefoon of e-mail',
    security_escort: 'Begeleiding door beveiliging',
    other: 'Andere maatregel',
  },
};
