import { describe, expect, it } from 'vitest';
import { parseImageRef } from '../src/image.js';

const digest = `sha256:${'a'.repeat(64)}`;

describe('parseImageRef', () => {
  it.each([
    ['123456789012.dkr.ecr.eu-west-1.amazonaws.com/shipyard-service:1.2.3', { tag: '1.2.3' }],
    ['127.0.0.1:5000/shipyard/service:abc1234', { registry: '127.0.0.1:5000', tag: 'abc1234' }],
    ['localhost/team/app:latest', { registry: 'localhost', repository: 'team/app' }],
    [`ghcr.io/acme/app@${digest}`, { digest }],
  ])('accepts %s', (ref, expected) => {
    expect(parseImageRef(ref)).toMatchObject(expected);
  });

  it.each([
    'shipyard-service:1.2.3', // no registry: would silently mean Docker Hub
    'ecr.example.com/app', // neither tag nor digest
    'ecr.example.com/App:1', // upper case repository
    'ecr.example.com/app:', // empty tag
    'ecr.example.com/app@sha256:123', // short digest
    'ecr.example.com/app:1 ; rm -rf /',
  ])('refuses %s with one line naming the expected form', (ref) => {
    expect(() => parseImageRef(ref)).toThrow(`malformed image reference "${ref}"`);
  });
});
