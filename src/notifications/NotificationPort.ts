/**
 * A notice to publish: a subject (one line, at most 100 characters) and a message, with
 * attributes subscribers can filter on.
 *
 * @example
 * ```ts
 * import type { Notice } from 'drs-waves';
 *
 * const notice: Notice = {
 *   subject: 'drs-waves: plan shop is NOT READY',
 *   message: 'Plan shop is not ready: 1 blocking finding ...',
 *   attributes: { planId: 'shop', ready: 'false' },
 * };
 * ```
 */
export interface Notice {
  /** The subject: one line, at most 100 characters. */
  readonly subject: string;
  /** The message. */
  readonly message: string;
  /** String attributes (SNS message attributes), for subscription filter policies. */
  readonly attributes?: Readonly<Record<string, string>>;
}

/**
 * Where drs-waves publishes notices, behind a port so that tests inject a stand-in:
 * `createSnsAdapter({ topicArn })` implements it over `@aws-sdk/client-sns`. The action router
 * publishes a plan's readiness changes through it (`evaluate_readiness`).
 *
 * @example
 * ```ts
 * import type { Notice, NotificationPort } from 'drs-waves';
 *
 * const sent: Notice[] = [];
 * const notifications: NotificationPort = {
 *   publish: async (notice) => {
 *     sent.push(notice);
 *   },
 * };
 * ```
 */
export interface NotificationPort {
  /** Publishes one notice; rejects when it could not be published. */
  publish(notice: Notice): Promise<void>;
}
