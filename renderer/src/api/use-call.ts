import { useCallback, useEffect, useState } from 'react';
import type { CallInput, CallName, CallOutput } from '../../../shared/contract/calls.js';
import type { EventName } from '../../../shared/contract/events.js';
import { useApi, type Loadable } from './api-context.js';

/**
 * Loads one call's answer and loads it again whenever one of `refreshOn` fires (a change
 * here, a sync bringing changes from elsewhere), so screens never show stale data.
 */
export function useCall<N extends CallName>(call: N, input: CallInput<N>, refreshOn: readonly EventName[] = []): { result: Loadable<CallOutput<N>>; reload: () => void } {
  const api = useApi();
  const [result, setResult] = useState<Loadable<CallOutput<N>>>({ state: 'loading' });
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((current) => current + 1), []);
  const inputKey = JSON.stringify(input);
  const eventsKey = refreshOn.join(',');
  useEffect(() => {
    let live = true;
    void api.invoke(call, JSON.parse(inputKey) as CallInput<N>).then((answer) => {
      if (live) setResult(answer.ok ? { state: 'ready', value: answer.value } : { state: 'failed', error: answer.error });
    });
    return () => {
      live = false;
    };
  }, [api, call, inputKey, generation]);
  useEffect(() => {
    const offs = eventsKey ? eventsKey.split(',').map((event) => api.on(event as EventName, reload)) : [];
    return () => offs.forEach((off) => off());
  }, [api, eventsKey, reload]);
  return { result, reload };
}
