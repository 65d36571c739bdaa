export * from './errors.js';
export * from './main.js';
export * from './steps.js';
