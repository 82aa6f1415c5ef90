import { useDemoProgress } from '../features/first-run/demo-store';
import { FirstRun } from '../features/first-run/first-run';
import { ErrorState, Loading } from '../components/states';
import { AppShell } from './app-shell';
import { useGlobalShortcuts } from './shortcuts';
import { useApplyTheme } from '../state/theme-store';
import { visibleInstances } from '../features/saved-queries/system-instances';
import { useOperation } from '../client/use-operation';
import { ImportDialog } from '../features/import/import-dialog';
import { useImportStore } from '../features/import/import-store';
import { WindowDrop } from '../features/open-file/window-drop';
import { ContinueDialog } from '../features/open-file/continue-dialog';
import { SourcesDialog } from '../features/sources/sources-dialog';
import { useSourcesStore } from '../features/sources/sources-store';

/**
 * First run (an empty database) or the main screen; import and live sources work from both,
 * and files dropped on the window open straight away (into the import dialog's list while it
 * is open).
 */
export function App() {
  const importOpen = useImportStore((s) => s.open);
  return (
    <>
      <Main />
      <ImportDialog />
      <SourcesDialog />
      <ContinueDialog />
      <WindowDrop redirect={importOpen ? dropIntoImport : undefined} />
    </>
  );
}

const dropIntoImport = (files: File[]) => useImportStore.getState().drop(files);

function Main() {
  useApplyTheme();
  useGlobalShortcuts();
  const list = useOperation('listInstances', {});
  const demoLoading = useDemoProgress((s) => s.progress !== null);
  if (list.isPending) return <Loading label="Opening the event log…" testId="app-loading" />;
  if (list.error)
    return (
      <main className="first-run">
        <ErrorState
          what="Eventlens cannot read the event log."
          error={list.error}
          onRetry={() => void list.refetch()}
          testId="list-error"
        />
      </main>
    );
  // The app's own instance (saved queries, bookmarks) does not count: it is not the user's data.
  if (visibleInstances(list.data.instances, false).length === 0 || demoLoading)
    return (
      <FirstRun
        onImport={() => useImportStore.getState().openDialog()}
        onFollow={() => useSourcesStore.getState().openDialog()}
      />
    );
  return <AppShell />;
}
