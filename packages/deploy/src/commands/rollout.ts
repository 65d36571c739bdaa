import { IMAGE_REFERENCE_EXAMPLE, parseImageRef } from '@shipyard/contracts';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { runPlaybookCommand } from '../run.js';
import {
  addRecordOptions,
  addRunOptions,
  addSerialOption,
  type CommonOptions,
  examples,
  type RecordFlags,
  runOptions,
} from './options.js';

/** A pullable reference with a registry host: hosts never pull from an implied Docker Hub. */
export function imageArgument(value: string): string {
  if (!parseImageRef(value)) {
    throw new InvalidArgumentError(
      `expected registry/repository:tag or registry/repository@sha256:<64 hex digits>, e.g. ${IMAGE_REFERENCE_EXAMPLE}.`,
    );
  }
  return value;
}

/**
 * What the service reports as its version (APP_VERSION), by the service's own rule: a release
 * deployed by digest would otherwise report the digest's hex.
 */
export function appVersionArgument(value: string): string {
  if (!/^[0-9A-Za-z][0-9A-Za-z.+_-]{0,127}$/.test(value)) {
    throw new InvalidArgumentError('expected a version of up to 128 letters, digits, . + _ -, e.g. 1.4.2.');
  }
  return value;
}

export function registerRollout(program: Command): void {
  const command = program
    .command('rollout')
    .summary('roll an image out to an environment, one host at a time (deploy.yml)')
    .description(
      "Run ansible/deploy.yml under the environment's deploy lock: for each batch of hosts (--serial, default 1) " +
        'take the host out of its load balancer, pull and start the image, wait for /health and the load balancer ' +
        'to count it healthy, then bake it (watch its real traffic). If a host fails, it and every host already on ' +
        'the release go back to the one image the environment ran before, and the exit is non-zero. SIGINT/SIGTERM ' +
        'stop after the host in progress.',
    );
  examples(addRecordOptions(addSerialOption(addRunOptions(command))), [
    `deploy rollout --env staging --image ${IMAGE_REFERENCE_EXAMPLE}`,
    'deploy rollout --env production --address private --image <registry>/shipyard-service@sha256:<digest> --app-version 1.4.2',
    `deploy rollout --env staging --image ${IMAGE_REFERENCE_EXAMPLE} --timeline rollout.svg`,
  ])
    .addOption(
      new Option(
        '--image <ref>',
        'image to roll out: registry/repository:tag or registry/repository@sha256:<digest>',
      )
        .argParser(imageArgument)
        .makeOptionMandatory(),
    )
    .addOption(
      new Option(
        '--app-version <version>',
        'the version the service reports (APP_VERSION); default: the image tag, or the digest for an @sha256 image',
      ).argParser(appVersionArgument),
    )
    .action(async (options: CommonOptions & RecordFlags & { image: string; appVersion?: string }) => {
      await runPlaybookCommand({
        command: 'rollout',
        playbook: 'deploy.yml',
        title: `Roll out ${options.image} to ${options.env}`,
        env: options.env,
        image: options.image,
        extraVars: {
          app_image: options.image,
          ...(options.appVersion ? { app_version: options.appVersion } : {}),
          ...(options.serial ? { deploy_serial: options.serial } : {}),
        },
        options: runOptions(options),
        record: { timeline: options.timeline, events: options.events },
      });
    });
}
