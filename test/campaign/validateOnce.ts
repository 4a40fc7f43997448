/**
 * `aws-local-stepfunctions` with its definition check run once per definition: the check
 * (asl-validator, which compiles its JSON schemas with a new Ajv on every call) costs about
 * 120 ms per `new StateMachine`, a third of a campaign run, and every run builds the same few
 * definitions. A definition is still checked, the first time it is seen; the interpreter does
 * not read what the check adds to it (`QueryLanguage`). The campaign's test files install it
 * with `vi.mock`.
 */
export function validateOnce<M extends { StateMachine: new (...args: never[]) => unknown }>(
  actual: M,
): M {
  const valid = new Set<string>();
  const Base = actual.StateMachine as unknown as new (
    definition: unknown,
    options?: { validationOptions?: Record<string, unknown> },
  ) => object;
  class StateMachine extends Base {
    constructor(
      definition: unknown,
      options?: { validationOptions?: Record<string, unknown> } & Record<string, unknown>,
    ) {
      const key = JSON.stringify([definition, options?.validationOptions ?? {}]);
      const seen = valid.has(key);
      super(
        definition,
        seen
          ? { ...options, validationOptions: { ...options?.validationOptions, noValidate: true } }
          : options,
      );
      valid.add(key);
    }
  }
  return { ...actual, StateMachine };
}
