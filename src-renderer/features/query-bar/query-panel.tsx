import type { Instance } from '../../../src-shared/contract/records';
import { QueryBuilder } from '../query-builder/query-builder';
import { QueryJsonEditor } from '../query-json/query-json-editor';

/** The builder and the DSL JSON side by side, in sync both ways. */
export function QueryPanel(props: {
  instanceId: string;
  instances: readonly Instance[];
  spanMs: number;
}) {
  return (
    <div className="q-panel" data-testid="query-panel">
      <div className="q-panel-builder">
        <QueryBuilder instanceId={props.instanceId} spanMs={props.spanMs} />
      </div>
      <div className="q-panel-json">
        <QueryJsonEditor instances={props.instances} />
      </div>
    </div>
  );
}
