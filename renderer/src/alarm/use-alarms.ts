import { useEffect, useRef, useState } from 'react';
import type { ResponderStatus, SenderStatus } from '../../../shared/alarm/alarm-contract.js';
import { useApi } from '../api/api-context.js';
import type { LinkState } from '../bridge/ws-bridge.js';
import { isLive } from './alarm-order.js';

export interface Alarms {
  sender: SenderStatus | null;
  setSender: (status: SenderStatus) => void;
  responders: ResponderStatus[];
  setResponder: (status: ResponderStatus) => void;
  dismiss: (alarmId: string) => void;
}

/**
 * This desk's own alarm (sender) and the alarms it must show (responder), kept fresh by core
 * events. A page that can show alarms (`asScreen`) registers with the core, asks again after
 * every reconnection, and tells the core each alarm it shows: that is what "delivered" means.
 */
export function useAlarms({ asScreen, linkState }: { asScreen: boolean; linkState?: LinkState }): Alarms {
  const api = useApi();
  const [sender, setSender] = useState<SenderStatus | null>(null);
  const [responders, setResponders] = useState<Record<string, ResponderStatus>>({});
  const confirmed = useRef(new Set<string>());
  const setResponder = (status: ResponderStatus) => setResponders((all) => ({ ...all, [status.alarmId]: status }));

  useEffect(() => {
    if (linkState === 'closed' || linkState === 'unauthenticated') return;
    let live = true;
    const refresh = async () => {
      const result = await api.invoke('alarm.active', { asScreen });
      if (!live || !result.ok) return;
      setSender(result.value.sender);
      // Ended alarms stay until closed here; live ones come from the core.
      setResponders((all) => Object.fromEntries([...Object.values(all).filter((status) => !isLive(status)), ...result.value.responders].map((status) => [status.alarmId, status])));
    };
    const offSender = api.on('alarm.sender', setSender);
    const offResponder = api.on('alarm.responder', (status) => setResponders((all) => ({ ...all, [status.alarmId]: status })));
    // Another person at the desk: show what is true for them (the core forgets the last person's finished alarm).
    const offSession = api.on('session.changed', () => void refresh());
    void refresh();
    return () => {
      live = false;
      offSender();
      offResponder();
      offSession();
    };
  }, [api, asScreen, linkState]);

  useEffect(() => {
    if (!asScreen) return;
    for (const status of Object.values(responders)) {
      if (!isLive(status) || confirmed.current.has(status.alarmId)) continue;
      confirmed.current.add(status.alarmId);
      void api.invoke('alarm.shown', { alarmId: status.alarmId });
    }
  }, [api, asScreen, responders]);

  return {
    sender,
    setSender,
    responders: Object.values(responders),
    setResponder,
    dismiss: (alarmId) =>
      setResponders((all) => {
        const rest = { ...all };
        delete rest[alarmId];
        return rest;
      }),
  };
}
