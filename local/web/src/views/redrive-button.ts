/**
 * The Redrive action of an execution page: RedriveExecution for an execution DescribeExecution calls
 * REDRIVABLE; for one that ended unsuccessfully but cannot be redriven, the button stays (focusable,
 * aria-disabled) with AWS's redriveStatusReason as its description; absent for running or succeeded ones.
 */
import { sfn, type Execution } from '../api.js';
import { h } from '../dom.js';

const ENDED_UNSUCCESSFULLY = ['FAILED', 'TIMED_OUT', 'ABORTED'];

export function redriveAction(execution: Execution, on: { redriven: () => void; error: (error: Error) => void }): HTMLElement | null {
  const redrivable = execution.redriveStatus === 'REDRIVABLE';
  if (!redrivable && !ENDED_UNSUCCESSFULLY.includes(execution.status)) return null;
  const reasonId = 'redrive-reason';
  const button = h('button', {
    type: 'button',
    class: 'primary',
    'aria-disabled': redrivable ? undefined : 'true',
    'aria-describedby': redrivable ? undefined : reasonId,
  }, 'Redrive');
  // One token per offer, as the SDK sends one per call: a retry after a lost answer redrives once.
  const clientToken = crypto.randomUUID();
  button.addEventListener('click', () => {
    if (!redrivable || button.disabled) return;
    button.disabled = true;
    sfn
      .redriveExecution({ executionArn: execution.executionArn, clientToken })
      .then(on.redriven)
      .catch((error: Error) => {
        button.disabled = false;
        on.error(error);
      });
  });
  if (redrivable) return button;
  return h('span', { class: 'actions' }, button, h('span', { id: reasonId, class: 'muted' }, execution.redriveStatusReason ?? `redriveStatus ${execution.redriveStatus ?? 'unknown'}`));
}
