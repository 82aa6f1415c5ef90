import { useMemo } from 'react';
import { useOperation } from '../../client/use-operation';
import { fieldCatalog, type FieldInfo } from './field-catalog';

/**
 * The fields the picker offers: the event's own, then every payload and metadata path the
 * instance's events have (describeFields [ext], kept incrementally by the engine).
 */
export function useFieldCatalog(instanceId: string | null): {
  fields: FieldInfo[];
  loading: boolean;
} {
  const described = useOperation(
    'describeFields',
    { instanceId: instanceId ?? '' },
    { enabled: instanceId !== null },
  );
  const discovered = described.data?.fields;
  const fields = useMemo(() => fieldCatalog(discovered ?? []), [discovered]);
  return { fields, loading: described.isFetching };
}
