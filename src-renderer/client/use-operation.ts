import { useMutation, useQuery, useQueryClient, type UseQueryOptions } from '@tanstack/react-query';
import type { OperationData, OperationName, ParamsOf } from '../../src-shared/contract/operations';
import { OperationError, operationKey, type OperationKey } from './query-cache';
import { useClient } from './client-context';

/**
 * A read operation through the query cache, keyed by [operation, params]. A failed envelope
 * becomes the query's error (an OperationError carrying the envelope).
 */
export function useOperation<Op extends OperationName>(
  op: Op,
  params: ParamsOf<Op>,
  options: Omit<
    UseQueryOptions<OperationData[Op], OperationError, OperationData[Op], OperationKey<Op>>,
    'queryKey' | 'queryFn'
  > = {},
) {
  const client = useClient();
  return useQuery<OperationData[Op], OperationError, OperationData[Op], OperationKey<Op>>({
    ...options,
    queryKey: operationKey(op, params),
    // The signal aborts when nobody wants the answer any more (the key changed, the view
    // closed, or cancelQueries): the engine is then told to cancel the call.
    queryFn: async ({ signal }) => {
      const envelope = await client.call(op, params, { signal });
      if (!envelope.success) throw new OperationError(envelope);
      return envelope.data;
    },
  });
}

/**
 * A write operation. The cache is refreshed by the change event the write causes (the same
 * path as a change made by another window or the CLI), not by the mutation itself.
 */
export function useOperationMutation<Op extends OperationName>(op: Op) {
  const client = useClient();
  useQueryClient(); // must be inside the provider, like the queries it will refresh
  return useMutation<OperationData[Op], OperationError, ParamsOf<Op>>({
    mutationFn: async (params) => {
      const envelope = await client.call(op, params);
      if (!envelope.success) throw new OperationError(envelope);
      return envelope.data;
    },
  });
}
