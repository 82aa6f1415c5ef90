import { useMemo } from 'react';
import { useThemeMode, type ThemeMode } from '../query-ui/use-theme-mode';

export interface ChartPalette {
  series: string[];
  axis: string;
  grid: string;
  text: string;
  selection: string;
  other: string;
}

/**
 * Chart colours as concrete values (read from the theme's CSS variables), not `var(...)`: the
 * SVG must stay meaningful when it is serialised for export, away from the page's CSS.
 */
export function useChartPalette(): ChartPalette {
  const mode = useThemeMode();
  return useMemo(() => readPalette(mode), [mode]);
}

const fallback: Record<ThemeMode, ChartPalette> = {
  light: {
    series: [
      '#3b6fd8',
      '#e0832f',
      '#2e9d6b',
      '#c8455a',
      '#8a5cc7',
      '#2c9fb3',
      '#b59a1c',
      '#d162a4',
      '#6b7a8f',
      '#7cae3e',
    ],
    axis: '#8a8f9c',
    grid: '#e6e8ec',
    text: '#5b6070',
    selection: 'rgba(59, 111, 216, 0.18)',
    other: '#a9aebb',
  },
  dark: {
    series: [
      '#6f9bff',
      '#f0a45b',
      '#4cc58f',
      '#ef6f84',
      '#b08cf0',
      '#4fc3d6',
      '#d8c04a',
      '#ee8cc6',
      '#98a6ba',
      '#9fd36a',
    ],
    axis: '#6b7180',
    grid: '#2a2e37',
    text: '#a3a9b6',
    selection: 'rgba(111, 155, 255, 0.22)',
    other: '#5d6474',
  },
};

function readPalette(mode: ThemeMode): ChartPalette {
  const base = fallback[mode];
  const style = getComputedStyle(document.documentElement);
  const read = (name: string, or: string) => style.getPropertyValue(name).trim() || or;
  return {
    series: base.series.map((c, i) => read(`--chart-${i + 1}`, c)),
    axis: read('--chart-axis', base.axis),
    grid: read('--chart-grid', base.grid),
    text: read('--chart-text', base.text),
    selection: read('--chart-selection', base.selection),
    other: read('--chart-other', base.other),
  };
}
