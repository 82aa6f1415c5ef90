import { lazy, Suspense, type ReactNode } from 'react';
import { Group, Panel, Separator } from 'react-resizable-panels';
import { useQueryStore } from '../state/query-store';
import { DetailPane } from '../features/detail/detail-pane';
import {
  CreateInstanceDialog,
  DeleteInstanceDialog,
  EditInstanceDialog,
} from '../features/instances/instance-dialogs';
import { InstanceTree } from '../features/instances/instance-tree';
import { Icon } from '../components/icons';
import { ActionButton, type ButtonAction } from '../components/action-button';
import { Toast } from '../components/toast';
import { CommandPalette } from './command-palette';
import { HelpOverlay } from './help-overlay';
import { FacetsSlot, HistogramSlot, QueryBar, ResultsView, ViewSwitch } from './slots';
import { StatusBar } from './status-bar';
import { ThemeToggle } from '../components/theme-toggle';
import { useUiStore } from '../state/ui-store';
import { ExportDialog } from '../features/export/export-dialog';
import { useImportStore } from '../features/import/import-store';
import { useSourcesStore } from '../features/sources/sources-store';
import { useOperation } from '../client/use-operation';
import { copyText } from '../components/toast';
import { currentViewUrl, useViewAddress } from './view-address';
import { BookmarkEditor } from '../features/bookmarks/bookmark-editor';
import { BookmarksPanel } from '../features/bookmarks/bookmarks-panel';

// The JSON editor (CodeMirror) is the biggest part of the bundle: load it when first needed.
const AppendDialog = lazy(() =>
  import('../features/append/append-dialog').then((m) => ({ default: m.AppendDialog })),
);

const noInstances: never[] = [];

/** A region of the layout: `data-region` names it for the styles and the tests (slots.tsx). */
function Region(props: { name: string; className?: string; children: ReactNode }) {
  return (
    <div className={props.className} data-region={props.name}>
      {props.children}
    </div>
  );
}

/**
 * The main screen. Regions (stable, see slots.tsx): sidebar (instance → stream tree, facets),
 * center (query bar, histogram, view switch, results), detail pane; a status bar below.
 */
export function AppShell() {
  const openDialog = useUiStore((s) => s.openDialog);
  const appendOpen = useUiStore((s) => s.dialog === 'append');
  const instance = useQueryStore((s) => s.instance);
  const instances = useOperation('listInstances', {}).data?.instances ?? noInstances;
  const link = useViewAddress(instances);
  // The top bar's actions, left to right; the bookmarks and the command palette follow them.
  const actions: (ButtonAction & { primary?: boolean })[] = [
    {
      icon: 'plus',
      label: 'Append event',
      title: 'Append an event (a)',
      testId: 'open-append',
      onClick: () => openDialog('append'),
      disabled: !instance,
      primary: true,
    },
    {
      icon: 'upload',
      label: 'Import…',
      title: 'Import files (i) — or drop files on the window',
      testId: 'open-import',
      onClick: () => useImportStore.getState().openDialog(),
    },
    {
      icon: 'live',
      label: 'Sources…',
      title: 'Live sources: follow log files as they grow',
      testId: 'open-sources',
      onClick: () => useSourcesStore.getState().openDialog(instance),
    },
    {
      icon: 'link',
      label: 'Copy link',
      title:
        'Copy a link that reopens this view: instance, stream, query, time range, event, chart',
      testId: 'copy-link',
      onClick: () => void copyText(currentViewUrl(), 'a link to this view'),
      disabled: !instance,
    },
  ];
  return (
    <div className="app" data-testid="app-shell">
      <header className="top-bar">
        <span className="brand">
          <Icon name="database" size={16} /> Eventlens
        </span>
        <span className="toolbar-spacer" />
        {actions.map(({ primary, ...action }) => (
          <ActionButton
            key={action.testId}
            action={action}
            className={primary ? 'button button-primary' : 'button'}
          />
        ))}
        <BookmarksPanel />
        <button
          type="button"
          className="button button-ghost"
          data-testid="open-palette"
          onClick={() => openDialog('palette')}
        >
          <Icon name="search" /> Commands <kbd>Ctrl K</kbd>
        </button>
        <ThemeToggle />
      </header>
      <Group orientation="horizontal" className="panes" id="eventlens-panes">
        <Panel
          id="sidebar"
          defaultSize="18%"
          minSize="200px"
          maxSize="40%"
          className="pane pane-sidebar"
        >
          <aside className="sidebar" data-region="sidebar">
            <InstanceTree />
            <Region name="facets">
              <FacetsSlot />
            </Region>
          </aside>
        </Panel>
        <Separator className="pane-separator" />
        <Panel id="center" minSize="30%" className="pane pane-center">
          <section className="center" data-region="center">
            {link.problem && (
              <div className="inline-error link-problem" role="alert" data-testid="link-problem">
                <span>{link.problem}</span>
                <button type="button" className="button button-ghost" onClick={link.dismiss}>
                  Dismiss
                </button>
              </div>
            )}
            <Region name="query-bar" className="query-bar">
              <QueryBar />
              <Region name="view-switch">
                <ViewSwitch />
              </Region>
            </Region>
            <Region name="histogram">
              <HistogramSlot />
            </Region>
            <Region name="results" className="results">
              <ResultsView />
            </Region>
          </section>
        </Panel>
        <Separator className="pane-separator" />
        <Panel
          id="detail"
          defaultSize="25%"
          minSize="220px"
          maxSize="55%"
          className="pane pane-detail"
        >
          <aside className="detail-pane" data-region="detail" data-testid="detail-pane">
            <DetailPane />
          </aside>
        </Panel>
      </Group>
      <StatusBar />
      <CreateInstanceDialog />
      <EditInstanceDialog />
      <DeleteInstanceDialog />
      {appendOpen && (
        <Suspense fallback={null}>
          <AppendDialog />
        </Suspense>
      )}
      <ExportDialog />
      <BookmarkEditor />
      <CommandPalette />
      <HelpOverlay />
      <Toast />
    </div>
  );
}
