import { type App, TerraformResource, TerraformVariable } from 'cdktf';

/**
 * Works around two flaws of cdktf 0.21's HCL output (`hclOutput: true`), so the ejected HCL means
 * exactly what the JSON means. Call it on the whole app before `app.synth()`, and only for HCL:
 * each fix is a raw override, which the JSON output would not need.
 *
 * 1. `TerraformVariable.synthesizeHclAttributes` drops every attribute whose value is falsy: a
 *    `default` of `""` or `false` and `nullable = false` vanish, turning optional variables
 *    into required ones. The override puts the value back.
 * 2. `depends_on` and `lifecycle.ignore_changes` are rendered as quoted strings
 *    (`"aws_internet_gateway.igw"`), a form Terraform deprecates with a warning. The HCL renderer
 *    writes a string that starts with `[` as it is, so the override is the bare list.
 * 3. A string holding double quotes (a JSON policy document) is written without escaping them,
 *    which is not HCL. The override escapes them; interpolations stay as they are.
 */
export function fixHclOutput(app: App): void {
  for (const node of app.node.findAll()) {
    if (node instanceof TerraformVariable) restoreFalsyAttributes(node);
    if (node instanceof TerraformResource) {
      unquoteReferences(node);
      escapeQuotes(node);
    }
  }
}

function escapeQuotes(resource: TerraformResource): void {
  // synthesizeAttributes is what the renderer itself reads: top-level attributes, tokens unresolved.
  const attributes = (
    resource as unknown as { synthesizeAttributes(): Record<string, unknown> }
  ).synthesizeAttributes();
  for (const [name, value] of Object.entries(attributes)) {
    if (typeof value !== 'string' || !value.includes('"') || value.includes('\n')) continue;
    const escaped = value.replaceAll('\\', '\\\\').replaceAll('"', '\\"');
    // The renderer quotes a string holding an interpolation without escaping it, and writes one
    // that starts with `{` or `[` as a bare expression; any other string it escapes itself.
    if (value.includes('${')) resource.addOverride(name, escaped);
    else if (value.startsWith('{') || value.startsWith('[')) resource.addOverride(name, `"${escaped}"`);
  }
}

function restoreFalsyAttributes(variable: TerraformVariable): void {
  const attributes = {
    default: variable.default,
    nullable: variable.nullable,
    sensitive: variable.sensitive,
  };
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined && !value) variable.addOverride(name, value);
  }
}

const bareList = (references: readonly string[]) => `[${references.join(', ')}]`;

function unquoteReferences(resource: TerraformResource): void {
  if (resource.dependsOn && resource.dependsOn.length > 0) {
    resource.addOverride('depends_on', bareList(resource.dependsOn));
  }
  const ignored = resource.lifecycle?.ignoreChanges;
  if (Array.isArray(ignored) && ignored.length > 0) {
    resource.addOverride('lifecycle.ignore_changes', bareList(ignored));
  }
}
