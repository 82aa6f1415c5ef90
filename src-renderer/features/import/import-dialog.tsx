import { Dialog } from '../../components/dialog';
import { useJob } from '../../client/job-context';
import { useUiStore } from '../../state/ui-store';
import { useToast } from '../../state/toast-store';
import { useQueryStore } from '../../state/query-store';
import { useJobClient } from '../../client/job-context';
import { useState } from 'react';
import { FilesStep } from './files-step';
import { useImportStore } from './import-store';
import { JobStep } from './job-step';
import { MappingStep } from './mapping-step';
import { draftProblems, specOf } from './spec-model';
import { useImportPreview } from './use-import-preview';
import './import.css';

const stepTitles = { files: '1 Files', mapping: '2 Format and mapping', job: '3 Import' } as const;

/** Import: files → format and mapping (with a live preview) → progress and summary. */
export function ImportDialog() {
  const s = useImportStore();
  const { imports } = useJobClient();
  const toast = useToast((t) => t.show);
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<string | null>(null);
  const request =
    s.open && s.step === 'mapping' && s.files.length > 0
      ? { spec: specOf(s.draft), files: s.files.map((f) => f.ref) }
      : null;
  const preview = useImportPreview(request);
  const job = useJob(s.step === 'job' ? s.jobId : null);
  const problems = draftProblems(s.draft);
  const canStart =
    request !== null && Object.keys(problems).length === 0 && !preview.error && !starting;

  const start = async () => {
    if (!request) return;
    setStarting(true);
    setStartError(null);
    const answer = await imports.start(request);
    setStarting(false);
    if (!answer.success) {
      setStartError(answer.error);
      return;
    }
    s.setJob(answer.data.jobId);
  };

  const openInTable = (instance: { id: string; name: string }) => {
    useQueryStore.getState().setInstance(instance.id);
    useUiStore.getState().setDetailOpen(false);
    s.close();
    toast(`Showing ${instance.name}`);
  };

  const imported =
    job?.kind === 'import' && job.result && 'instance' in job.result ? job.result.instance : null;
  const footer =
    s.step === 'files' ? (
      <>
        <button type="button" className="button" onClick={s.close}>
          Cancel
        </button>
        <button
          type="button"
          className="button button-primary"
          data-testid="import-next"
          disabled={s.files.length === 0}
          onClick={() => s.setStep('mapping')}
        >
          Next: format and mapping
        </button>
      </>
    ) : s.step === 'mapping' ? (
      <>
        {startError && (
          <span
            className="field-error import-start-error"
            role="alert"
            data-testid="import-start-error"
          >
            {startError}
          </span>
        )}
        <button
          type="button"
          className="button"
          data-testid="import-back"
          onClick={() => s.setStep('files')}
        >
          Back
        </button>
        <button
          type="button"
          className="button button-primary"
          data-testid="import-start"
          disabled={!canStart}
          onClick={() => void start()}
        >
          {starting
            ? 'Starting…'
            : `Import ${s.files.length === 1 ? 'file' : `${s.files.length} files`}`}
        </button>
      </>
    ) : job && job.state !== 'running' ? (
      <>
        <button
          type="button"
          className="button"
          data-testid="import-again"
          onClick={() => s.reset()}
        >
          Import more files
        </button>
        {imported && (
          <button
            type="button"
            className="button button-primary"
            data-testid="import-open-table"
            onClick={() => openInTable(imported)}
          >
            Open in table
          </button>
        )}
      </>
    ) : (
      <button type="button" className="button" onClick={s.close}>
        Hide (the import goes on)
      </button>
    );

  return (
    <Dialog
      open={s.open}
      onClose={s.close}
      title="Import events"
      wide
      className="import-dialog"
      testId="import-dialog"
      footer={footer}
    >
      <ol className="import-steps" aria-label="Steps">
        {(['files', 'mapping', 'job'] as const).map((step) => (
          <li
            key={step}
            aria-current={s.step === step ? 'step' : undefined}
            className={s.step === step ? 'current' : ''}
          >
            {stepTitles[step]}
          </li>
        ))}
      </ol>
      {s.step === 'files' && <FilesStep />}
      {s.step === 'mapping' && <MappingStep preview={preview} />}
      {s.step === 'job' && s.jobId && <JobStep jobId={s.jobId} />}
    </Dialog>
  );
}
