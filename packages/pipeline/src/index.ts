// What the demo reuses: the build's facts (version, tags) and the one way to build the image.
export { type ContainerSettings, containerSettings, imageBuildArgs, toolName } from './containers.js';
export { type BuildFacts, readBuildFacts } from './facts.js';
export { serviceDockerfile } from './paths.js';
