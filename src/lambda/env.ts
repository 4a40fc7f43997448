/** The value of a required environment variable; throws at cold start when it is missing. */
export function requireEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') {
    throw new Error(`Environment variable ${name} is not set`);
  }
  return value;
}

/** The environment variable of the prebuilt router holding `accountRoles`, as JSON. */
export const ACCOUNT_ROLES_ENV = 'DRS_WAVES_ACCOUNT_ROLES';

/**
 * `accountRoles` from the environment: `{ "<account>": { "roleArn", "externalId" } }` as JSON,
 * `{}` when unset or empty. The router validates the entries; bad JSON throws at cold start.
 */
export function accountRolesFromEnv(
  env: Readonly<Record<string, string | undefined>> = process.env,
): Record<string, { roleArn: string; externalId: string }> {
  const raw = env[ACCOUNT_ROLES_ENV];
  if (raw === undefined || raw.trim() === '') return {};
  try {
    return JSON.parse(raw) as Record<string, { roleArn: string; externalId: string }>;
  } catch {
    // Never echo the value: it holds ExternalIds.
    throw new Error(`Environment variable ${ACCOUNT_ROLES_ENV} is not JSON`);
  }
}

/**
 * The environment variable of the prebuilt router holding the SNS topic a plan's readiness
 * changes are published to (`evaluate_readiness`). Unset or empty: changes are recorded only.
 */
export const READINESS_TOPIC_ENV = 'DRS_WAVES_READINESS_TOPIC_ARN';
