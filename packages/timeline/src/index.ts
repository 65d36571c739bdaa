export * from './events.js';
export * from './model.js';
export * from './render.js';
export * from './spec.js';
export * from './traffic.js';
