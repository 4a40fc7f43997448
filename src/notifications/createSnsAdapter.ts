import type { SNSClient } from '@aws-sdk/client-sns';
import { loadClientSns } from '../internal/optionalPeer';
import type { Notice, NotificationPort } from './NotificationPort';

/**
 * Options of {@link createSnsAdapter}.
 *
 * @example
 * ```ts
 * import type { SnsAdapterOptions } from 'drs-waves';
 *
 * const options: SnsAdapterOptions = { topicArn: 'arn:aws:sns:eu-west-1:123456789012:drs-waves' };
 * ```
 */
export interface SnsAdapterOptions {
  /** The topic every notice is published to. */
  readonly topicArn: string;
  /**
   * The SNS client; create it once, outside the Lambda handler.
   *
   * @default an `SNSClient` of the Lambda's Region, created on the first publish
   */
  readonly client?: SNSClient;
}

/**
 * Implements {@link NotificationPort} over a bare `SNSClient` with `PublishCommand`: each notice
 * is one message to `topicArn`, its attributes as `String` message attributes.
 *
 * `@aws-sdk/client-sns` is an optional peer dependency of drs-waves: the adapter loads it on its
 * first publish, and rejects with a {@link MissingPeerDependencyError} (`npm install
 * @aws-sdk/client-sns`) when it is not installed.
 *
 * @example
 * ```ts
 * import { SNSClient } from '@aws-sdk/client-sns';
 * import { createSnsAdapter } from 'drs-waves';
 *
 * const notifications = createSnsAdapter({
 *   topicArn: 'arn:aws:sns:eu-west-1:123456789012:drs-waves',
 *   client: new SNSClient({}),
 * });
 * ```
 */
export function createSnsAdapter(options: SnsAdapterOptions): NotificationPort {
  let own: SNSClient | undefined = options.client;
  return {
    async publish(notice: Notice): Promise<void> {
      const { PublishCommand, SNSClient: Client } = await loadClientSns('createSnsAdapter');
      own ??= new Client({});
      const attributes = Object.entries(notice.attributes ?? {});
      await own.send(
        new PublishCommand({
          TopicArn: options.topicArn,
          Subject: notice.subject,
          Message: notice.message,
          ...(attributes.length === 0
            ? {}
            : {
                MessageAttributes: Object.fromEntries(
                  attributes.map(([name, value]) => [
                    name,
                    { DataType: 'String', StringValue: value },
                  ]),
                ),
              }),
        }),
      );
    },
  };
}
