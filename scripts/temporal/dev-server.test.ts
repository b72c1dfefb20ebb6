import { describe, expect, it } from 'vitest';
import { uiArgs } from './dev-server';

describe('dev server Web UI flags', () => {
  it('serves the UI on the given port also without a codec endpoint (npm run temporal:dev)', () => {
    expect(uiArgs({ uiPort: 8233 })).toEqual(['--ui-port', '8233', '--ui-ip', '127.0.0.1']);
  });

  it('points the UI at the codec endpoint when one is given', () => {
    expect(uiArgs({ uiPort: 8233, uiCodecEndpoint: 'http://127.0.0.1:3000/codec/ui/t' })).toEqual(['--ui-port', '8233', '--ui-ip', '127.0.0.1', '--ui-codec-endpoint', 'http://127.0.0.1:3000/codec/ui/t']);
  });

  it('is headless without a UI port', () => {
    expect(uiArgs({})).toEqual(['--headless']);
    expect(uiArgs({ uiCodecEndpoint: 'http://x/codec' })).toEqual(['--headless']);
  });
});
