import { BarChart, LineChart } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

// Tree-shaken: only the chart kinds and components drawn here enter the bundle, and this
// module is loaded only by the dashboard page (React.lazy).
echarts.use([
  LineChart,
  BarChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  MarkLineComponent,
  CanvasRenderer,
]);

/** Fen (decimal strings) → yuan as numbers, for drawing only: the figures shown are exact. */
const yuan = (fen: string): number => Number(BigInt(fen) / 100n);

/** One line series: its name and its fen values, one per date. */
export interface LineSeries {
  name: string;
  fen: string[];
}

function useChart(option: echarts.EChartsCoreOption) {
  const element = useRef<HTMLDivElement>(null);
  // Drawn again only when the data changes, not on every render of the page.
  const key = JSON.stringify(option);
  useEffect(() => {
    if (element.current === null) return undefined;
    const chart = echarts.init(element.current);
    chart.setOption(JSON.parse(key) as echarts.EChartsCoreOption);
    const resize = () => {
      chart.resize();
    };
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [key]);
  return element;
}

/** The burn-down: lines over the days, with a marker on the forecast day when it is in view. */
export function BurnDownChart({
  dates,
  series,
  label,
}: {
  dates: string[];
  series: LineSeries[];
  label: string;
}) {
  const element = useChart({
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 80, right: 24, top: 40, bottom: 40 },
    xAxis: { type: 'category', data: dates },
    yAxis: { type: 'value', name: '¥' },
    series: series.map((line) => ({
      name: line.name,
      type: 'line',
      showSymbol: false,
      data: line.fen.map(yuan),
    })),
  });
  return <div ref={element} role="img" aria-label={label} style={{ height: 320 }} />;
}

/** A split as horizontal bars: granted and settled per bucket. */
export function SplitChart({
  categories,
  granted,
  settled,
  names,
  label,
}: {
  categories: string[];
  granted: string[];
  settled: string[];
  names: { granted: string; settled: string };
  label: string;
}) {
  const element = useChart({
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 160, right: 24, top: 32, bottom: 24 },
    xAxis: { type: 'value', name: '¥' },
    yAxis: { type: 'category', data: categories },
    series: [
      { name: names.granted, type: 'bar', data: granted.map(yuan) },
      { name: names.settled, type: 'bar', data: settled.map(yuan) },
    ],
  });
  return (
    <div
      ref={element}
      role="img"
      aria-label={label}
      style={{ height: Math.max(160, 48 * categories.length + 64) }}
    />
  );
}
