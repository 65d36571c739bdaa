import { Token } from 'cdktf';

/**
 * Refuses an admin CIDR that opens SSH or the Jenkins UI to the whole internet (any /0, IPv4 or
 * IPv6). Only literal lists can be checked here; a Terraform variable is checked by its own
 * validation rule (`admin_cidrs` in config/variables.ts), since its value is known only at plan.
 */
export function checkAdminCidrs(owner: string, cidrs: string[] | undefined): void {
  if (cidrs === undefined || Token.isUnresolved(cidrs)) return;
  const world = cidrs.find((c) => c.trim().endsWith('/0'));
  if (world !== undefined) {
    throw new Error(
      `${owner}: adminCidrs must not include ${world} (the whole internet); list your own addresses, such as 203.0.113.7/32.`,
    );
  }
}
