import { describe, expect, it } from 'vitest';
import { endpointOfMember } from './endpoint';

describe('endpointOfMember', () => {
  it('follows the Procfile ports', () => {
    expect(endpointOfMember('infra1')).toBe('127.0.0.1:2379');
    expect(endpointOfMember('infra3')).toBe('127.0.0.1:32379');
    expect(endpointOfMember('other')).toBeUndefined();
  });
});
