import { ShipyardError } from '@shipyard/cli-kit';

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

/**
 * The error for a refused `terraform plan -json`: one `error:` line per distinct error. Output
 * that is not JSON (a crash, a usage error) is kept whole rather than lost.
 */
export function planRefused(logs: readonly string[]): ShipyardError {
  const lines = [...new Set(logs.flatMap(errorLines))];
  const text = lines.length > 0 ? lines : logs.map((l) => l.trim()).filter(Boolean);
  // The top-level handler prefixes the first line with `error: `; the others get the same prefix.
  return new ShipyardError(text.join('\nerror: ') || 'terraform plan failed without a message');
}
