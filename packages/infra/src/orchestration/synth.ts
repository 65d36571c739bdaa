import { createApp } from '../app';
import { readSynthSettings, type SynthSettings } from '../config/settings';
import { fixHclOutput } from '../hcl/workarounds';

export interface SynthOptions {
  /** cdktf's output folder: stacks land in `<outDir>/stacks/<name>`. */
  readonly outDir: string;
  /** terraform.tfvars: the backend settings (state_bucket, region, project) are read from it. */
  readonly tfvars: string;
  /**
   * Offline preview: fake credentials, the provider's skip flags, throw-away state.
   * @default SHIPYARD_PREVIEW=1 in the environment
   */
  readonly preview?: boolean | undefined;
  /** Plain Terraform HCL (`cdk.tf`) instead of JSON. @default false */
  readonly hcl?: boolean | undefined;
}

/** Synthesizes the three stacks in this process (no `cdktf` CLI, no second Node start). */
export function synthesize(o: SynthOptions, env: NodeJS.ProcessEnv = process.env): SynthSettings {
  const settings = readSynthSettings({
    ...env,
    SHIPYARD_TFVARS: o.tfvars,
    CDKTF_OUTDIR: o.outDir,
    ...(o.preview === undefined ? {} : { SHIPYARD_PREVIEW: o.preview ? '1' : '0' }),
  });
  const { app } = createApp(settings, { hclOutput: o.hcl });
  if (o.hcl) fixHclOutput(app);
  app.synth();
  return settings;
}
