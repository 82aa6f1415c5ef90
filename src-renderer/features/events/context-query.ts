import type { Query } from '../../../src-shared/contract/query';
import type { ContextView } from '../../state/context-store';

/**
 * The table's query for a context view (state/context-store.ts), without a limit: the table
 * pages it as any other query.
 */
export function contextQuery(view: ContextView): Query {
  const { anchor } = view;
  if (view.kind === 'stream') {
    return {
      from: { instance: anchor.instance, stream: anchor.stream_id },
      orderBy: { field: 'sequence_number', direction: 'asc' },
    };
  }
  const at = Date.parse(anchor.timestamp);
  const ms = Math.round(view.seconds * 1000);
  const seq = anchor.sequence_number;
  return {
    from: { instance: anchor.instance },
    where: [
      {
        or: [
          {
            and: [
              { field: 'stream_id', operator: 'eq', value: anchor.stream_id },
              {
                field: 'sequence_number',
                operator: 'between',
                value: [Math.max(1, seq - view.events), seq + view.events],
              },
            ],
          },
          {
            field: 'timestamp',
            operator: 'between',
            value: [new Date(at - ms).toISOString(), new Date(at + ms).toISOString()],
          },
        ],
      },
    ],
    orderBy: { field: 'timestamp', direction: 'asc' },
  };
}
