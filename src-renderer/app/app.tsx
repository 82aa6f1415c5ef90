import { QueryHost } from '../features/query-bar/query-host';
import { ChangeLog } from './change-log';
import { ConnectionStatus } from './connection-status';
import { CreateInstanceForm } from './create-instance-form';
import { InstanceList } from './instance-list';

/** The minimal shell: proves the path renderer → client → transport → engine and back. */
export function App() {
  return (
    <>
      <div className="shell">
        <header>
          <h1>Eventlens</h1>
          <ConnectionStatus />
        </header>
        <main>
          <CreateInstanceForm />
          <InstanceList />
          <ChangeLog />
        </main>
      </div>
      <QueryHost />
    </>
  );
}
