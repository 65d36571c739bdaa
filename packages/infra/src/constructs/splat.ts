import { ref, type TerraformResource, Token } from 'cdktf';

/** `resource[*].attr`: the attribute of every instance of a counted resource, as a list token. */
export function splat(resource: TerraformResource, attribute: string): string[] {
  return Token.asList(ref(`${resource.fqn}[*].${attribute}`));
}
