/**
 * Decodes `${jsonencode(<literal>)}` as cdktf synthesizes it for a value that holds no reference:
 * HCL object syntax (`"key" = value`) around JSON literals. Throws on anything else, so a test
 * never reads a value it did not understand.
 */
export function decodeJsonencode(expression: string): unknown {
  const body = /^\$\{jsonencode\(([\s\S]*)\)\}$/.exec(expression)?.[1];
  if (body === undefined) throw new Error(`not a jsonencode(...) expression: ${expression.slice(0, 80)}`);
  return JSON.parse(body.replace(/" = /g, '": '));
}
