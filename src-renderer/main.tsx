// First: before any module builds a zod schema.
import './zod-jitless';
// Styles in cascade order: tokens, the UI kit, the app's frame; each feature's own styles come
// with its modules, after these.
import './styles/tokens.css';
import './styles/kit.css';
import './styles/app.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app';
import { ClientProvider } from './client/client-context';
import { JobClientProvider } from './client/job-context';
import { MissingToken } from './app/missing-token';
import { createClientForThisPage } from './client/create-client';
import { createQueryClient } from './client/query-cache';

const root = createRoot(document.getElementById('root')!);
const setup = createClientForThisPage();
root.render(
  <StrictMode>
    {setup.ok ? (
      <ClientProvider client={setup.client} queryClient={createQueryClient()}>
        <JobClientProvider jobs={setup.jobs}>
          <App />
        </JobClientProvider>
      </ClientProvider>
    ) : (
      <MissingToken />
    )}
  </StrictMode>,
);
