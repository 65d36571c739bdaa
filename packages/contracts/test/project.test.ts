import { describe, expect, it } from 'vitest';
import { DEFAULT_PROJECT, isProjectName } from '../src/project.js';

describe('project names', () => {
  it('takes what the infrastructure variable takes', () => {
    for (const name of [DEFAULT_PROJECT, 'abc', 'my-app-2', 'a'.repeat(20)])
      expect(isProjectName(name), name).toBe(true);
  });

  it('refuses what would break a resource name or a parameter path', () => {
    for (const name of ['ab', 'a'.repeat(21), 'My_Project', '1abc', 'abc-', 'a/b', '']) {
      expect(isProjectName(name), name).toBe(false);
    }
  });
});
