import type { Instance } from '../../../src-shared/contract/records';
import { useUiStore } from '../../state/ui-store';
import { useOperation } from '../../client/use-operation';
import { Icon } from '../../components/icons';
import { ErrorState, Loading } from '../../components/states';
import { useQueryStore } from '../../state/query-store';
import { hiddenCount, visibleInstances } from '../saved-queries/system-instances';
import { useSystemInstances } from './system-instances-store';
import { formatCount } from '../events/format';
import { StreamList } from '../streams/stream-list';
import { usePick } from '../../state/use-pick';

function InstanceCount({ instance }: { instance: Instance }) {
  const stats = useOperation('getInstanceStats', { instanceId: instance.id });
  if (!stats.data) return null;
  // Inside the tree item, so a screen reader reads the count with the name ("gh 800 events").
  return (
    <>
      <span className="tree-count" data-testid="instance-count" data-count={stats.data.eventCount}>
        {formatCount(stats.data.eventCount)}
      </span>
      <span className="visually-hidden"> events</span>
    </>
  );
}

/**
 * The sidebar's tree: instances, the selected one opened onto its streams. Instances are few;
 * streams can be 100,000 (the stream list is virtualised and paged).
 */
export function InstanceTree() {
  const list = useOperation('listInstances', {});
  const { instance: selected, setInstance } = usePick(useQueryStore, 'instance', 'setInstance');
  const { openDialog, clearSelection } = usePick(useUiStore, 'openDialog', 'clearSelection');
  const { show: showSystem, setShow: setShowSystem } = usePick(
    useSystemInstances,
    'show',
    'setShow',
  );

  if (list.isPending) return <Loading label="Loading instances…" />;
  if (list.error)
    return (
      <ErrorState
        what="The instances could not be listed."
        error={list.error}
        onRetry={() => void list.refetch()}
        testId="instances-error"
      />
    );
  const instances = visibleInstances(list.data.instances, showSystem);
  const hidden = hiddenCount(list.data.instances);
  return (
    // A navigation of plain buttons, not an ARIA tree: a tree may own only its items, and these
    // rows hold actions (rename, delete) and the streams' filter beside them. The chosen
    // instance and stream are aria-current; instances say whether their streams are shown.
    <nav className="instance-tree" aria-label="Instances and streams">
      <div className="sidebar-head">
        <span className="panel-title">Instances</span>
        <span className="muted" data-testid="instance-total">
          {instances.length}
        </span>
        <span className="toolbar-spacer" />
        <button
          type="button"
          className="icon-button"
          title="New instance"
          aria-label="New instance"
          data-testid="new-instance"
          onClick={() => openDialog('createInstance')}
        >
          <Icon name="plus" />
        </button>
      </div>
      {instances.length === 0 && (
        <p className="muted pad" data-testid="no-instances">
          No instances yet.
        </p>
      )}
      {instances.map((instance) => {
        const isSelected = instance.id === selected;
        return (
          <div
            key={instance.id}
            className={`instance-node${isSelected ? ' open' : ''}`}
            data-testid="instance-node"
            data-instance-id={instance.id}
            data-instance-name={instance.name}
          >
            <div className={`tree-item instance-item${isSelected ? ' selected' : ''}`}>
              <button
                type="button"
                aria-expanded={isSelected}
                aria-current={isSelected ? 'true' : undefined}
                className="instance-button"
                data-testid="instance-item"
                title={instance.description ?? instance.name}
                onClick={() => {
                  if (isSelected) return;
                  setInstance(instance.id);
                  clearSelection();
                }}
              >
                <Icon name={isSelected ? 'chevronDown' : 'chevronRight'} size={12} />
                <Icon name="database" />
                <span className="instance-name">{instance.name}</span>
                <InstanceCount instance={instance} />
              </button>
              <span className="instance-actions">
                <button
                  type="button"
                  className="icon-button"
                  aria-label={`Rename or describe ${instance.name}`}
                  title="Rename / describe"
                  data-testid="edit-instance"
                  onClick={() => openDialog('editInstance', instance.id)}
                >
                  <Icon name="edit" size={12} />
                </button>
                <button
                  type="button"
                  className="icon-button danger"
                  aria-label={`Delete ${instance.name}`}
                  title="Delete"
                  data-testid="delete-instance"
                  onClick={() => openDialog('deleteInstance', instance.id)}
                >
                  <Icon name="trash" size={12} />
                </button>
              </span>
            </div>
            {isSelected && <StreamList instanceId={instance.id} />}
          </div>
        );
      })}
      {hidden > 0 && (
        <button
          type="button"
          className="link-button system-toggle"
          data-testid="toggle-system-instances"
          title="The app keeps its saved queries and bookmarks in an instance of its own"
          onClick={() => setShowSystem(!showSystem)}
        >
          {showSystem ? 'Hide _eventlens' : 'Show _eventlens (saved queries)'}
        </button>
      )}
    </nav>
  );
}
