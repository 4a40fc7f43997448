/**
 * How a runbook of the {@link SsmAutomationStandIn} ends: a final SSM Automation status, or
 * `never` (it runs until stopped).
 *
 * @example
 * ```ts
 * import type { LocalRunbook } from 'drs-waves/testing';
 *
 * const healthCheck: LocalRunbook = { outcome: 'Success', durationSeconds: 90 };
 * const hangs: LocalRunbook = { outcome: 'never' };
 * ```
 */
export interface LocalRunbook {
  /** Its final status, or `never`. */
  readonly outcome: 'Success' | 'Failed' | 'Cancelled' | 'TimedOut' | 'never';
  /**
   * Virtual seconds from its start to its end.
   * @default 60
   */
  readonly durationSeconds?: number;
}

/**
 * One automation the stand-in ran, as `getAutomationExecution` describes it, with its tags.
 *
 * @example
 * ```ts
 * import type { LocalAutomation } from 'drs-waves/testing';
 *
 * const targets = (a: LocalAutomation) => a.parameters.InstanceIds ?? [];
 * ```
 */
export interface LocalAutomation {
  /** Its ID. */
  readonly automationExecutionId: string;
  /** The document it runs. */
  readonly documentName: string;
  /** The document version asked for. */
  readonly documentVersion?: string;
  /** The idempotency token it was started with. */
  readonly clientToken?: string;
  /** Its parameters. */
  readonly parameters: Readonly<Record<string, readonly string[]>>;
  /** Its tags (drs-waves tags the execution and the wave). */
  readonly tags: Readonly<Record<string, string>>;
  /** When it started (virtual clock). */
  readonly startedAt: Date;
  /** When it was stopped, if it was. */
  readonly stoppedAt?: Date;
}

/**
 * A stand-in for SSM Automation on a virtual clock, for wave actions of type `ssmAutomation` in
 * local runs: `startAutomationExecution`, `getAutomationExecution` and
 * `stopAutomationExecution` with the SDK's request and response shapes; a `ClientToken` seen
 * before answers the run it started. Each document named in
 * `runbooks` succeeds, fails or never ends, after its duration; an unknown document is refused
 * as SSM refuses it (`AutomationDefinitionNotFoundException`).
 *
 * @example
 * ```ts
 * import { SsmAutomationStandIn } from 'drs-waves/testing';
 *
 * let now = new Date('2026-01-01T00:00:00Z');
 * const ssm = new SsmAutomationStandIn({ clock: () => now, runbooks: { 'MyApp-HealthCheck': { outcome: 'Success', durationSeconds: 30 } } });
 * const { AutomationExecutionId } = ssm.startAutomationExecution({ DocumentName: 'MyApp-HealthCheck', Parameters: {} });
 * now = new Date('2026-01-01T00:01:00Z');
 * ssm.getAutomationExecution({ AutomationExecutionId }).AutomationExecution.AutomationExecutionStatus; // 'Success'
 * ```
 */
export class SsmAutomationStandIn {
  readonly #clock: () => Date;
  readonly #runbooks: Readonly<Record<string, LocalRunbook>>;
  readonly #automations = new Map<string, LocalAutomation>();
  readonly #tokens = new Map<string, string>();

  constructor(options: {
    /** The virtual clock (the DRS emulator's `now`). */
    readonly clock: () => Date;
    /** The documents it knows, by name. */
    readonly runbooks: Readonly<Record<string, LocalRunbook>>;
  }) {
    this.#clock = options.clock;
    this.#runbooks = options.runbooks;
  }

  /**
   * Starts a runbook (the SDK's `StartAutomationExecution`).
   *
   * @throws `Error` named `Ssm.AutomationDefinitionNotFoundException` for an unknown document.
   *
   * @example
   * ```ts
   * import { SsmAutomationStandIn } from 'drs-waves/testing';
   *
   * const ssm = new SsmAutomationStandIn({ clock: () => new Date(), runbooks: { Doc: { outcome: 'Failed' } } });
   * ssm.startAutomationExecution({ DocumentName: 'Doc', Parameters: { Port: ['443'] } });
   * ```
   */
  startAutomationExecution(input: {
    readonly DocumentName: string;
    readonly DocumentVersion?: string;
    readonly ClientToken?: string;
    readonly Parameters?: Readonly<Record<string, readonly string[]>>;
    readonly Tags?: readonly { readonly Key: string; readonly Value: string }[];
  }): {
    /** The new run's ID. */
    AutomationExecutionId: string;
  } {
    // An idempotency token seen before answers the run it started.
    const earlier =
      input.ClientToken === undefined ? undefined : this.#tokens.get(input.ClientToken);
    if (earlier !== undefined) return { AutomationExecutionId: earlier };
    if (this.#runbooks[input.DocumentName] === undefined) {
      throw named(
        'Ssm.AutomationDefinitionNotFoundException',
        `Automation definition ${input.DocumentName} not found`,
      );
    }
    const id = `${(this.#automations.size + 1).toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`;
    this.#automations.set(id, {
      automationExecutionId: id,
      documentName: input.DocumentName,
      ...(input.DocumentVersion === undefined ? {} : { documentVersion: input.DocumentVersion }),
      ...(input.ClientToken === undefined ? {} : { clientToken: input.ClientToken }),
      parameters: { ...input.Parameters },
      tags: Object.fromEntries((input.Tags ?? []).map((t) => [t.Key, t.Value])),
      startedAt: this.#clock(),
    });
    if (input.ClientToken !== undefined) this.#tokens.set(input.ClientToken, id);
    return { AutomationExecutionId: id };
  }

  /**
   * Describes a runbook's run (the SDK's `GetAutomationExecution`): `InProgress` until its
   * duration has passed on the clock, then its outcome; `Cancelled` once stopped.
   *
   * @throws `Error` named `Ssm.AutomationExecutionNotFoundException` for an unknown ID.
   *
   * @example
   * ```ts
   * import type { SsmAutomationStandIn } from 'drs-waves/testing';
   *
   * declare const ssm: SsmAutomationStandIn;
   * const { AutomationExecution } = ssm.getAutomationExecution({ AutomationExecutionId: 'id' });
   * ```
   */
  getAutomationExecution(input: { readonly AutomationExecutionId: string }): {
    /** The run. */
    AutomationExecution: {
      /** Its ID. */
      AutomationExecutionId: string;
      /** Its document. */
      DocumentName: string;
      /** `InProgress`, then its outcome (`Cancelled` once stopped). */
      AutomationExecutionStatus: string;
      /** Its parameters. */
      Parameters: Record<string, readonly string[]>;
      /** When it started. */
      ExecutionStartTime: Date;
    };
  } {
    const run = this.#find(input.AutomationExecutionId);
    const runbook = this.#runbooks[run.documentName] ?? { outcome: 'never' };
    const endsAt = run.startedAt.getTime() + (runbook.durationSeconds ?? 60) * 1000;
    const status =
      run.stoppedAt !== undefined
        ? 'Cancelled'
        : runbook.outcome === 'never' || this.#clock().getTime() < endsAt
          ? 'InProgress'
          : runbook.outcome;
    return {
      AutomationExecution: {
        AutomationExecutionId: run.automationExecutionId,
        DocumentName: run.documentName,
        AutomationExecutionStatus: status,
        Parameters: { ...run.parameters },
        ExecutionStartTime: run.startedAt,
      },
    };
  }

  /**
   * Stops a runbook (the SDK's `StopAutomationExecution`).
   *
   * @example
   * ```ts
   * import type { SsmAutomationStandIn } from 'drs-waves/testing';
   *
   * declare const ssm: SsmAutomationStandIn;
   * ssm.stopAutomationExecution({ AutomationExecutionId: 'id' });
   * ```
   */
  stopAutomationExecution(input: { readonly AutomationExecutionId: string }): object {
    const run = this.#find(input.AutomationExecutionId);
    if (run.stoppedAt === undefined) {
      this.#automations.set(run.automationExecutionId, { ...run, stoppedAt: this.#clock() });
    }
    return {};
  }

  /**
   * Every automation started, in order.
   *
   * @example
   * ```ts
   * import type { SsmAutomationStandIn } from 'drs-waves/testing';
   *
   * declare const ssm: SsmAutomationStandIn;
   * const stopped = ssm.automations().filter((a) => a.stoppedAt !== undefined);
   * ```
   */
  automations(): LocalAutomation[] {
    return [...this.#automations.values()];
  }

  #find(id: string): LocalAutomation {
    const run = this.#automations.get(id);
    if (run === undefined) {
      throw named(
        'Ssm.AutomationExecutionNotFoundException',
        `Automation execution ${id} not found`,
      );
    }
    return run;
  }
}

function named(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}
