import { useEffect, useState } from 'react';
import { useOpenFiles } from './use-open-files';
import './open-file.css';

function hasFiles(e: DragEvent): boolean {
  return [...(e.dataTransfer?.types ?? [])].includes('Files');
}

/** The instance (id and name) of the sidebar row under the pointer, if any. */
function instanceAt(e: DragEvent): { id: string; name: string } | null {
  const node = (e.target as Element | null)?.closest?.('[data-instance-id]');
  const id = node?.getAttribute('data-instance-id');
  return node && id ? { id, name: node.getAttribute('data-instance-name') ?? id } : null;
}

/**
 * Files dropped anywhere on the window open straight away, each into a new instance named after
 * it; dropped onto an instance in the sidebar, into that instance. `redirect` takes the drop
 * instead (the import dialog, while it is open, adds the files to itself).
 */
export function WindowDrop(props: { redirect?: ((files: File[]) => void) | undefined }) {
  const [over, setOver] = useState<{ into: { id: string; name: string } | null } | null>(null);
  const open = useOpenFiles();
  const { redirect } = props;
  useEffect(() => {
    let depth = 0;
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth++;
      setOver({ into: instanceAt(e) });
    };
    const leave = () => {
      depth = Math.max(0, depth - 1);
      if (depth === 0) setOver(null);
    };
    const overWindow = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault(); // allows the drop
      const into = instanceAt(e);
      setOver((o) => (o?.into?.id === into?.id ? o : { into }));
    };
    const drop = (e: DragEvent) => {
      depth = 0;
      setOver(null);
      if (!hasFiles(e)) return;
      e.preventDefault(); // never let the browser open the file in place of the app
      const files = [...(e.dataTransfer?.files ?? [])];
      if (files.length === 0) return;
      if (redirect) redirect(files);
      else void open(files, instanceAt(e)?.id);
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
  }, [open, redirect]);
  if (!over || redirect) return null;
  return (
    <div className={`window-drop${over.into ? ' window-drop-into' : ''}`} data-testid="window-drop">
      {over.into
        ? `Drop to import into ${over.into.name}`
        : 'Drop to open: each file in a new instance'}
    </div>
  );
}
