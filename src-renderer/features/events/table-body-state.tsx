import type { ReactElement } from 'react';
import { ActionButton } from '../../components/action-button';
import { Empty, ErrorState, Loading } from '../../components/states';
import type { EventPages } from './use-event-pages';

/**
 * What the event table shows in place of its rows: no instance chosen, the first page loading,
 * failed or cancelled, or no events (with what to do about it). Null when there are rows to draw.
 */
export function tableBodyState(props: {
  instance: string | null;
  pages: EventPages;
  filtered: boolean;
  stream: string | null;
}): ReactElement | null {
  const { instance, pages, filtered, stream } = props;
  if (instance === null) {
    return <Empty title="Choose an instance" testId="table-no-instance" />;
  } else if (pages.status === 'error' && pages.error) {
    return (
      <ErrorState
        what="The events could not be loaded."
        error={pages.error}
        onRetry={pages.reload}
        testId="table-error"
      />
    );
  } else if (pages.status === 'cancelled') {
    return (
      <Empty title="The query was cancelled." testId="table-cancelled">
        <ActionButton
          action={{ label: 'Run it again', testId: 'table-run-again', onClick: pages.reload }}
        />
      </Empty>
    );
  } else if (pages.status !== 'ready') {
    return <Loading label="Loading events…" testId="table-loading" />;
  } else if (pages.rows.length === 0) {
    return filtered ? (
      <Empty title="No events match the filters." testId="table-empty">
        <p className="muted">Remove a condition in the query bar to see more.</p>
      </Empty>
    ) : (
      <Empty title={stream ? 'This stream has no events.' : 'No events yet.'} testId="table-empty">
        <p className="muted">
          Import a log with <strong>Import…</strong> in the top bar (or drop files on the window),
          or append an event with <strong>Append event</strong>.
        </p>
      </Empty>
    );
  }
  return null;
}
