import type { SFNClient } from '@aws-sdk/client-sfn';
import { isClosedTask } from '../control/internal/sfnErrors';
import { loadClientSfn } from '../internal/optionalPeer';

/**
 * How the router resumes a wave that waits for its servers' launch results
 * (`completion: 'events'`): Step Functions' `SendTaskSuccess`, or a local stand-in.
 *
 * @example
 * ```ts
 * import type { TaskCallbacks } from 'drs-waves';
 *
 * const callbacks: TaskCallbacks = {
 *   sendTaskSuccess: async (taskToken, output) => {
 *     console.log('resume', taskToken.length, output);
 *     return true;
 *   },
 * };
 * ```
 */
export interface TaskCallbacks {
  /**
   * Answers a waiting task. Resolves `false` when the task no longer waits (it timed out, or
   * was answered already); rejects on any other failure.
   */
  sendTaskSuccess(taskToken: string, output: string): Promise<boolean>;
}

/**
 * {@link TaskCallbacks} over a Step Functions client: `SendTaskSuccess`, with a task that timed
 * out or no longer exists answered `false`. `@aws-sdk/client-sfn` is an optional peer
 * dependency, loaded on the first call.
 *
 * @example
 * ```ts
 * import { SFNClient } from '@aws-sdk/client-sfn';
 * import { createTaskCallbacks } from 'drs-waves';
 *
 * const taskCallbacks = createTaskCallbacks(new SFNClient({}));
 * ```
 */
export function createTaskCallbacks(sfn: SFNClient): TaskCallbacks {
  return {
    async sendTaskSuccess(taskToken, output) {
      const { SendTaskSuccessCommand } = await loadClientSfn('createTaskCallbacks');
      try {
        await sfn.send(new SendTaskSuccessCommand({ taskToken, output }));
        return true;
      } catch (error) {
        if (isClosedTask(error)) return false;
        throw error;
      }
    },
  };
}
