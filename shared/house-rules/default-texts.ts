import type { HouseRulesContent, HouseRulesLanguage, HouseRulesPart, LanguageTexts } from './content.js';
import { ROTATE_SECONDS } from './content.js';

/** What the display itself says in each language: part headings and the national norm. */
export interface DisplayLabels {
  readonly headings: Readonly<Record<HouseRulesPart, string>>;
  readonly nationalNorm: string;
  readonly title: string;
}

export const displayLabels: Readonly<Record<HouseRulesLanguage, DisplayLabels>> = {
  nl: {
    title: 'Huisregels',
    headings: { weOffer: 'Wat u van ons mag verwachten', weExpect: 'Wat wij van u verwachten', notTolerated: 'Wat wij niet accepteren', consequences: 'Wat er dan gebeurt' },
    nationalNorm: 'Landelijke norm Veilige Publieke Taak: agressie en geweld worden nooit getolereerd.',
  },
  en: {
    title: 'House rules',
    headings: { weOffer: 'What you may expect from us', weExpect: 'What we expect from you', notTolerated: 'What we do not accept', consequences: 'What happens then' },
    nationalNorm: 'National standard Safe Public Service: aggression and violence are never tolerated.',
  },
  ar: {
    title: 'قواعد المكان',
    headings: { weOffer: 'ما يمكنك أن تتوقعه منا', weExpect: 'ما نتوقعه منك', notTolerated: 'ما لا نقبله', consequences: 'ماذا يحدث بعد ذلك' },
    nationalNorm: 'المعيار الوطني للخدمة العامة الآمنة: لا يُسمح أبداً بالعدوان والعنف.',
  },
  tr: {
    title: 'Kurallarımız',
    headings: { weOffer: 'Bizden neler bekleyebilirsiniz', weExpect: 'Sizden neler bekliyoruz', notTolerated: 'Kabul etmediğimiz davranışlar', consequences: 'O zaman ne olur' },
    nationalNorm: 'Güvenli Kamu Hizmeti ulusal normu: saldırganlık ve şiddete asla göz yumulmaz.',
  },
  pl: {
    title: 'Regulamin',
    headings: { weOffer: 'Czego może Pan/Pani od nas oczekiwać', weExpect: 'Czego oczekujemy od Pana/Pani', notTolerated: 'Czego nie akceptujemy', consequences: 'Co wtedy się dzieje' },
    nationalNorm: 'Krajowa norma Bezpieczna Służba Publiczna: agresja i przemoc nigdy nie są tolerowane.',
  },
  uk: {
    title: 'Правила відвідування',
    headings: { weOffer: 'Чого ви можете очікувати від нас', weExpect: 'Чого ми очікуємо від вас', notTolerated: 'Чого ми не приймаємо', consequences: 'Що відбувається тоді' },
    nationalNorm: 'Національна норма «Безпечна публічна служба»: агресія та насильство ніколи не допускаються.',
  },
};

/** Written from the example in the VPT guide (§2.1) and its example norm, in all six languages. */
export const defaultTexts: Readonly<Record<HouseRulesLanguage, LanguageTexts>> = {
  nl: {
    weOffer: 'Wij behandelen u met respect.\nWij staan u correct te woord.\nWij informeren u over de stand van zaken.\nWij gaan zorgvuldig om met uw persoonlijke gegevens.\nWij houden ons aan de afspraken die wij met u maken.',
    weExpect: 'Behandel onze medewerkers met respect.\nSpreek onze medewerkers correct aan.\nHoud u aan de afspraken.\nHoud afstand als andere bezoekers worden geholpen.',
    notTolerated: 'Handtastelijkheden en lichamelijk geweld.\nSchelden, beledigen, discriminerende taal of schreeuwen.\nMet spullen gooien of vernielen.\nIntimideren of bedreigen.',
    consequences: 'Wij spreken u aan op uw gedrag.\nWij kunnen u vragen het gebouw te verlaten.\nBij geweld of bedreiging doen wij aangifte bij de politie.\nSchade verhalen wij op u.',
  },
  en: {
    weOffer: 'We treat you with respect.\nWe speak to you properly.\nWe keep you informed about your case.\nWe handle your personal data with care.\nWe keep the agreements we make with you.',
    weExpect: 'Treat our staff with respect.\nSpeak to our staff properly.\nKeep to the agreements.\nKeep your distance while other visitors are being helped.',
    notTolerated: 'Touching or physical violence.\nSwearing, insults, discriminatory language or shouting.\nThrowing things or causing damage.\nIntimidation or threats.',
    consequences: 'We will speak to you about your behaviour.\nWe may ask you to leave the building.\nWe report violence and threats to the police.\nWe will claim any damage from you.',
  },
  ar: {
    weOffer: 'نعاملك باحترام.\nنتحدث إليك بشكل لائق.\nنطلعك على سير معاملتك.\nنتعامل مع بياناتك الشخصية بعناية.\nنلتزم بالمواعيد والاتفاقات التي نعقدها معك.',
    weExpect: 'عامل موظفينا باحترام.\nتحدث إلى موظفينا بشكل لائق.\nالتزم بالاتفاقات.\nحافظ على مسافة عندما تتم خدمة زوار آخرين.',
    notTolerated: 'اللمس أو العنف الجسدي.\nالشتم أو الإهانة أو اللغة التمييزية أو الصراخ.\nرمي الأشياء أو التخريب.\nالترهيب أو التهديد.',
    consequences: 'سننبهك إلى سلوكك.\nقد نطلب منك مغادرة المبنى.\nنبلغ الشرطة عن العنف والتهديد.\nنطالبك بتعويض أي ضرر.',
  },
  tr: {
    weOffer: 'Size saygıyla davranırız.\nSizinle düzgün bir şekilde konuşuruz.\nSizi işlemlerinizin durumu hakkında bilgilendiririz.\nKişisel bilgilerinizi özenle koruruz.\nSizinle yaptığımız anlaşmalara uyarız.',
    weExpect: 'Çalışanlarımıza saygıyla davranın.\nÇalışanlarımızla düzgün konuşun.\nAnlaşmalara uyun.\nBaşka ziyaretçilere yardım edilirken mesafenizi koruyun.',
    notTolerated: 'Dokunma veya fiziksel şiddet.\nKüfür, hakaret, ayrımcı söz veya bağırma.\nEşya fırlatma veya zarar verme.\nGözdağı verme veya tehdit.',
    consequences: 'Davranışınız hakkında sizinle konuşuruz.\nBinayı terk etmenizi isteyebiliriz.\nŞiddet ve tehdidi polise bildiririz.\nVerilen zararı sizden talep ederiz.',
  },
  pl: {
    weOffer: 'Traktujemy Pana/Panią z szacunkiem.\nRozmawiamy z Panem/Panią uprzejmie.\nInformujemy o stanie sprawy.\nStarannie chronimy dane osobowe.\nDotrzymujemy zawartych ustaleń.',
    weExpect: 'Proszę traktować naszych pracowników z szacunkiem.\nProszę zwracać się do nich uprzejmie.\nProszę dotrzymywać ustaleń.\nProszę zachować odstęp, gdy obsługiwane są inne osoby.',
    notTolerated: 'Dotykanie lub przemoc fizyczna.\nPrzeklinanie, obrażanie, język dyskryminujący lub krzyk.\nRzucanie przedmiotami lub niszczenie mienia.\nZastraszanie lub grożenie.',
    consequences: 'Zwrócimy uwagę na Pana/Pani zachowanie.\nMożemy poprosić o opuszczenie budynku.\nPrzemoc i groźby zgłaszamy na policję.\nZa szkody obciążymy sprawcę.',
  },
  uk: {
    weOffer: 'Ми ставимося до вас з повагою.\nМи розмовляємо з вами ввічливо.\nМи інформуємо вас про стан справи.\nМи дбайливо поводимося з вашими персональними даними.\nМи дотримуємося домовленостей з вами.',
    weExpect: 'Ставтеся до наших працівників з повагою.\nРозмовляйте з ними ввічливо.\nДотримуйтеся домовленостей.\nТримайте дистанцію, коли обслуговують інших відвідувачів.',
    notTolerated: 'Дотики або фізичне насильство.\nЛайка, образи, дискримінаційні слова або крик.\nКидання речей або псування майна.\nЗалякування або погрози.',
    consequences: 'Ми зробимо вам зауваження.\nМи можемо попросити вас залишити будівлю.\nПро насильство та погрози ми повідомляємо поліцію.\nЗбитки ми стягуємо з вас.',
  },
};

/** What a new organisation shows on day one, before anyone has written a word. */
export function defaultContent(organisationName: string): HouseRulesContent {
  return {
    organisationName: organisationName.slice(0, 80),
    showNationalNorm: true,
    rotateSeconds: ROTATE_SECONDS.default,
    texts: { ...defaultTexts },
  };
}
