import { useMemo } from 'react';
import { useEffectiveTheme } from '../../state/theme-store';

export interface ChartPalette {
  series: string[];
  axis: string;
  grid: string;
  text: string;
  selection: string;
  other: string;
}

/**
 * Chart colours as concrete values (the theme's `--chart-*` tokens, tokens.css), not `var(...)`:
 * the SVG must stay meaningful when it is serialised for export, away from the page's CSS.
 */
export function useChartPalette(): ChartPalette {
  const theme = useEffectiveTheme();
  return useMemo(() => paletteOf(theme), [theme]);
}

const palettes = new Map<'light' | 'dark', ChartPalette>();

/**
 * Read from an element of the theme asked for rather than from <html>, whose data-theme is set
 * after the render that changes the theme: reading it here would give the old theme's colours.
 */
function paletteOf(theme: 'light' | 'dark'): ChartPalette {
  const known = palettes.get(theme);
  if (known) return known;
  const probe = document.createElement('span');
  probe.dataset.theme = theme;
  probe.hidden = true;
  document.body.append(probe);
  const style = getComputedStyle(probe);
  const read = (name: string) => style.getPropertyValue(name).trim();
  const palette = {
    series: Array.from({ length: 10 }, (_, i) => read(`--chart-${i + 1}`)),
    axis: read('--chart-axis'),
    grid: read('--chart-grid'),
    text: read('--chart-text'),
    selection: read('--chart-selection'),
    other: read('--chart-other'),
  };
  probe.remove();
  // Kept once the tokens are there (the style sheet has loaded).
  if (palette.axis !== '') palettes.set(theme, palette);
  return palette;
}
