import { Dialog } from '../components/dialog';
import { shortcutList } from './shortcuts';
import { useUiStore } from '../state/ui-store';

export function HelpOverlay() {
  const open = useUiStore((s) => s.dialog === 'help');
  const close = useUiStore((s) => s.closeDialog);
  return (
    <Dialog open={open} onClose={close} title="Keyboard shortcuts" testId="help-overlay">
      <table className="shortcut-table">
        <tbody>
          {shortcutList.map((s) => (
            <tr key={s.keys}>
              <td>
                <kbd>{s.keys}</kbd>
              </td>
              <td>{s.what}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Dialog>
  );
}
