import { useEffect, useState } from 'react';
import type { ResponderStatus, SenderStatus } from '../../../shared/alarm/alarm-contract.js';
import { useApi } from '../api/api-context.js';

/** This desk's own alarm (sender) and the alarms it must show (responder), kept fresh by core events. */
export function useAlarms(): { sender: SenderStatus | null; setSender: (s: SenderStatus) => void; responders: ResponderStatus[]; setResponder: (s: ResponderStatus) => void; dismiss: (alarmId: string) => void } {
  const api = useApi();
  const [sender, setSender] = useState<SenderStatus | null>(null);
  const [responders, setResponders] = useState<Record<string, ResponderStatus>>({});
  const setResponder = (status: ResponderStatus) => setResponders((all) => ({ ...all, [status.alarmId]: status }));
  useEffect(() => {
    const offSender = api.on('alarm.sender', setSender);
    const offResponder = api.on('alarm.responder', (status) => setResponders((all) => ({ ...all, [status.alarmId]: status })));
    return () => {
      offSender();
      offResponder();
    };
  }, [api]);
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
