import { z } from 'zod';

/** One app instance in `outputs.json`. */
export const instanceSchema = z.object({
  id: z.string().min(1),
  publicIp: z.string(),
  privateIp: z.string().min(1),
});

export const environmentOutputsSchema = z.object({
  albDnsName: z.string().min(1),
  albUrl: z.url(),
  targetGroupArn: z.string().min(1),
  instances: z.array(instanceSchema).min(1),
});

/** `outputs.json`, the contract with the deploy package (docs/contracts.md §1). */
export const outputsSchema = z.object({
  project: z.string().min(1),
  region: z.string().min(1),
  appPort: z.number().int().min(1).max(65535),
  sshUser: z.string().min(1),
  ecrRepositoryUrl: z.string().min(1),
  jenkinsUrl: z.url(),
  environments: z.object({
    staging: environmentOutputsSchema,
    production: environmentOutputsSchema,
  }),
});

export type InstanceOutputs = z.infer<typeof instanceSchema>;
export type EnvironmentOutputs = z.infer<typeof environmentOutputsSchema>;
export type Outputs = z.infer<typeof outputsSchema>;
