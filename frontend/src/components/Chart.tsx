import { useEffect, useRef, useState } from 'react';
import type { EChartsCoreOption } from 'echarts/core';
import { useTranslation } from 'react-i18next';

type Props = { option: EChartsCoreOption; label: string; height?: number };

/** An ECharts chart; ECharts itself is fetched on first use. */
export function Chart({ option, label, height = 340 }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<'loading' | 'ready' | 'error'>('loading');
  const { t } = useTranslation();
  useEffect(() => {
    let disposed = false;
    let chart: { dispose(): void; resize(): void } | undefined;
    const onResize = () => chart?.resize();
    import('../echarts')
      .then(({ echarts }) => {
        if (disposed || !ref.current) return;
        const c = echarts.init(ref.current, undefined, { renderer: 'canvas' });
        c.setOption(option);
        chart = c;
        window.addEventListener('resize', onResize);
        setState('ready');
      })
      .catch(() => !disposed && setState('error'));
    return () => {
      disposed = true;
      window.removeEventListener('resize', onResize);
      chart?.dispose();
    };
  }, [option]);
  return (
    <figure style={{ margin: 0 }}>
      <div ref={ref} className={`chart${state === 'loading' ? ' skeleton' : ''}`} style={{ height }} role="img" aria-label={label} data-rendered={state === 'ready'} />
      {state === 'error' && <p className="alert">{t('state.error', { message: 'chart' })}</p>}
    </figure>
  );
}
