import { describe, expect, it } from 'vitest';
import { unknownKuerzel } from './employees';

// Issue 12 item 4: only real employees get a calendar workflow.
describe('unknownKuerzel', () => {
  const employees = [{ kuerzel: 'SB', aktiv: true }, { kuerzel: 'ai' }, { kuerzel: 'XY', aktiv: false }];

  it('accepts active employees in any case and Kürzel of the calendar mapping', () => {
    expect(unknownKuerzel(['sb', 'AI', 'EXTERN'], employees, ['extern'])).toEqual([]);
  });

  it('refuses inactive and unknown Kürzel', () => {
    expect(unknownKuerzel(['XY', 'NOPE', 'SB'], employees)).toEqual(['XY', 'NOPE']);
  });
});
