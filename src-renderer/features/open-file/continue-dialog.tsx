import { continuePrompt } from '../../../src-shared/contract/open-files';
import { useJobClient } from '../../client/job-context';
import { Dialog } from '../../components/dialog';
import { useOpenStore } from './open-store';
import { openRefs } from './use-open-files';

/** Asks about a file opened before that grew: continue after the lines read, or show it as is. */
export function ContinueDialog() {
  const jobs = useJobClient();
  const offer = useOpenStore((s) => s.offers[0]);
  const prompt = offer ? continuePrompt(offer.answer) : null;
  const answer = (go: boolean) => {
    if (!offer) return;
    useOpenStore.getState().answered();
    void openRefs(jobs, [offer.ref], {
      continue: go,
      ...(offer.into ? { into: offer.into } : {}),
    });
  };
  return (
    <Dialog
      open={prompt !== null}
      onClose={() => answer(false)}
      title={prompt?.message ?? ''}
      testId="continue-dialog"
      footer={
        <div className="form-actions">
          <button type="button" className="button" onClick={() => answer(false)}>
            {prompt?.buttons[1]}
          </button>
          <button
            type="button"
            className="button button-primary"
            data-testid="continue-open"
            data-autofocus
            onClick={() => answer(true)}
          >
            {prompt?.buttons[0]}
          </button>
        </div>
      }
    >
      <p>{prompt?.detail}</p>
    </Dialog>
  );
}
