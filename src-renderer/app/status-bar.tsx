import { ConnectionBadges } from '../components/connection-badges';
import { useUiStore } from '../state/ui-store';
import { useOperation } from '../client/use-operation';
import { useQueryStore } from '../state/query-store';
import { formatBytes, formatCount } from '../features/events/format';
import { Icon } from '../components/icons';
import { AnalysisIndexStatus } from '../features/analysis-index/analysis-index-status';
import { RunningImports } from '../features/open-file/running-imports';
import { usePick } from '../state/use-pick';

function InstanceFacts({ instanceId }: { instanceId: string }) {
  const stats = useOperation('getInstanceStats', { instanceId });
  if (!stats.data) return null;
  return (
    <span className="status-item" data-testid="status-instance">
      <Icon name="database" size={12} /> {stats.data.name}: {formatCount(stats.data.eventCount)}{' '}
      events · {formatCount(stats.data.streamCount)} streams ·{' '}
      {formatBytes(stats.data.databaseSizeBytes)} on disk
    </span>
  );
}

/**
 * The bottom line: connection, the instance at a glance and its analysis index, running
 * imports, time zone, where to find help.
 */
export function StatusBar() {
  const instance = useQueryStore((s) => s.instance);
  const { timeZone, openDialog } = usePick(useUiStore, 'timeZone', 'openDialog');
  return (
    <footer className="status-bar" data-testid="status-bar">
      <ConnectionBadges />
      {instance && <InstanceFacts instanceId={instance} />}
      {instance && <AnalysisIndexStatus instanceId={instance} />}
      <RunningImports />
      <span className="toolbar-spacer" />
      <span className="status-item">Times in {timeZone === 'utc' ? 'UTC' : 'local time'}</span>
      <button
        type="button"
        className="status-item status-button"
        onClick={() => openDialog('palette')}
      >
        Ctrl+K commands
      </button>
      <button
        type="button"
        className="status-item status-button"
        data-testid="open-help"
        onClick={() => openDialog('help')}
      >
        ? shortcuts
      </button>
    </footer>
  );
}
