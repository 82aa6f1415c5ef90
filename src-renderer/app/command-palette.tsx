import { Command } from 'cmdk';
import { useQueryStore } from '../state/query-store';
import { useSystemInstances } from '../features/instances/system-instances-store';
import { visibleInstances } from '../features/saved-queries/system-instances';
import { Dialog } from '../components/dialog';
import { focusTable } from './shortcuts';
import { nextTheme, useEffectiveTheme, useThemeStore } from '../state/theme-store';
import { useUiStore } from '../state/ui-store';
import { useOperation } from '../client/use-operation';
import { useExportStore } from '../features/export/export-store';
import { useImportStore } from '../features/import/import-store';
import { useSourcesStore } from '../features/sources/sources-store';
import { useContextStore } from '../state/context-store';
import { useTableActions } from '../state/table-actions-store';
import { useBookmarksUi } from '../state/bookmarks-ui-store';
import { usePick } from '../state/use-pick';

/** Ctrl+K: every action and every instance, by typing a few letters. */
export function CommandPalette() {
  const open = useUiStore((s) => s.dialog === 'palette');
  const ui = useUiStore();
  const instances = useOperation('listInstances', {}, { enabled: open });
  const {
    instance: current,
    setInstance,
    clearFilters,
  } = usePick(useQueryStore, 'instance', 'setInstance', 'clearFilters');
  const showSystem = useSystemInstances((s) => s.show);
  const theme = useThemeStore();
  const inContext = useContextStore((s) => s.view !== null);
  const effective = useEffectiveTheme();
  const run = (action: () => void) => () => {
    ui.closeDialog();
    action();
  };
  return (
    <Dialog
      open={open}
      onClose={ui.closeDialog}
      title="Command palette"
      testId="command-palette"
      className="palette-dialog"
    >
      <Command label="Commands" loop>
        <Command.Input
          autoFocus
          placeholder="Type a command or an instance…"
          className="input palette-input"
          data-testid="palette-input"
        />
        <Command.List className="palette-list">
          <Command.Empty className="muted pad">Nothing matches.</Command.Empty>
          <Command.Group heading="Actions">
            <Command.Item onSelect={run(() => ui.openDialog('append'))} disabled={!current}>
              Append an event
            </Command.Item>
            <Command.Item onSelect={run(() => ui.openDialog('createInstance'))}>
              New instance
            </Command.Item>
            <Command.Item onSelect={run(() => useImportStore.getState().openDialog())}>
              Import files…
            </Command.Item>
            <Command.Item onSelect={run(() => useSourcesStore.getState().openDialog(current))}>
              Live sources: follow a log file…
            </Command.Item>
            {current && (
              <>
                <Command.Item onSelect={run(() => ui.openDialog('editInstance', current))}>
                  Rename or describe this instance
                </Command.Item>
                <Command.Item onSelect={run(() => ui.openDialog('deleteInstance', current))}>
                  Delete this instance…
                </Command.Item>
                <Command.Item onSelect={run(() => ui.setDetailOpen(false))}>
                  Show instance statistics
                </Command.Item>
              </>
            )}
            <Command.Item onSelect={run(clearFilters)}>Clear filters</Command.Item>
            {current && (
              <>
                <Command.Item onSelect={run(() => useTableActions.getState().jump?.(1))}>
                  Next matching event (n)
                </Command.Item>
                <Command.Item onSelect={run(() => useTableActions.getState().jump?.(-1))}>
                  Previous matching event (N)
                </Command.Item>
                <Command.Item
                  onSelect={run(() => useTableActions.getState().openContext?.('around'))}
                >
                  Around the selected event (c)
                </Command.Item>
                <Command.Item
                  onSelect={run(() => useTableActions.getState().openContext?.('stream'))}
                >
                  Show the selected event in its stream (s)
                </Command.Item>
                <Command.Item onSelect={run(() => useTableActions.getState().mark?.())}>
                  Bookmark the selected event (m)
                </Command.Item>
                <Command.Item onSelect={run(() => useTableActions.getState().jumpMark?.(1))}>
                  Next bookmarked event (&apos;)
                </Command.Item>
                <Command.Item onSelect={run(() => useTableActions.getState().jumpMark?.(-1))}>
                  Previous bookmarked event (Shift+&apos;)
                </Command.Item>
              </>
            )}
            <Command.Item onSelect={run(() => useBookmarksUi.getState().setPanelOpen(true))}>
              Bookmarks…
            </Command.Item>
            {inContext && (
              <Command.Item onSelect={run(useContextStore.getState().close)}>
                Back to the results
              </Command.Item>
            )}
            <Command.Item
              onSelect={run(() => useExportStore.getState().setOpen(true))}
              disabled={!current}
            >
              Export the query's result…
            </Command.Item>
            <Command.Item
              onSelect={run(() => ui.setTimeZone(ui.timeZone === 'utc' ? 'local' : 'utc'))}
            >
              Show times in {ui.timeZone === 'utc' ? 'local time' : 'UTC'}
            </Command.Item>
            <Command.Item onSelect={run(() => theme.setChoice(nextTheme(theme.choice, effective)))}>
              Switch theme (now {theme.choice === 'system' ? `system: ${effective}` : theme.choice})
            </Command.Item>
            <Command.Item onSelect={run(() => ui.setFollow(!ui.follow))}>
              {ui.follow ? 'Stop following' : 'Follow new events'}
            </Command.Item>
            <Command.Item onSelect={run(focusTable)}>Go to the event table</Command.Item>
            <Command.Item onSelect={run(() => ui.openDialog('help'))}>
              Keyboard shortcuts
            </Command.Item>
          </Command.Group>
          {instances.data && instances.data.instances.length > 0 && (
            <Command.Group heading="Open instance">
              {visibleInstances(instances.data.instances, showSystem).map((i) => (
                <Command.Item
                  key={i.id}
                  value={`open ${i.name}`}
                  onSelect={run(() => setInstance(i.id))}
                >
                  {i.name}
                </Command.Item>
              ))}
            </Command.Group>
          )}
        </Command.List>
      </Command>
    </Dialog>
  );
}
