import { describe, expect, it } from 'vitest';
import { isImageTag, isReleaseTag, parseImageRef } from '../src/index.js';

const digest = `sha256:${'a'.repeat(64)}`;

describe('parseImageRef', () => {
  it.each([
    ['123456789012.dkr.ecr.eu-west-1.amazonaws.com/shipyard-service:1.2.3', { tag: '1.2.3' }],
    ['127.0.0.1:5000/shipyard/service:abc1234', { registry: '127.0.0.1:5000', tag: 'abc1234' }],
    ['localhost/team/app:latest', { registry: 'localhost', repository: 'team/app' }],
    [`ghcr.io/acme/app@${digest}`, { digest }],
    [`ghcr.io/acme/app:1.2.3@${digest}`, { tag: '1.2.3', digest }],
  ])('accepts %s', (ref, expected) => {
    expect(parseImageRef(ref)).toMatchObject(expected);
  });

  it.each([
    'shipyard-service:1.2.3', // no registry: would silently mean Docker Hub
    'team/app:1.2.3', // a first component without a dot or port is a Docker Hub namespace
    'ecr.example.com/app', // neither tag nor digest
    'ecr.example.com/App:1', // upper case repository
    'ecr.example.com/app:', // empty tag
    'ecr.example.com/app@sha256:123', // short digest
    'ecr.example.com/app:1 ; rm -rf /',
  ])('refuses %s', (ref) => {
    expect(parseImageRef(ref)).toBeUndefined();
  });
});

describe('tags', () => {
  it.each([
    ['1.2.3-develop.5.g1a2b3c4', true],
    ['_x', true],
    ['a'.repeat(128), true],
    ['a'.repeat(129), false],
    ['.hidden', false],
    ['1.2.3+build', false],
  ])('image tag %s: %s', (tag, ok) => {
    expect(isImageTag(tag)).toBe(ok);
  });

  it.each([
    ['v1.2.3', true],
    ['v1.2.3-rc.1', true],
    ['v0.1.0-alpha.beta', true],
    ['1.2.3', false],
    ['v1.2', false],
    ['v01.2.3', false],
    ['v1.2.3+build.5', false],
    ['v1.2.3-rc.01', false],
  ])('release tag %s: %s', (tag, ok) => {
    expect(isReleaseTag(tag)).toBe(ok);
  });
});
