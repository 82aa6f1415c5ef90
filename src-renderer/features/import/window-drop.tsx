import { useEffect, useState } from 'react';
import { useImportStore } from './import-store';

function hasFiles(e: DragEvent): boolean {
  return [...(e.dataTransfer?.types ?? [])].includes('Files');
}

/**
 * Files dropped anywhere on the window open the import dialog with them. Drops on the dialog's
 * own drop zone are handled there (it stops them from reaching the window).
 */
export function WindowDrop() {
  const [over, setOver] = useState(false);
  useEffect(() => {
    let depth = 0;
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth++;
      setOver(true);
    };
    const leave = () => {
      depth = Math.max(0, depth - 1);
      if (depth === 0) setOver(false);
    };
    const overWindow = (e: DragEvent) => {
      if (hasFiles(e)) e.preventDefault(); // allows the drop
    };
    const drop = (e: DragEvent) => {
      depth = 0;
      setOver(false);
      if (!hasFiles(e)) return;
      e.preventDefault(); // never let the browser open the file in place of the app
      const files = [...(e.dataTransfer?.files ?? [])];
      if (files.length > 0) useImportStore.getState().drop(files);
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragleave', leave);
    window.addEventListener('dragover', overWindow);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('dragover', overWindow);
      window.removeEventListener('drop', drop);
    };
  }, []);
  const dialogOpen = useImportStore((s) => s.open);
  if (!over || dialogOpen) return null;
  return (
    <div className="window-drop" data-testid="window-drop">
      Drop to import
    </div>
  );
}
