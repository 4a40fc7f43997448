import type { DrsTarget } from '../drs/DrsTarget';

/**
 * How the readiness check asks EC2 which launch templates exist: a small port, so that
 * drs-waves needs no EC2 client. Implement it over `@aws-sdk/client-ec2` (`DescribeLaunchTemplates`
 * with `LaunchTemplateIds`, in batches; an ID that does not exist fails the whole call with
 * `InvalidLaunchTemplateId.NotFound`, so ask again without it, or list the account's templates
 * and intersect). Without it, {@link checkReadiness} only checks that each launch configuration
 * names a template, and says so in the report.
 *
 * @example
 * ```ts
 * import { DescribeLaunchTemplatesCommand, EC2Client } from '@aws-sdk/client-ec2';
 * import type { LaunchTemplatePort } from 'drs-waves';
 *
 * const ec2 = new EC2Client({}); // the default Region's; one client per Region for more
 * const launchTemplates: LaunchTemplatePort = {
 *   async existingLaunchTemplateIds(ids) {
 *     const wanted = new Set(ids);
 *     const found: string[] = [];
 *     let NextToken: string | undefined;
 *     do {
 *       const page = await ec2.send(new DescribeLaunchTemplatesCommand({ NextToken }));
 *       for (const { LaunchTemplateId: id } of page.LaunchTemplates ?? []) {
 *         if (id !== undefined && wanted.has(id)) found.push(id);
 *       }
 *       NextToken = page.NextToken;
 *     } while (NextToken !== undefined);
 *     return found;
 *   },
 * };
 * ```
 */
export interface LaunchTemplatePort {
  /**
   * Which of `ids` (EC2 launch template IDs, `lt-...`, each once) exist where `target` says (its
   * Region; the default one when absent). A failure is reported as a `CHECK_FAILED` finding.
   */
  existingLaunchTemplateIds(ids: readonly string[], target: DrsTarget): Promise<Iterable<string>>;
}
