import { Alert, NavBar, NavList, NavListLink } from '@utrecht/component-library-react';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useDeviceStatus } from './api/api-context.js';
import { useDeviceLocale } from './use-device-locale.js';
import { menuFor, useDeskRole } from './access.js';
import { focusScreen, useFocusNeverLost, useScreenChange } from './screen-focus.js';
import type { LinkState } from './bridge/ws-bridge.js';
import { LanguageSwitch } from './components/LanguageSwitch.js';
import { AlarmOverlay } from './alarm/AlarmOverlay.js';
import { alarmsToShow } from './alarm/alarm-order.js';
import { SenderControls } from './alarm/SenderControls.js';
import { useAlarms } from './alarm/use-alarms.js';
import { IncidentScreen } from './incident/IncidentScreen.js';
import { IncidentsScreen } from './incident/IncidentsScreen.js';
import { PoliceFormScreen } from './incident/PoliceFormScreen.js';
import { WorklistScreen } from './incident/WorklistScreen.js';
import { AnalyticsScreen } from './analytics/AnalyticsScreen.js';
import { ChecklistScreen } from './checklist/ChecklistScreen.js';
import { FeedbackNotices } from './incident/FeedbackNotices.js';
import { menuRouteOf, routeHref, type MenuRoute, useHashRoute, type Route } from './routing.js';
import { HomeScreen } from './screens/HomeScreen.js';
import { HouseRulesScreen } from './house-rules/HouseRulesScreen.js';
import { AccessLogScreen } from './warnings/AccessLogScreen.js';
import { SubjectAccessScreen } from './warnings/SubjectAccessScreen.js';
import { WarningCheckScreen } from './warnings/WarningCheckScreen.js';
import { WarningCreateScreen } from './warnings/WarningForm.js';
import { WarningLetterScreen } from './warnings/WarningLetterScreen.js';
import { WarningScreen } from './warnings/WarningScreen.js';
import { WarningsScreen } from './warnings/WarningsScreen.js';
import { SettingsScreen } from './screens/SettingsScreen.js';
import { SessionControl, SignInForm } from './staff/SessionControl.js';
import { useDeskSession } from './staff/use-desk-session.js';
import { useOrgTheme, useOrgThemeSheet } from './theme/org-theme-sheet.js';

function Screen({ route }: { route: Route }) {
  switch (route.name) {
    case 'incident':
      return <IncidentScreen key={route.id} id={route.id} />;
    case 'policeForm':
      return <PoliceFormScreen id={route.id} />;
    case 'incidents':
      return <IncidentsScreen />;
    case 'worklist':
      return <WorklistScreen />;
    case 'analytics':
      return <AnalyticsScreen />;
    case 'checklist':
      return <ChecklistScreen />;
    case 'checklistItem':
      return <ChecklistScreen focusKey={route.key} />;
    case 'settings':
      return <SettingsScreen />;
    case 'houseRules':
      return <HouseRulesScreen />;
    case 'warnings':
      return <WarningCheckScreen />;
    case 'warningsAdmin':
      return <WarningsScreen />;
    case 'warning':
      return <WarningScreen key={route.id} id={route.id} />;
    case 'warningLetter':
      return <WarningLetterScreen id={route.id} />;
    case 'warningNew':
      return <WarningCreateScreen incidentId={route.incidentId} />;
    case 'subjectAccess':
      return <SubjectAccessScreen />;
    case 'accessLog':
      return <AccessLogScreen />;
    case 'home':
      return <HomeScreen />;
  }
}

/** A screen opened by its address that this person may not use: say so, and offer a sign-in. */
function NotForThisRole({ name, signedIn }: { name: MenuRoute; signedIn: boolean }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="not-allowed-title">
      <h1 id="not-allowed-title">{t(`app.nav.${name}`)}</h1>
      <Alert type="info" role="note" className="notice">{t(signedIn ? 'errors.FORBIDDEN' : 'errors.SIGN_IN_REQUIRED')}</Alert>
      <SignInForm />
    </section>
  );
}

/** The web host refused this tab: say what to do instead of showing screens that cannot load. */
function SignedOutScreen() {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="signed-out-title">
      <h1 id="signed-out-title">{t('app.signedOut.title')}</h1>
      <Alert type="error" role="alert" className="notice notice-error">
        {t('errors.UNAUTHENTICATED')}
      </Alert>
    </section>
  );
}

function useFallbackPhone(): string {
  const status = useDeviceStatus();
  return status.state === 'ready' ? status.value.fallbackPhone : '';
}

export function App({ linkState }: { linkState: LinkState }) {
  const { t } = useTranslation();
  const route = useHashRoute();
  const current = menuRouteOf(route);
  const role = useDeskRole();
  const session = useDeskSession();
  // Nobody sees a screen they may not use; until the session is known, only the overview.
  const menu: readonly MenuRoute[] = role ? menuFor(role) : ['home'];
  useDeviceLocale();
  const mainRef = useRef<HTMLElement>(null);
  const screenName =
    route.name === 'policeForm'
      ? t('incident.police.title')
      : route.name === 'incident' || route.name === 'warning' || route.name === 'warningLetter' || route.name === 'warningNew' || route.name === 'subjectAccess' || route.name === 'accessLog' || route.name === 'checklistItem'
        ? t(`app.titles.${route.name}`)
        : t(`app.nav.${route.name}`);
  const title = `${screenName} – ${t('app.name')}`;
  useScreenChange('id' in route ? `${route.name}/${route.id}` : 'key' in route ? `${route.name}/${route.key}` : route.name, title, mainRef);
  useFocusNeverLost(mainRef);

  const alarms = useAlarms({ asScreen: true, linkState });
  const fallbackPhone = useFallbackPhone();
  const shown = alarmsToShow(alarms.responders);
  // While an alarm covers the screen, the page behind it can be neither reached nor read.
  const top = linkState !== 'unauthenticated' ? shown[0] : undefined;
  const overlayUp = top !== undefined;
  const theme = useOrgTheme();
  useOrgThemeSheet(theme);

  return (
    <>
      {top && <AlarmOverlay key={top.alarmId} alarms={shown} onStatus={alarms.setResponder} onClose={alarms.dismiss} />}
      <a
        className="skip-link"
        href="#main"
        inert={overlayUp}
        onClick={(event) => {
          // The hash is the router's: moving focus must not change the screen.
          event.preventDefault();
          focusScreen(mainRef.current);
        }}
      >
        {t('app.skipToContent')}
      </a>
      <header className="app-header" inert={overlayUp}>
        <p className="brand">
          {theme.logo && <img className="brand-logo" src={theme.logo} alt={t('orgTheme.logoAlt')} />}
          <strong>{t('app.name')}</strong> <span>{t('app.tagline')}</span>
        </p>
        <NavBar aria-label={t('app.nav.label')} className="app-nav">
          <NavList>
            {menu.map((name) => (
              <NavListLink key={name} href={routeHref[name]} aria-current={current === name ? 'page' : undefined}>
                {t(`app.nav.${name}`)}
              </NavListLink>
            ))}
          </NavList>
        </NavBar>
        {linkState !== 'unauthenticated' && <SenderControls status={alarms.sender} onStatus={alarms.setSender} fallbackPhone={fallbackPhone} />}
        <div className="header-tools">
          {linkState !== 'unauthenticated' && <SessionControl />}
          <LanguageSwitch />
        </div>
      </header>
      {linkState === 'closed' && (
        <Alert type="error" role="alert" className="notice notice-error link-banner">
          {t('errors.DISCONNECTED')}
        </Alert>
      )}
      <main id="main" tabIndex={-1} ref={mainRef} inert={overlayUp}>
        {/* Inside main, so that all content sits in a landmark. */}
        <p className="visually-hidden" aria-live="polite" data-testid="screen-announcement">
          {screenName}
        </p>
        {/* Feedback on the reporter's own incidents, once, after they sign in at any desk. */}
        {linkState !== 'unauthenticated' && <FeedbackNotices />}
        {linkState === 'unauthenticated' ? <SignedOutScreen /> : role && !menu.includes(current) ? <NotForThisRole name={current} signedIn={session.state === 'ready' && session.value.staff !== null} /> : <Screen route={route} />}
      </main>
    </>
  );
}
