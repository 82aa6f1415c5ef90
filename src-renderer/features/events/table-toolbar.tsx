import { memo } from 'react';
import { useUiStore } from '../../state/ui-store';
import { Icon } from '../../components/icons';
import { useQueryStore } from '../../state/query-store';
import { ColumnChooser } from './column-chooser';
import { formatCount } from './format';
import { Segmented } from '../../components/segmented';
import { useFieldCatalog } from '../query-builder/use-field-catalog';
import { useSeverityField, useSeverityStore } from './severity-store';
import type { CountState } from './use-event-pages';
import { usePick } from '../../state/use-pick';

/**
 * Above the table: "showing N of M" (M always exact; "N+ … counting" while the total follows
 * the rows), the view toggles, the column chooser.
 */
export const TableToolbar = memo(function TableToolbar(props: {
  shown: number;
  total: number | null;
  count: CountState;
  countError: string | null;
  onRecount: () => void;
  tookMs: number | null;
  loading: boolean;
  isStreamView: boolean;
}) {
  const {
    timeZone,
    setTimeZone,
    follow,
    setFollow,
    streamNewestFirst: newestFirst,
    setStreamNewestFirst: setNewestFirst,
  } = usePick(
    useUiStore,
    'timeZone',
    'setTimeZone',
    'follow',
    'setFollow',
    'streamNewestFirst',
    'setStreamNewestFirst',
  );
  const instance = useQueryStore((s) => s.instance);
  const customOrder = useQueryStore((s) => s.orderBy !== null);
  const setOrderBy = useQueryStore((s) => s.setOrderBy);
  return (
    <div className="table-toolbar">
      <span
        className="showing"
        data-testid="showing"
        data-shown={props.shown}
        data-total={props.total ?? ''}
        data-count={props.total === null ? props.count : 'known'}
        data-took-ms={props.tookMs ?? ''}
      >
        {props.total !== null ? (
          <>
            Showing <b>{formatCount(props.shown)}</b> of <b>{formatCount(props.total)}</b>{' '}
            {props.total === 1 ? 'event' : 'events'}
          </>
        ) : props.count === 'known' ? (
          'Showing —'
        ) : (
          // Rows are shown, and there are more than those: the total is being counted.
          <>
            Showing <b>{formatCount(props.shown)}</b> of <b>{formatCount(props.shown)}+</b> events
            {props.count === 'counting' ? (
              <span className="muted" data-testid="counting">
                {' '}
                · counting…
              </span>
            ) : (
              <span className="muted" title={props.countError ?? undefined}>
                {' '}
                · {props.countError ? 'the count failed' : 'not counted'}{' '}
                <button
                  type="button"
                  className="button button-small"
                  onClick={props.onRecount}
                  data-testid="recount"
                >
                  Count
                </button>
              </span>
            )}
          </>
        )}
        {props.tookMs !== null && <span className="muted"> · {props.tookMs.toFixed(0)} ms</span>}
        {props.loading && <span className="spinner spinner-inline" aria-label="Loading" />}
      </span>
      <span className="toolbar-spacer" />
      {props.isStreamView && (
        <label className="toggle" title="Show the stream's newest events first">
          <input
            type="checkbox"
            data-testid="newest-first"
            checked={newestFirst}
            onChange={(e) => {
              setNewestFirst(e.target.checked);
              if (customOrder) setOrderBy(null);
            }}
          />
          Newest first
        </label>
      )}
      <label className="toggle" title="Reload the newest events as they arrive while at the top">
        <input
          type="checkbox"
          data-testid="follow"
          checked={follow}
          onChange={(e) => setFollow(e.target.checked)}
        />
        <Icon name="live" /> Follow
      </label>
      <Segmented
        label="Time zone"
        kind="toggle"
        options={['local', 'utc'] as const}
        value={timeZone}
        onChange={setTimeZone}
        render={(mode) => (mode === 'local' ? 'Local' : 'UTC')}
        testId={(mode) => `tz-${mode}`}
      />
      {instance && <SeverityPicker instance={instance} />}
      {instance && <ColumnChooser instance={instance} />}
    </div>
  );
});

/** "Colour": which field colours the rows (auto: the one found; none; or any field). */
function SeverityPicker({ instance }: { instance: string }) {
  const { detected, choice } = useSeverityField(instance);
  const setChoice = useSeverityStore((s) => s.set);
  const { fields } = useFieldCatalog(instance);
  const value = typeof choice === 'string' ? choice : choice.path;
  const options = fields.filter(
    (f) =>
      !f.builtIn &&
      f.path !== detected?.path &&
      f.types.some((t) => t === 'string' || t === 'number'),
  );
  return (
    <select
      className="select select-small select-fit"
      aria-label="Colour rows by"
      title="Colour rows by a level, severity or HTTP status field: errors red, warnings amber"
      data-testid="severity-field"
      value={value}
      onChange={(e) => {
        const v = e.target.value;
        setChoice(instance, v === 'auto' || v === 'none' ? v : { path: v });
      }}
    >
      <option value="auto">
        {detected ? `Colour: auto (${detected.path.split('.').pop()})` : 'Colour: auto (none)'}
      </option>
      <option value="none">Colour: none</option>
      {typeof choice !== 'string' && !options.some((f) => f.path === choice.path) && (
        <option value={choice.path}>Colour: {choice.path}</option>
      )}
      {options.map((f) => (
        <option key={f.path} value={f.path}>
          Colour: {f.path}
        </option>
      ))}
    </select>
  );
}
