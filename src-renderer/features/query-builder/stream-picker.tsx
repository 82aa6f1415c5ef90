import { useState } from 'react';
import { useOperation } from '../../client/use-operation';
import { ComboPicker } from '../../components/combo-picker';

const allStreams = '\u0000all';

/** The query's stream: all streams, or one, found by name among the instance's streams. */
export function StreamPicker(props: {
  instanceId: string;
  value: string | null;
  onChange: (stream: string | null) => void;
}) {
  const [search, setSearch] = useState('');
  const [open, setOpen] = useState(false);
  const streams = useOperation(
    'listStreams',
    { instanceId: props.instanceId, nameContains: search, orderBy: 'count', limit: 50 },
    { enabled: open },
  );
  return (
    <ComboPicker
      label="Stream"
      testId="stream-picker"
      trigger={
        props.value === null ? (
          <span className="muted">all streams</span>
        ) : (
          <code className="field-name">{props.value}</code>
        )
      }
      onOpenChange={setOpen}
      onSearch={setSearch}
      items={(text) => {
        const found = streams.data?.streams ?? [];
        return [
          ...(text === ''
            ? [{ value: allStreams, label: <span>all streams</span>, testId: 'stream-option' }]
            : []),
          ...found.map((s) => ({
            value: s.streamId,
            label: <code>{s.streamId}</code>,
            hint: <span className="hint-count">{s.eventCount.toLocaleString('en-US')}</span>,
            testId: 'stream-option',
          })),
        ];
      }}
      custom={(text) =>
        text.trim()
          ? {
              value: text.trim(),
              label: <code>{text.trim()}</code>,
              hint: 'this name',
              testId: 'stream-option',
            }
          : null
      }
      empty={streams.isFetching ? 'Loading…' : 'No stream by that name'}
      placeholder="Find a stream"
      onPick={(v) => props.onChange(v === allStreams ? null : v)}
    />
  );
}
