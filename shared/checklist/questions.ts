/**
 * The VPT guide's 3.3 checklist ("Hebt u alle stappen uit dit stappenplan uitgewerkt?"):
 * every question of its three steps, in the guide's Dutch words and in English. Keys are
 * stored in assessments and task rows, so a key never changes once shipped; a new question
 * gets a new key.
 */
export const checklistSteps = [
  {
    step: 1,
    nl: 'Voorbereiden',
    en: 'Prepare',
    questions: [
      { key: 'risks_mapped', nl: 'Zijn de risico’s in kaart gebracht?', en: 'Have the risks been mapped?' },
      { key: 'norm_and_limits', nl: 'Zijn de norm en grenzen van de organisatie bepaald?', en: "Have the organisation's norm and limits been set?" },
      { key: 'work_fits_risks', nl: 'Is de organisatie van het werk afgestemd op de actuele risico’s?', en: 'Is the organisation of the work matched to the current risks?' },
      { key: 'policy_anchored', nl: 'Is aandacht besteed aan verankering en organisatie van beleid?', en: 'Has attention been paid to anchoring and organising the policy?' },
    ],
  },
  {
    step: 2,
    nl: 'Specifieke maatregelen opstellen',
    en: 'Draw up specific measures',
    questions: [
      { key: 'house_rules', nl: 'Zijn huisregels opgesteld?', en: 'Have house rules been drawn up?' },
      { key: 'staff_conduct_rules', nl: 'Zijn gedragsregels voor uw medewerkers opgesteld?', en: 'Have rules of conduct for your staff been drawn up?' },
      { key: 'staff_trained', nl: 'Is het personeel voorgelicht, getraind en geïnstrueerd?', en: 'Have staff been informed, trained and instructed?' },
      { key: 'staffing_fits_risks', nl: 'Is de personeelsbezetting afgestemd op de actuele risico’s?', en: 'Is staffing matched to the current risks?' },
      { key: 'minimum_staffing', nl: 'Zijn er afspraken over een minimale personeelsbezetting bij risicovolle werkzaamheden?', en: 'Are there agreements on minimum staffing for risky work?' },
      { key: 'experienced_staff', nl: 'Zijn er afspraken over de inzet van ervaren medewerkers bij risicovolle werkzaamheden?', en: 'Are there agreements on deploying experienced staff for risky work?' },
      { key: 'safe_premises', nl: 'Zijn de werkprocessen, werkomgeving en gebouwen veilig?', en: 'Are the work processes, work environment and buildings safe?' },
      { key: 'reporting_system', nl: 'Is er een meld- en registratiesysteem?', en: 'Is there a reporting and registration system?' },
      { key: 'aggression_protocol', nl: 'Is er een agressieprotocol?', en: 'Is there an aggression protocol?' },
      { key: 'team_cooperation', nl: 'Is de samenwerking van teams en leidinggevenden op orde?', en: 'Is cooperation between teams and managers in order?' },
      { key: 'external_cooperation', nl: 'Is de samenwerking met andere organisaties vastgelegd?', en: 'Is cooperation with other organisations set down?' },
      { key: 'clear_communication', nl: 'Is aandacht besteed aan heldere communicatie bij alle stappen?', en: 'Has attention been paid to clear communication at every step?' },
    ],
  },
  {
    step: 3,
    nl: 'Invoeren',
    en: 'Implement',
    questions: [
      { key: 'evaluation_standard', nl: 'Is evalueren standaard onderdeel van uw aanpak?', en: 'Is evaluation a standard part of your approach?' },
      { key: 'policy_secured', nl: 'Is het beleid geborgd?', en: 'Is the policy secured?' },
    ],
  },
] as const;

export type ChecklistStep = (typeof checklistSteps)[number];
export type ChecklistQuestion = ChecklistStep['questions'][number];
export type QuestionKey = ChecklistQuestion['key'];

/** Every question in the guide's order, with its step. */
export const checklistQuestions: readonly (ChecklistQuestion & { step: ChecklistStep['step'] })[] = checklistSteps.flatMap((step) => step.questions.map((question) => ({ ...question, step: step.step })));
export const questionKeys = checklistQuestions.map((question) => question.key) as [QuestionKey, ...QuestionKey[]];

export const questionByKey = (key: QuestionKey) => checklistQuestions.find((question) => question.key === key);
