/**
 * The project name: it prefixes every resource, the SSM parameters (`/<project>/deploy/<env>`,
 * `/<project>/jenkins/*`) and the KMS alias. The same rule as the infrastructure's `project`
 * variable (3-20 characters; ALB names, which it prefixes, are capped at 32).
 */
export const PROJECT_NAME = /^[a-z][a-z0-9-]{1,18}[a-z0-9]$/;

/** The infrastructure's default `project`. */
export const DEFAULT_PROJECT = 'shipyard';

export const PROJECT_NAME_RULE =
  '3-20 lowercase letters, digits or hyphens, starting with a letter and not ending with a hyphen';

export function isProjectName(value: string): boolean {
  return PROJECT_NAME.test(value);
}
