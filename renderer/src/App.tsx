import { useTranslation } from 'react-i18next';
import { useDeviceStatus } from './api/api-context.js';
import { useDeviceLocale } from './use-device-locale.js';
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
import { menuRouteOf, menuRoutes, routeHref, useHashRoute, type Route } from './routing.js';
import { HomeScreen } from './screens/HomeScreen.js';
import { HouseRulesScreen } from './house-rules/HouseRulesScreen.js';
import { WarningCheckScreen } from './warnings/WarningCheckScreen.js';
import { SettingsScreen } from './screens/SettingsScreen.js';
import { SessionControl } from './staff/SessionControl.js';
import { useDeskSession } from './staff/use-desk-session.js';

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
    case 'settings':
      return <SettingsScreen />;
    case 'houseRules':
      return <HouseRulesScreen />;
    case 'warnings':
      return <WarningCheckScreen />;
    case 'home':
      return <HomeScreen />;
  }
}

/** The web host refused this tab: say what to do instead of showing screens that cannot load. */
function SignedOutScreen() {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="signed-out-title">
      <h1 id="signed-out-title">{t('app.signedOut.title')}</h1>
      <p role="alert" className="notice notice-error">
        {t('errors.UNAUTHENTICATED')}
      </p>
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
  const session = useDeskSession();
  // The worklist and the house rules are the coordinator's; the others need not see menu items they cannot open.
  const coordinates = session.state === 'ready' && (session.value.staff?.role === 'coordinator' || session.value.staff?.role === 'admin');
  // In set-up mode the administrator writes the first house rules, before anyone is on staff.
  const writesHouseRules = coordinates || (session.state === 'ready' && session.value.setupMode);
  const menu = menuRoutes.filter((name) => (name === 'worklist' || name === 'analytics' ? coordinates : name === 'houseRules' ? writesHouseRules : true));
  useDeviceLocale();

  const alarms = useAlarms({ asScreen: true, linkState });
  const fallbackPhone = useFallbackPhone();
  const shown = alarmsToShow(alarms.responders);

  return (
    <>
      {shown[0] && linkState !== 'unauthenticated' && <AlarmOverlay key={shown[0].alarmId} alarms={shown} onStatus={alarms.setResponder} onClose={alarms.dismiss} />}
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="app-header">
        <p className="brand">
          <strong>{t('app.name')}</strong> <span>{t('app.tagline')}</span>
        </p>
        <nav aria-label={t('app.nav.label')}>
          <ul>
            {menu.map((name) => (
              <li key={name}>
                <a href={routeHref[name]} aria-current={current === name ? 'page' : undefined}>
                  {t(`app.nav.${name}`)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        {linkState !== 'unauthenticated' && <SenderControls status={alarms.sender} onStatus={alarms.setSender} fallbackPhone={fallbackPhone} />}
        {linkState !== 'unauthenticated' && <SessionControl />}
        <LanguageSwitch />
      </header>
      {linkState === 'closed' && (
        <p role="alert" className="notice notice-error link-banner">
          {t('errors.DISCONNECTED')}
        </p>
      )}
      <main id="main" tabIndex={-1}>
        {linkState === 'unauthenticated' ? <SignedOutScreen /> : <Screen route={route} />}
      </main>
    </>
  );
}
