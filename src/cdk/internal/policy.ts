import { Fn, aws_iam as iam, Stack, Validations } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { type StatementTemplate, type TemplateVariable, variablesOf } from 'drs-waves';

/** What each template variable is in this deployment: tokens of its resources. */
export type Variables = Partial<Record<TemplateVariable, string>>;

/** A `DefinitionSubstitutions` placeholder: `${name}`. */
export function substitution(name: string): string {
  return `\${${name}}`;
}

/** One resource of a statement template: an `Fn::Sub` of its variables. */
function resourceOf(template: StatementTemplate, text: string, variables: Variables): string {
  // '*', and a concrete ARN (the roles of accountRoles), as they are.
  if (text === '*' || !text.includes('${')) return text;
  const names = variablesOf(text);
  const values: Record<string, string> = {};
  for (const name of names) {
    const value = variables[name];
    if (value === undefined) throw new Error(`No value for \${${name}} in ${template.Sid}`);
    values[name] = value;
  }
  // A template that is one variable is that variable's value.
  const only = names.length === 1 && names[0] !== undefined ? names[0] : undefined;
  if (only !== undefined && text === substitution(only)) return values[only] ?? text;
  return names.length > 0 ? Fn.sub(text, values) : Fn.sub(text);
}

/** A statement template as a CDK statement: each resource an `Fn::Sub` of its variables. */
export function toStatement(
  template: StatementTemplate,
  variables: Variables,
): iam.PolicyStatement {
  return iam.PolicyStatement.fromJson({
    Sid: template.Sid,
    Effect: template.Effect ?? 'Allow',
    Action: [...template.Action],
    Resource: template.Resource.map((text) => resourceOf(template, text, variables)),
    ...(template.Condition ? { Condition: template.Condition } : {}),
  });
}

/** Adds the statements to the principal's policy (a role's default policy). */
export function addStatements(
  principal: iam.IPrincipal,
  templates: readonly StatementTemplate[],
  variables: Variables,
): void {
  for (const template of templates)
    principal.addToPrincipalPolicy(toStatement(template, variables));
}

/** The default policy of a role, which its first `addToPrincipalPolicy` created. */
export function defaultPolicyOf(role: iam.Role): Construct {
  const policy = role.node.tryFindChild('DefaultPolicy');
  if (policy === undefined) throw new Error(`${role.node.path} has no default policy yet`);
  return policy;
}

/**
 * Acknowledges, on `policy`, each cdk-nag wildcard finding (`AwsSolutions-IAM5[Resource::...]`)
 * that its statement templates cause, one finding at a time, with the `WildcardReason` of every
 * statement naming that resource. A wildcard resource without a reason is an error: no finding
 * is acknowledged without one. Deny statements cause no finding.
 */
export function acknowledgeWildcards(
  policy: Construct,
  templates: readonly StatementTemplate[],
  variables: Variables,
): void {
  const stack = Stack.of(policy);
  const reasons = new Map<string, string[]>();
  for (const template of templates.filter((t) => t.Effect !== 'Deny')) {
    for (const text of template.Resource.filter((r) => r.includes('*'))) {
      if (template.WildcardReason === undefined) {
        throw new Error(`${template.Sid}: the wildcard in ${text} needs a WildcardReason`);
      }
      const finding = nagResourceName(stack.resolve(resourceOf(template, text, variables)));
      const id = `AwsSolutions::AwsSolutions-IAM5[Resource::${finding}]`;
      reasons.set(id, [...(reasons.get(id) ?? []), `${template.Sid}: ${template.WildcardReason}`]);
    }
  }
  for (const [id, why] of reasons)
    Validations.of(policy).acknowledge({ id, reason: why.join(' ') });
}

/**
 * A resolved resource as cdk-nag names it in an IAM5 finding (its `flattenCfnReference`): a
 * string or a one-argument `Fn::Sub` with `${...}` written `<...>`, an `Fn::Sub` with variables
 * as its JSON.
 */
function nagResourceName(resolved: unknown): string {
  if (typeof resolved === 'string') return resolved.replace(/\$\{/g, '<').replace(/\}/g, '>');
  const sub = (resolved as Record<string, unknown> | null)?.['Fn::Sub'];
  if (typeof sub === 'string') return nagResourceName(sub);
  if (Array.isArray(sub)) return JSON.stringify(sub);
  throw new Error(`Cannot name the resource ${JSON.stringify(resolved)} as cdk-nag does`);
}
