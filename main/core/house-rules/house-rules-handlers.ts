import type { Handlers } from '../dispatcher.js';
import type { EventBus } from '../event-bus.js';
import type { HouseRulesService } from './house-rules-service.js';

type HouseRulesCalls = 'houseRules.display' | 'houseRules.editor' | 'houseRules.saveDraft' | 'houseRules.publish' | 'houseRules.setOverride' | 'houseRules.endOverride';

export interface HouseRulesHandlerDeps {
  service: HouseRulesService;
  /** Tells open displays to ask again, if what they show has changed. */
  changed: () => void;
}

export function houseRulesHandlers({ service, changed }: HouseRulesHandlerDeps): Pick<Handlers, HouseRulesCalls> {
  const after = <T>(value: T): T => {
    changed();
    return value;
  };
  return {
    'houseRules.display': () => service.display(),
    'houseRules.editor': () => service.editor(),
    'houseRules.saveDraft': (content) => service.saveDraft(content),
    // Set-up mode has nobody signed in: the version then says it came from set-up.
    'houseRules.publish': (input, { staff }) => after(service.publish(input, staff?.displayName ?? 'setup')),
    'houseRules.setOverride': (input) => after(service.setOverride(input)),
    'houseRules.endOverride': ({ id }) => after(service.endOverride(id)),
  };
}

/** Emits `houseRules.changed` only when the display's answer really differs, so a routine sync wakes no display. */
export function displayChangeNotifier(service: HouseRulesService, bus: EventBus): () => void {
  let last = JSON.stringify(service.display());
  return () => {
    const now = JSON.stringify(service.display());
    if (now === last) return;
    last = now;
    bus.emit('houseRules.changed', {});
  };
}
