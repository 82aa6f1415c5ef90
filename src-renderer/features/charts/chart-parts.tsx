import type { BarShapeProps } from 'recharts';
import { canvasMeasure, type Measure } from '../events/fit-text';
import type { ChartPalette } from './use-chart-palette';

// What the chart views share: number formats, the axis titles' style, the label measure, and
// the bar every bar chart draws.

export const compact = new Intl.NumberFormat('en-US', {
  notation: 'compact',
  maximumFractionDigits: 2,
});
export const precise = new Intl.NumberFormat('en-US', { maximumFractionDigits: 4 });

/** Labels are measured in the font the axis draws them in (the UI font, 12 px). */
let labelMeasure: Measure | null = null;
export function measureLabel(): Measure {
  const family = getComputedStyle(document.documentElement).getPropertyValue('--font-ui').trim();
  labelMeasure ??= canvasMeasure(`12px ${family || 'sans-serif'}`);
  return labelMeasure;
}

/** An axis title's style: the chart text's colour, a little smaller than the ticks. */
export const axisTitle = (palette: ChartPalette) => ({ fill: palette.text, fontSize: 11 });

/** A bar that says what it stands for (data-label, data-value): for tests and exports. */
export function TestableBar(props: BarShapeProps & { label: string }) {
  const value = Array.isArray(props.value) ? props.value[1] - props.value[0] : props.value;
  return (
    <rect
      x={props.x}
      y={props.y}
      width={Math.max(0, props.width)}
      height={Math.max(0, props.height)}
      fill={props.fill}
      rx={2}
      data-testid="chart-bar"
      data-label={props.label}
      data-value={value}
    />
  );
}
