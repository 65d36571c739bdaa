export * from './ssm-stand-in.js';
