import { Menu, MenuItem } from '../../components/popover';
import { useState, type RefObject } from 'react';
import { reduceName } from '../../../src-shared/contract/percentile';
import type { Aggregation } from '../../../src-shared/contract/records';
import { useJobClient } from '../../client/job-context';
import { useToast } from '../../state/toast-store';
import { chartToSvg, pngScale, svgToPng, type ChartImageOptions } from './chart-image';
import { safeFileName } from './save-file';
import { ToolButton } from '../../components/tool-button';

/** "count of amount by event_type": what the chart shows, for its title and file name. */
export function chartTitle(a: Aggregation): string {
  const of = a.field ? ` of ${a.field}` : '';
  const what =
    a.type === 'count'
      ? a.distinct
        ? `distinct${of}`
        : a.field
          ? `count${of}`
          : 'events'
      : a.type === 'collect'
        ? `values${of}`
        : `${reduceName(a)}${of}`;
  if (!('groups' in a)) return what;
  const keys = a.groupBy.map((k) => (typeof k === 'string' ? k : `${k.field} per ${k.interval}`));
  return keys.length > 0 ? `${what} by ${keys.join(', ')}` : what;
}

function themeOptions(title: string, subtitle: string): ChartImageOptions {
  const root = getComputedStyle(document.documentElement);
  const read = (name: string, or: string) => root.getPropertyValue(name).trim() || or;
  return {
    title,
    subtitle,
    background: read('--panel', read('--bg', '#ffffff')),
    text: read('--text', '#1d1f24'),
    muted: read('--muted', '#6b7080'),
    fontFamily: read('--font-ui', 'system-ui, sans-serif'),
  };
}

/** The chart toolbar's "Export image" menu: the chart on screen as SVG or PNG. */
export function ChartExportMenu(props: {
  target: RefObject<HTMLElement | null>;
  aggregation: Aggregation | undefined;
  subtitle: string;
  disabled: boolean;
}) {
  const [busy, setBusy] = useState(false);
  const { exports } = useJobClient();
  const exportAs = async (format: 'svg' | 'png') => {
    const container = props.target.current;
    if (!container || !props.aggregation) return;
    const title = chartTitle(props.aggregation);
    const chart = chartToSvg(container, themeOptions(title, props.subtitle));
    if (!chart) {
      useToast.getState().show('Nothing to export: switch to a chart (the table is not an image)');
      return;
    }
    setBusy(true);
    try {
      const blob =
        format === 'svg'
          ? new Blob([chart.svg], { type: 'image/svg+xml' })
          : await svgToPng(chart, pngScale());
      const name = `${safeFileName(title, 'chart')}.${format}`;
      const answer = await exports.saveImage(blob, name);
      if (!answer.success) throw new Error(answer.error);
      if (answer.data.saved) useToast.getState().show(`Saved ${name}`);
    } catch (err) {
      useToast.getState().show(`Could not export the chart: ${(err as Error).message}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Menu
      trigger={
        <ToolButton
          data-testid="chart-export"
          disabled={props.disabled || busy}
          title="Save the chart as an image (SVG or PNG)"
          label={busy ? 'Saving…' : 'Save image'}
        />
      }
    >
      <MenuItem testId="chart-export-svg" onSelect={() => void exportAs('svg')}>
        SVG <span className="muted">vector, as on screen</span>
      </MenuItem>
      <MenuItem testId="chart-export-png" onSelect={() => void exportAs('png')}>
        PNG <span className="muted">{pngScale()}× pixels</span>
      </MenuItem>
    </Menu>
  );
}
