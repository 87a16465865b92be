// A bar chart drawn by ECharts (loaded only on the dashboard), with the same numbers as a table
// for screen readers and for anyone who prefers to read them.
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { afterScreenReady } from '../../components/screen-ready';

export interface Series {
  name: string;
  values: number[];
  color: string;
}

export function BarChart({
  title,
  labels,
  series,
  id,
  stacked = true,
  horizontal = false,
}: {
  title: string;
  labels: string[];
  series: Series[];
  id: string;
  /** Parts of one whole (stacked) or separate counts side by side. */
  stacked?: boolean;
  /** Bars across, names on the left: long unit and body names are read whole, not cut. */
  horizontal?: boolean;
}) {
  const { t } = useTranslation('oversight');
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let disposed = false;
    let chart: { dispose(): void; resize(): void } | undefined;
    const onResize = () => chart?.resize();
    // The library is fetched once the screen is usable: its figures never wait for the charts.
    void afterScreenReady()
      .then(() => import('./echarts'))
      .then(({ echarts }) => {
        if (disposed || !box.current) return;
        const instance = echarts.init(box.current, undefined, { renderer: 'canvas' });
        // Names get up to 40 % of the chart's width and wrap onto further lines instead of being cut.
        const nameWidth = Math.max(100, Math.round(box.current.clientWidth * 0.4));
        const category = {
          type: 'category',
          data: labels,
          inverse: horizontal,
          axisLabel: { interval: 0, width: horizontal ? nameWidth : 90, overflow: 'break' },
        };
        const value = { type: 'value', minInterval: 1 };
        instance.setOption({
          animation: false,
          grid: { left: 8, right: 16, top: 64, bottom: 8, containLabel: true },
          legend: { top: 0 },
          tooltip: { trigger: 'axis' },
          xAxis: horizontal ? value : category,
          yAxis: horizontal ? category : value,
          series: series.map((s) => ({
            type: 'bar',
            name: s.name,
            data: s.values,
            stack: stacked ? 'total' : undefined,
            itemStyle: { color: s.color },
          })),
        });
        chart = instance;
        window.addEventListener('resize', onResize);
      });
    return () => {
      disposed = true;
      window.removeEventListener('resize', onResize);
      chart?.dispose();
    };
  }, [labels, series, stacked, horizontal]);
  return (
    <figure className="card" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{title}</h3>
      <div
        ref={box}
        className="chart"
        role="img"
        aria-label={t('chartAlt', { title })}
        // A horizontal chart grows with its rows, so each name has room for two lines.
        style={horizontal ? { height: `${Math.max(240, 90 + labels.length * 44)}px` } : undefined}
      />
      <details>
        <summary>{t('asTable')}</summary>
        {/* Focusable, so a keyboard can scroll a wide table on a phone. */}
        <div className="table-wrap" tabIndex={0} role="region" aria-label={title}>
          <table>
            <caption className="sr-only">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{t('group')}</th>
                {series.map((s) => (
                  <th scope="col" key={s.name}>
                    {s.name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {labels.map((label, i) => (
                <tr key={label}>
                  <th scope="row">{label}</th>
                  {series.map((s) => (
                    <td key={s.name}>{s.values[i]}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
