import { useImportStore } from '../features/import/import-store';
import { useEffect } from 'react';
import { quickFilterInputId } from '../features/quick-filter/quick-filter';
import { useExportStore } from '../features/export/export-store';
import { useUiStore } from '../state/ui-store';
import { useContextStore } from '../state/context-store';
import { useTableActions } from '../state/table-actions-store';
import { useBookmarksUi } from '../state/bookmarks-ui-store';

/** Every shortcut, as the help overlay lists it. */
export const shortcutList: { keys: string; what: string }[] = [
  { keys: '↑ / ↓  or  k / j', what: 'Move the selection in the event table (j / k from anywhere)' },
  { keys: 'PgUp / PgDn, Home / End', what: 'Move by a page, to the first or last loaded event' },
  { keys: 'Enter', what: 'Open the selected event in the detail pane' },
  { keys: 'Esc', what: 'Close the detail pane, a dialog, or leave the search box for the table' },
  { keys: '/', what: 'Focus the search box' },
  { keys: 'n / N  or  F3 / Shift+F3', what: 'Next / previous event that matches the search' },
  { keys: 'c', what: 'Around the selected event: its stream and the same moments' },
  { keys: 's', what: 'Show the selected event in its stream' },
  { keys: 'm', what: 'Bookmark the selected event with a note (again: remove its bookmark)' },
  { keys: "'  /  Shift+'", what: 'Next / previous bookmarked event' },
  { keys: 'Ctrl+K  or  ⌘K', what: 'Command palette' },
  { keys: 'a', what: 'Append an event' },
  { keys: 'e', what: "Export the query's result" },
  { keys: 'i', what: 'Import files (or drop them on the window)' },
  { keys: 't', what: 'Toggle local time / UTC' },
  { keys: 'g', what: 'Go to the event table' },
  { keys: '?', what: 'This help' },
];

function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName);
}

/** Focuses the event table (for the keyboard: arrows, Enter). */
export function focusTable(): void {
  document.querySelector<HTMLElement>('[data-testid="event-table"]')?.focus();
}

/** The app-wide keys. Keys typed into a field stay there (but Ctrl+K works everywhere). */
export function useGlobalShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const ui = useUiStore.getState();
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        ui.openDialog(ui.dialog === 'palette' ? null : 'palette');
        return;
      }
      // composedPath()[0]: the real target inside a shadow root (code editors live in one), where
      // e.target is only the shadow host.
      const target = e.composedPath()[0] ?? e.target;
      const exporting = useExportStore.getState().open;
      if (
        ui.dialog !== null ||
        exporting ||
        useImportStore.getState().open ||
        useBookmarksUi.getState().editing !== null ||
        typing(target) ||
        // The table took it (its own j / k and arrows).
        e.defaultPrevented ||
        e.ctrlKey ||
        e.metaKey ||
        e.altKey
      )
        return;
      const table = useTableActions.getState();
      if (e.key === 'F3') {
        e.preventDefault();
        table.jump?.(e.shiftKey ? -1 : 1);
        return;
      }
      switch (e.key) {
        case 'j':
        case 'k':
          e.preventDefault();
          table.step?.(e.key === 'j' ? 1 : -1);
          break;
        case 'n':
        case 'N':
          e.preventDefault();
          table.jump?.(e.key === 'n' ? 1 : -1);
          break;
        case 'c':
        case 's':
          e.preventDefault();
          table.openContext?.(e.key === 'c' ? 'around' : 'stream');
          break;
        case 'm':
          e.preventDefault();
          table.mark?.();
          break;
        // Shift+' is " on most layouts; on others the key stays ' with Shift held.
        case "'":
        case '"':
          e.preventDefault();
          table.jumpMark?.(e.key === '"' || e.shiftKey ? -1 : 1);
          break;
        case '/':
          e.preventDefault();
          document.getElementById(quickFilterInputId)?.focus();
          break;
        case '?':
          e.preventDefault();
          ui.openDialog('help');
          break;
        case 'a':
          e.preventDefault();
          ui.openDialog('append');
          break;
        case 'e':
          e.preventDefault();
          useExportStore.getState().setOpen(true);
          break;
        case 'i':
          if (useImportStore.getState().open) break;
          e.preventDefault();
          useImportStore.getState().openDialog();
          break;
        case 't':
          ui.setTimeZone(ui.timeZone === 'utc' ? 'local' : 'utc');
          break;
        case 'g':
          e.preventDefault();
          focusTable();
          break;
        case 'Escape':
          if (ui.detailOpen) ui.setDetailOpen(false);
          else useContextStore.getState().close();
          break;
        default:
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
