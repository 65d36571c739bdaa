// The deploy contract read from SSM at deploy time, when no outputs file is given: the built CLI
// and the real AWS SDK against a real HTTP server standing in for SSM on loopback
// (AWS_ENDPOINT_URL_SSM), as the pipeline's Deploy stage runs it on the build agent.
import { chmod, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deployContractFromOutputs, outputsSchema } from '@shipyard/contracts';
import { awsError, type SsmAnswer, type SsmStandIn, startSsmStandIn } from '@shipyard/testing';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { contractSource } from '../src/contract.js';
import { buildInventory } from '../src/inventory.js';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const fixture = fileURLToPath(new URL('fixtures/outputs.json', import.meta.url));
const image = `123456789012.dkr.ecr.eu-west-1.amazonaws.com/shipyard-service@sha256:${'a'.repeat(64)}`;

const outputs = outputsSchema.parse(JSON.parse(await readFile(fixture, 'utf8')));
const staging = deployContractFromOutputs(outputs, 'staging');

/** What the stand-in answers next, per test. */
let answer: (body: Record<string, unknown>) => SsmAnswer;
let ssm: SsmStandIn;
let work: string;
let stubs: string;
let record: string;

const parameterAnswer = (name: string, value: string): SsmAnswer => ({
  status: 200,
  body: { Parameter: { Name: name, Type: 'String', Value: value, Version: 3, DataType: 'text' } },
});

beforeAll(async () => {
  ssm = await startSsmStandIn((request) => answer(request.body));
  work = await mkdtemp(join(tmpdir(), 'deploy-ssm-'));
  // A stand-in for ansible-playbook that answers the lock play (ansible/lock.yml) at once and keeps
  // what the CLI hands the roll-out (the workdir is removed after).
  stubs = join(work, 'bin');
  record = join(work, 'record');
  await mkdir(stubs);
  const stub = join(stubs, 'ansible-playbook');
  await writeFile(
    stub,
    [
      '#!/usr/bin/env node',
      "const fs = require('node:fs');",
      'const args = process.argv.slice(2);',
      "if (args[0] === '--version') { console.log('ansible-playbook [core 2.14.0]'); process.exit(0); }",
      "const varsFile = args.find((arg) => arg.startsWith('@')).slice(1);",
      "const vars = JSON.parse(fs.readFileSync(varsFile, 'utf8'));",
      "if (args.at(-1).endsWith('lock.yml')) {",
      '  const result = vars.deploy_lock_action === "acquire"',
      '    ? { acquired: true, holder: vars.deploy_lock_holder }',
      '    : { released: true, held: true, holder: { id: vars.deploy_lock_expect_id } };',
      '  fs.writeFileSync(vars.deploy_lock_result_file, JSON.stringify(result));',
      '  process.exit(0);',
      '}',
      `fs.mkdirSync(${JSON.stringify(record)}, { recursive: true });`,
      `fs.copyFileSync(args[args.indexOf('-i') + 1], ${JSON.stringify(record)} + '/inventory.yml');`,
      `fs.copyFileSync(varsFile, ${JSON.stringify(record)} + '/extra-vars.json');`,
      "fs.writeFileSync(vars.deploy_result_file, JSON.stringify({ status: 'ok', message: 'rolled out' }));",
      "console.log('PLAY RECAP');",
    ].join('\n'),
  );
  await chmod(stub, 0o755);
});

afterAll(() => ssm.close());

/** The environment of a run inside AWS: no outputs file, credentials from the chain, SSM on loopback. */
function awsEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string | undefined> = {
    PATH: `${stubs}:${dirname(process.execPath)}:/usr/bin:/bin`,
    HOME: work,
    AWS_CONFIG_FILE: join(work, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(work, 'no-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'AKIDSTANDIN',
    AWS_SECRET_ACCESS_KEY: 'stand-in-secret',
    AWS_ENDPOINT_URL_SSM: ssm.url,
    // No outputs.json, whatever the developer's checkout holds.
    SHIPYARD_OUTPUTS: join(work, 'absent-outputs.json'),
    ...extra,
  };
  return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined)) as Record<string, string>;
}

function deploy(args: string[], env: Record<string, string>) {
  return execa('node', [cli, ...args], { reject: false, env, extendEnv: false });
}

/** One `error:` line matching `pattern`, exit 1, nothing on stdout. */
async function refused(args: string[], pattern: RegExp, env = awsEnv()) {
  const result = await deploy(args, env);
  expect(result.exitCode, result.stderr).toBe(1);
  expect(result.stdout).toBe('');
  const lines = result.stderr.split('\n').filter(Boolean);
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^error: /);
  expect(lines[0]).toMatch(pattern);
}

describe('where the contract comes from', () => {
  const yes = () => true;
  const no = () => false;

  it('is --outputs when given, else the implicit outputs file when it exists, else SSM', () => {
    expect(contractSource({ outputs: 'o.json', project: 'acme' }, 'staging', '/r/outputs.json', no)).toEqual({
      kind: 'outputs',
      file: expect.stringMatching(/\/o\.json$/),
    });
    expect(contractSource({ project: 'acme' }, 'staging', '/r/outputs.json', yes)).toEqual({
      kind: 'outputs',
      file: '/r/outputs.json',
    });
    expect(contractSource({ project: 'acme' }, 'production', '/r/outputs.json', no)).toEqual({
      kind: 'ssm',
      project: 'acme',
      parameter: '/acme/deploy/production',
    });
    expect(contractSource({}, 'staging', '/r/outputs.json', no)).toMatchObject({
      parameter: '/shipyard/deploy/staging',
    });
  });

  it('is SSM with --from-ssm even when an outputs file exists, and refuses --from-ssm with --outputs', () => {
    expect(contractSource({ fromSsm: true }, 'staging', '/r/outputs.json', yes)).toMatchObject({
      kind: 'ssm',
    });
    expect(() =>
      contractSource({ fromSsm: true, outputs: 'o.json' }, 'staging', '/r/outputs.json', yes),
    ).toThrow('--outputs and --from-ssm exclude each other');
  });
});

describe('deploy inventory with no outputs file reads /<project>/deploy/<env> from SSM', () => {
  it('sends exactly GetParameter for the parameter PROJECT names, signed for SSM in the region, and builds the inventory from the answer', async () => {
    answer = (body) => parameterAnswer(String(body.Name), JSON.stringify(staging));
    const before = ssm.requests.length;
    const result = await deploy(
      ['inventory', '--env', 'staging', '--address', 'private'],
      awsEnv({ PROJECT: 'acme' }),
    );
    expect(result.exitCode, result.stderr).toBe(0);

    const sent = ssm.requests.slice(before);
    expect(sent).toHaveLength(1);
    const [request] = sent;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/');
    expect(request?.target).toBe('AmazonSSM.GetParameter');
    expect(request?.headers['content-type']).toBe('application/x-amz-json-1.1');
    // Not decrypted: the contract is a String, and the agent holds no KMS permission.
    expect(request?.body).toEqual({ Name: '/acme/deploy/staging' });
    expect(request?.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDSTANDIN\/\d{8}\/eu-west-1\/ssm\/aws4_request,/,
    );

    expect(result.stdout.split('\n')[0]).toBe(
      '# Generated by `deploy inventory` from the deploy contract in SSM parameter /acme/deploy/staging. Do not edit.',
    );
    expect(parse(result.stdout)).toEqual(buildInventory(staging, 'private'));
    expect(parse(result.stdout).all.children.staging.hosts['i-0123456789abcdef0'].ansible_host).toBe(
      staging.instances[0]?.privateIp,
    );
  });

  it('takes --project over PROJECT, and defaults to shipyard', async () => {
    answer = (body) => parameterAnswer(String(body.Name), JSON.stringify(staging));
    const before = ssm.requests.length;
    await deploy(['inventory', '--env', 'staging', '--project', 'other'], awsEnv({ PROJECT: 'acme' }));
    await deploy(['inventory', '--env', 'staging'], awsEnv());
    expect(ssm.requests.slice(before).map((r) => r.body.Name)).toEqual([
      '/other/deploy/staging',
      '/shipyard/deploy/staging',
    ]);
  });

  it('with --from-ssm, reads SSM even though an outputs file is there (the pipeline)', async () => {
    answer = (body) => parameterAnswer(String(body.Name), JSON.stringify(staging));
    const before = ssm.requests.length;
    const result = await deploy(
      ['inventory', '--env', 'staging', '--from-ssm'],
      awsEnv({ SHIPYARD_OUTPUTS: fixture }),
    );
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain('from the deploy contract in SSM parameter /shipyard/deploy/staging');
    expect(ssm.requests.length).toBe(before + 1);
  });

  it('reads the outputs file instead when one is there, and sends nothing', async () => {
    const before = ssm.requests.length;
    const result = await deploy(['inventory', '--env', 'staging'], awsEnv({ SHIPYARD_OUTPUTS: fixture }));
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain(`from the deploy contract in outputs file ${fixture}`);
    expect(ssm.requests.length).toBe(before);
  });
});

describe('deploy rollout on the build agent: the contract from SSM, the version named', () => {
  it('hands ansible-playbook the inventory of the private addresses SSM gave, and app_version', async () => {
    answer = (body) => parameterAnswer(String(body.Name), JSON.stringify(staging));
    const result = await deploy(
      ['rollout', '--env', 'staging', '--image', image, '--address', 'private', '--app-version', '1.4.2'],
      awsEnv({ PROJECT: 'acme' }),
    );
    expect(result.exitCode, result.stderr).toBe(0);
    const inventory = parse(await readFile(join(record, 'inventory.yml'), 'utf8'));
    expect(inventory).toEqual(buildInventory(staging, 'private'));
    expect(JSON.parse(await readFile(join(record, 'extra-vars.json'), 'utf8'))).toMatchObject({
      deploy_env: 'staging',
      app_image: image,
      app_version: '1.4.2',
    });
  });

  it('leaves app_version out without --app-version (the role then reports the tag)', async () => {
    answer = (body) => parameterAnswer(String(body.Name), JSON.stringify(staging));
    const result = await deploy(
      ['rollout', '--env', 'staging', '--image', image, '--address', 'private'],
      awsEnv(),
    );
    expect(result.exitCode, result.stderr).toBe(0);
    expect(JSON.parse(await readFile(join(record, 'extra-vars.json'), 'utf8'))).not.toHaveProperty(
      'app_version',
    );
  });

  it('refuses a malformed --app-version before anything runs', async () => {
    const before = ssm.requests.length;
    await refused(
      ['rollout', '--env', 'staging', '--image', image, '--app-version', '1.4.2; rm -rf /'],
      /'--app-version <version>' argument .* is invalid\. expected a version/,
    );
    expect(ssm.requests.length).toBe(before);
  });
});

describe('one clear line on any failure, and nothing run', () => {
  it('a missing parameter: run make apply', async () => {
    answer = () => awsError('ParameterNotFound', '');
    await refused(
      ['rollout', '--env', 'production', '--image', image, '--address', 'private'],
      /^error: SSM parameter \/shipyard\/deploy\/production does not exist\. Run `make apply`: each environment stack writes/,
    );
  });

  it('no credentials', async () => {
    const before = ssm.requests.length;
    await refused(
      ['provision', '--env', 'staging'],
      /^error: no AWS credentials to read the deploy contract from SSM parameter \/shipyard\/deploy\/staging \(.+\)\. Run it where an instance role or a profile provides them/,
      awsEnv({ AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined }),
    );
    expect(ssm.requests.length).toBe(before);
  });

  it('no region', () =>
    refused(
      ['inventory', '--env', 'staging'],
      /^error: no AWS region to read SSM parameter \/shipyard\/deploy\/staging\. Set AWS_REGION/,
      awsEnv({ AWS_REGION: undefined }),
    ));

  it('a role that may not read it', async () => {
    answer = () => awsError('AccessDeniedException', 'User: arn:aws:sts::1:assumed-role/x is not authorized');
    await refused(
      ['rollback', '--env', 'staging'],
      /^error: not allowed to read SSM parameter \/shipyard\/deploy\/staging \(AccessDeniedException: User: .*\)\. The Jenkins build agent's role may read/,
    );
  });

  it('a value of the wrong shape', async () => {
    answer = (body) =>
      parameterAnswer(String(body.Name), JSON.stringify({ ...staging, instances: [{ id: 'i-1' }] }));
    await refused(
      ['inventory', '--env', 'staging'],
      /^error: SSM parameter \/shipyard\/deploy\/staging has the wrong shape at instances\.0\.publicIp: .*run `make plan && make apply`/,
    );
  });

  it('a value that is not JSON', async () => {
    answer = (body) => parameterAnswer(String(body.Name), 'hosts: [a, b]');
    await refused(
      ['inventory', '--env', 'staging'],
      /^error: SSM parameter \/shipyard\/deploy\/staging is not JSON/,
    );
  });

  it("another environment's contract", async () => {
    answer = (body) =>
      parameterAnswer(String(body.Name), JSON.stringify(deployContractFromOutputs(outputs, 'production')));
    await refused(
      ['inventory', '--env', 'staging'],
      /^error: SSM parameter \/shipyard\/deploy\/staging holds the contract of production, not staging/,
    );
  });

  it('an unreachable endpoint', () =>
    refused(
      ['inventory', '--env', 'staging'],
      /^error: could not read SSM parameter \/shipyard\/deploy\/staging \(ECONNREFUSED/,
      awsEnv({ AWS_ENDPOINT_URL_SSM: 'http://127.0.0.1:9', AWS_MAX_ATTEMPTS: '1' }),
    ));

  it('a malformed project name, before any request', async () => {
    const before = ssm.requests.length;
    await refused(
      ['inventory', '--env', 'staging', '--project', 'My_Project'],
      /'--project <name>' argument 'My_Project' is invalid\. expected 3-20 lowercase letters/,
    );
    await refused(
      ['inventory', '--env', 'staging'],
      /'--project <name>' value 'x' from env 'PROJECT' is invalid/,
      awsEnv({ PROJECT: 'x' }),
    );
    expect(ssm.requests.length).toBe(before);
  });
});
