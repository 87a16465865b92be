// A bar chart drawn by ECharts (loaded only on the dashboard), with the same numbers as a table
// for screen readers and for anyone who prefers to read them.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { afterScreenReady } from '../../components/screen-ready';

/** ECharts' axis names: about this wide per character at its 12 px font, and this tall per line. */
const CHAR_PX = 7;
const LINE_PX = 15;
/** A legend row's height, and an entry's width beside its name (the colour mark, its gaps). */
const LEGEND_ROW_PX = 24;
const LEGEND_ENTRY_PX = 40;

/** How many rows the legend wraps onto at this width: the plot starts below the last one. */
function legendRows(names: string[], width: number): number {
  let rows = 1;
  let x = 0;
  for (const name of names) {
    const entry = LEGEND_ENTRY_PX + name.length * CHAR_PX;
    if (x > 0 && x + entry > width) {
      rows += 1;
      x = 0;
    }
    x += entry;
  }
  return rows;
}

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
  axisLabels = labels,
}: {
  title: string;
  labels: string[];
  /** Shorter names for the axis (the table keeps the full ones). */
  axisLabels?: string[];
  series: Series[];
  id: string;
  /** Parts of one whole (stacked) or separate counts side by side. */
  stacked?: boolean;
  /** Bars across, names on the left: long unit and body names are read whole, not cut. */
  horizontal?: boolean;
}) {
  const { t } = useTranslation('oversight');
  const box = useRef<HTMLDivElement>(null);
  // Until the library has drawn, the frame says so (on a slow line it would otherwise stand empty).
  const [state, setState] = useState<'loading' | 'drawn' | 'failed'>('loading');
  useEffect(() => {
    let disposed = false;
    let chart: { dispose(): void; resize(): void } | undefined;
    const onResize = () => chart?.resize();
    // The library is fetched once the screen is usable: its figures never wait for the charts.
    void afterScreenReady()
      .then(() => import('./echarts'))
      .then(({ echarts }) => {
        if (disposed || !box.current) return;
        const width = box.current.clientWidth;
        const narrow = width < 600;
        // Names get up to 40 % of the chart's width (half on a phone) and wrap onto further lines
        // instead of being cut; each row is as tall as its longest name needs, so no two names overlap.
        const nameWidth = Math.max(100, Math.round(width * (narrow ? 0.5 : 0.4)));
        const lines = Math.max(1, ...labels.map((l) => Math.ceil((l.length * CHAR_PX) / nameWidth)));
        // The plot starts below the legend, however many rows its names wrap onto.
        const legendNames = series.map((s) => s.name);
        const top = legendRows(legendNames, width) * LEGEND_ROW_PX + 16;
        if (horizontal) box.current.style.height = `${top + 30 + labels.length * Math.max(36, lines * LINE_PX + 12)}px`;
        const instance = echarts.init(box.current, undefined, { renderer: 'canvas' });
        const category = {
          type: 'category',
          data: axisLabels,
          inverse: horizontal,
          axisLabel: horizontal
            ? { interval: 0, width: nameWidth, overflow: 'break', lineHeight: LINE_PX }
            : // Months across: every label that fits, slanted on a phone.
              { interval: 'auto', hideOverlap: true, rotate: narrow ? 45 : 0 },
        };
        const value = { type: 'value', minInterval: 1 };
        instance.setOption({
          animation: false,
          // Room on the left for the first slanted month.
          grid: { left: narrow && !horizontal ? 24 : 8, right: 16, top, bottom: 8, containLabel: true },
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
        setState('drawn');
        window.addEventListener('resize', onResize);
      })
      .catch(() => {
        if (!disposed) setState('failed');
      });
    return () => {
      disposed = true;
      window.removeEventListener('resize', onResize);
      chart?.dispose();
    };
  }, [labels, axisLabels, series, stacked, horizontal]);
  return (
    <figure className="card" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{title}</h3>
      {state === 'loading' ? (
        <p role="status" className="muted">
          {t('common:loading')}
        </p>
      ) : state === 'failed' ? (
        <p role="alert" className="error">
          {t('common:loadFailed')}
        </p>
      ) : null}
      <div
        ref={box}
        className="chart"
        role="img"
        aria-label={t('chartAlt', { title })}
        // A horizontal chart grows with its rows (set again once its width, and so each name's lines, is known).
        style={horizontal ? { height: `${90 + labels.length * 44}px` } : undefined}
      />
      <details>
        <summary>{t('asTable')}</summary>
        {/* Focusable, so a keyboard can scroll a wide table (on a phone its rows are cards). */}
        <div className="table-wrap" tabIndex={0} role="region" aria-label={title}>
          <table className="table-cards">
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
                  <th scope="row" className="card-title">
                    {label}
                  </th>
                  {series.map((s) => (
                    <td key={s.name} data-label={s.name}>
                      {s.values[i]}
                    </td>
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
