import './zod-config.js';
import { StrictMode, useSyncExternalStore } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { App } from './App.js';
import { MiniAlarmView } from './alarm/MiniAlarmView.js';
import { ApiProvider } from './api/api-context.js';
import { connectBridge } from './bridge/connect.js';
import type { LinkState } from './bridge/ws-bridge.js';
import { createI18n } from './i18n.js';
import { DisplayPage } from './display/DisplayPage.js';
import { displaySourceFor } from './display/display-source.js';
// The NL Design System's components and tokens, then Vangnet's neutral theme, then its own layout.
import '@utrecht/component-library-css/dist/index.css';
import '@utrecht/design-tokens/dist/theme.css';
import './theme/vangnet-theme.css';
import './styles.css';

/** `?view=display` is the web host's Display link: the public house rules page, never the staff app. */
const displayView = new URLSearchParams(window.location.search).get('view') === 'display';

/** The page's rules come from the PC's web host or, for a TV enrolled on the central server, from there (see display-source.ts). */
const displaySource = displayView ? displaySourceFor(window.location, window.history, window.sessionStorage, window.vangnet) : null;

let linkState: LinkState = 'connecting';
const linkListeners = new Set<() => void>();
// The display holds its own link (and retries it); the staff bridge is not even opened.
const api = displayView
  ? null
  : connectBridge((state) => {
      linkState = state;
      linkListeners.forEach((listener) => listener());
    });
const subscribeLink = (listener: () => void) => {
  linkListeners.add(listener);
  return () => linkListeners.delete(listener);
};

/** `?view=mini` is the shell's always-on-top mini button; everything else is the app. */
const miniView = new URLSearchParams(window.location.search).get('view') === 'mini';

function Root() {
  const state = useSyncExternalStore(subscribeLink, () => linkState);
  return miniView ? <MiniAlarmView /> : <App linkState={state} />;
}

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root');
createRoot(container).render(
  displaySource || !api ? (
    <StrictMode>
      <DisplayPage source={displaySource ?? displaySourceFor(window.location, window.history, window.sessionStorage, window.vangnet)} />
    </StrictMode>
  ) : (
    <StrictMode>
      <I18nextProvider i18n={createI18n()}>
        <ApiProvider api={api}>
          <Root />
        </ApiProvider>
      </I18nextProvider>
    </StrictMode>
  ),
);
