/** One diagnostic from Terraform's `-json` output stream. */
interface JsonLine {
  readonly '@level'?: string;
  readonly type?: string;
  readonly diagnostic?: { readonly severity?: string; readonly summary?: string; readonly detail?: string };
}

/**
 * Turns a `terraform plan -json` log into one line per error. A failed variable validation
 * becomes just its error message (which names the variable and the allowed values).
 */
export function errorLines(log: string): string[] {
  const lines: string[] = [];
  for (const raw of log.split('\n')) {
    let entry: JsonLine;
    try {
      entry = JSON.parse(raw) as JsonLine;
    } catch {
      continue;
    }
    const d = entry.diagnostic;
    if (entry.type !== 'diagnostic' || d?.severity !== 'error') continue;
    const detail = (d.detail ?? '').split('\n')[0]?.trim() ?? '';
    const line =
      d.summary === 'Invalid value for variable' && detail
        ? detail
        : [d.summary, detail].filter(Boolean).join(': ');
    if (!lines.includes(line)) lines.push(line);
  }
  return lines;
}
