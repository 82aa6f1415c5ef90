import type { JobSnapshot } from '../../src-shared/contract/jobs';
import { useJobClient } from '../client/job-context';

/** Cancel for a running job (import or export): asks the host once, then says it is stopping. */
export function JobCancelButton(props: {
  job: Pick<JobSnapshot, 'jobId' | 'cancelling'>;
  testId: string;
  label: string;
  cancellingLabel: string;
}) {
  const jobs = useJobClient();
  const { job } = props;
  return (
    <div className="form-actions">
      <button
        type="button"
        className="button button-danger"
        data-testid={props.testId}
        disabled={job.cancelling === true}
        onClick={() => void jobs.cancel(job.jobId)}
      >
        {job.cancelling ? props.cancellingLabel : props.label}
      </button>
    </div>
  );
}
