import { ContractFailure } from '../../../shared/contract/result.js';
import type { Handlers } from '../dispatcher.js';
import type { EventBus } from '../event-bus.js';
import type { Scope } from '../sync/replica-store.js';
import type { OrgThemeStore } from './org-theme-store.js';

export interface OrgThemeHandlerDeps {
  themes: OrgThemeStore;
  bus: EventBus;
  scope: () => Scope | null;
  /** A local write was queued: push it soon. */
  changed: () => void;
}

export function orgThemeHandlers({ themes, bus, scope, changed }: OrgThemeHandlerDeps): Pick<Handlers, 'orgTheme.get' | 'orgTheme.update'> {
  return {
    // Before set-up the desk has no organisation: it looks neutral rather than failing.
    'orgTheme.get': () => themes.get(scope()?.organisationId ?? null),
    // Who may: the dispatcher's role check (an administrator, or set-up mode), as for the settings.
    'orgTheme.update': (theme) => {
      const current = scope();
      if (!current) throw new ContractFailure('CONFLICT', 'this PC has no organisation and site yet: an administrator sets them under Settings');
      const saved = themes.set(current, theme);
      changed();
      bus.emit('orgTheme.changed', {});
      return saved;
    },
  };
}
