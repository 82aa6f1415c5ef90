import { ActionButton } from '../../components/action-button';
import { useQueryStore } from '../../state/query-store';
import { useRunStore } from '../../state/run-store';
import { useUiStore } from '../../state/ui-store';
import { useViewStore } from './view-store';
import './charts.css';
import { usePick } from '../../state/use-pick';

/** After a click on a chart's group opened its events: say so, and offer the way back. */
export function DrillNotice() {
  const { back, setBack } = usePick(useViewStore, 'back', 'setBack');
  const setParts = useQueryStore((s) => s.setParts);
  const bump = useRunStore((s) => s.bump);
  const setView = useUiStore((s) => s.setView);
  if (!back) return null;
  const goBack = () => {
    setBack(null);
    setParts(back);
    bump();
    setView('chart');
  };
  return (
    <div className="drill-notice" data-testid="drill-notice">
      Showing the events of one group.
      <ActionButton
        className="link-button"
        action={{ label: '← back to the chart', testId: 'drill-back', onClick: goBack }}
      />
    </div>
  );
}
