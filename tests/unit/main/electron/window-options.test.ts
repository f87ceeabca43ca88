import { describe, expect, it } from 'vitest';
import { mainWindowOptions, secureWebPreferences } from '../../../../main/electron/window-options.js';

// Electron security checklist: https://www.electronjs.org/docs/latest/tutorial/security
describe('window options follow the Electron security checklist', () => {
  const prefs = secureWebPreferences('/app/out/electron/preload.cjs');

  it('#2 does not enable Node integration anywhere', () => {
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
  });
  it('#3 enables context isolation', () => expect(prefs.contextIsolation).toBe(true));
  it('#4 enables the process sandbox', () => expect(prefs.sandbox).toBe(true));
  it('#6 keeps webSecurity on', () => expect(prefs.webSecurity).toBe(true));
  it('#8 does not allow insecure content', () => expect(prefs.allowRunningInsecureContent).toBe(false));
  it('#9 does not enable experimental features', () => expect(prefs.experimentalFeatures).toBe(false));
  it('#12 does not enable the <webview> tag', () => expect(prefs.webviewTag).toBe(false));
  it('loads only our own preload', () => expect(prefs.preload).toBe('/app/out/electron/preload.cjs'));
  it('uses these preferences for the main window, shown only when ready', () => {
    const options = mainWindowOptions('/p.cjs');
    expect(options.webPreferences).toEqual(secureWebPreferences('/p.cjs'));
    expect(options.show).toBe(false);
  });
});
