import type { Instance } from '../../../src-shared/contract/records';
import { useHistogramDomain } from '../histogram/time-histogram';
import { QueryBuilder } from '../query-builder/query-builder';
import { QueryJsonEditor } from '../query-json/query-json-editor';

/** The builder and the DSL JSON side by side (stacked when narrow), in sync both ways. */
export function QueryPanel(props: { instanceId: string; instances: readonly Instance[] }) {
  const domain = useHistogramDomain(props.instanceId);
  return (
    <div className="query-panel" data-testid="query-panel">
      <div className="query-panel-builder">
        <QueryBuilder
          instanceId={props.instanceId}
          spanMs={domain ? domain.to - domain.from : 86_400_000}
        />
      </div>
      <div className="query-panel-json">
        <QueryJsonEditor instances={props.instances} />
      </div>
    </div>
  );
}
