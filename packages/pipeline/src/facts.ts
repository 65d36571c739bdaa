import { Git } from './git.js';
import { type ImageTags, imageTags } from './image-tags.js';
import { planRef, type RefPlan } from './ref.js';
import { computeVersion } from './version.js';

/** Everything the pipeline stages need to know about one build, read once from git. */
export interface BuildFacts {
  readonly plan: RefPlan;
  readonly sha: string;
  readonly version: string;
  /** The image's tags; undefined for refs that deploy nowhere. */
  readonly tags: ImageTags | undefined;
}

export interface RefOptions {
  /** Branch name; defaults to the checked-out branch. */
  readonly branch?: string | undefined;
  /** Tag name for tag builds (Jenkins' TAG_NAME). */
  readonly tag?: string | undefined;
  readonly cwd: string;
}

export async function readBuildFacts(options: RefOptions): Promise<BuildFacts> {
  const git = new Git(options.cwd);
  const branch = options.branch?.trim() || (await git.branch());
  const plan = planRef({ branch, tag: options.tag });
  const sha = await git.head();
  const lastTag = await git.lastTag(false);
  const version =
    plan.release?.version ??
    computeVersion({
      branch: plan.ref,
      sha,
      tagsAtHead: await git.tagsAtHead(),
      lastTag,
      commitsSinceTag: await git.countSince(lastTag),
    });
  return { plan, sha, version, tags: imageTags(plan, sha) };
}
