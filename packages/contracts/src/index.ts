export * from './environments.js';
export * from './image.js';
export * from './outputs.js';
export * from './project.js';
