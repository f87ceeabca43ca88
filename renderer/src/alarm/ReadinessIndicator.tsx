import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Readiness } from '../../../shared/alarm/readiness.js';
import { useApi } from '../api/api-context.js';
import { Button } from '@utrecht/component-library-react';

/**
 * A small dot and a few words: can this counter's alarm reach anyone right now (grey when
 * nobody can respond), and a test alarm that proves the chain without alarming anyone.
 */
export function ReadinessIndicator() {
  const { t } = useTranslation();
  const api = useApi();
  const [readiness, setReadiness] = useState<Readiness | null>(null);
  useEffect(() => {
    let live = true;
    void api.invoke('alarm.readiness', {}).then((result) => {
      if (live && result.ok) setReadiness(result.value);
    });
    const off = api.on('alarm.readiness', setReadiness);
    return () => {
      live = false;
      off();
    };
  }, [api]);
  if (!readiness) return null;
  const paths = [readiness.paths.server ? t('alarm.readiness.server') : null, readiness.paths.lan ? t('alarm.readiness.lan') : null].filter(Boolean).join(', ');
  const summary = readiness.reachable ? t('alarm.readiness.reachable', { count: readiness.responders }) : t('alarm.readiness.unreachable');
  return (
    <span className="readiness" data-testid="alarm-readiness" data-reachable={readiness.reachable}>
      <span className={`readiness-dot${readiness.reachable ? ' readiness-ok' : ''}`} aria-hidden="true" />
      <span title={paths ? t('alarm.readiness.paths', { paths }) : t('alarm.readiness.noPath')}>{summary}</span>{' '}
      <Button appearance="subtle-button" type="button" className="link-button" onClick={() => void api.invoke('alarm.raise', { level: 'assist', drill: true })}>
        {t('alarm.readiness.drill')}
      </Button>
    </span>
  );
}
