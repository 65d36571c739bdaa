import { RepositoryModel } from './ecr-lifecycle';

const DAY_MS = 24 * 60 * 60 * 1000;
const start = Date.UTC(2025, 0, 1);
const day = (d: number) => new Date(start + d * DAY_MS);

/** A fake 40-character git SHA (the pipeline's SHA tag) for build `n`. */
export const sha = (n: number) => n.toString(16).padStart(40, 'c');

/** The digest of the image built from `sha(n)`. */
export const digestOf = (n: number) => `sha256:${n.toString(16).padStart(64, '0')}`;

/** Moves an environment tag the way the pipeline will: the old holder becomes `<env>-previous`. */
function deploy(repo: RepositoryModel, env: 'staging' | 'production', digest: string, at: Date) {
  repo.retag(env, `${env}-previous`, at);
  repo.push(digest, [env], at);
}

/**
 * The registry after two releases and then `pushes` SHA builds on develop:
 * - build 1 is release 1.2.2 (ran production, now production-previous);
 * - build 2 is release 1.2.3 (`1.2.3`, `1.2`, `1`, production);
 * - build 3 is the candidate 1.3.0-rc.1;
 * - build 4 was rebuilt from the same commit, so its first image lost its only tag (untagged);
 * - builds 101 to 100 + pushes are SHA builds, each deployed to staging, an hour apart.
 * `now` is a week after the last push.
 */
export function releasesThenShaPushes(pushes = 100) {
  const repo = new RepositoryModel();
  repo.push(digestOf(1), [sha(1)], day(0));
  deploy(repo, 'staging', digestOf(1), day(0));
  repo.push(digestOf(1), ['1.2.2', '1.2', '1'], day(1));
  deploy(repo, 'production', digestOf(1), day(1));

  repo.push(digestOf(2), [sha(2)], day(2));
  deploy(repo, 'staging', digestOf(2), day(2));
  repo.push(digestOf(2), ['1.2.3', '1.2', '1'], day(3));
  deploy(repo, 'production', digestOf(2), day(3));

  repo.push(digestOf(3), [sha(3), '1.3.0-rc.1'], day(4));
  deploy(repo, 'staging', digestOf(3), day(4));

  const untagged = `sha256:${'e'.repeat(64)}`;
  repo.push(untagged, [sha(4)], day(5));
  repo.push(digestOf(4), [sha(4)], day(5));

  const builds: number[] = [];
  for (let i = 1; i <= pushes; i++) {
    const n = 100 + i;
    const at = new Date(day(6).getTime() + i * 60 * 60 * 1000);
    repo.push(digestOf(n), [sha(n)], at);
    deploy(repo, 'staging', digestOf(n), at);
    builds.push(n);
  }
  const last = builds[builds.length - 1] ?? 0;
  return {
    records: repo.records(),
    now: new Date(day(13).getTime() + pushes * 60 * 60 * 1000),
    holder: (tag: string) => repo.holder(tag),
    untagged,
    /** Images that carry only their SHA tag, newest first. */
    shaOnly: [4, ...builds.filter((n) => n < last - 1)].reverse().map(digestOf),
  };
}
