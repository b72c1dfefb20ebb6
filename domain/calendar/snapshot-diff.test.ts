import { describe, expect, it } from 'vitest';
import type { CalendarAction, CalendarSnapshot } from './plan-types';
import { applyOverlays, diffSnapshots, limitOverlay, untouchedOverlay } from './snapshot-diff';

const entry = (eventId: string, hash: string, start = '2026-05-04') => ({ eventId, hash, start });

describe('snapshot overlays (history records changes, not the snapshot)', () => {
  const before: CalendarSnapshot = { '1': entry('e1', 'h1'), '2': entry('e2', 'h2'), '3': entry('e3', 'h3') };
  const after: CalendarSnapshot = { '1': entry('e1', 'h1'), '2': entry('e2', 'h2-new'), '4': entry('e4', 'h4') };

  it('diff holds only what changed, and applying it gives the new snapshot', () => {
    const overlay = diffSnapshots(before, after);
    expect(overlay).toEqual({ '2': entry('e2', 'h2-new'), '4': entry('e4', 'h4'), '3': null });
    expect(applyOverlays(before, overlay)).toEqual(after);
    expect(diffSnapshots(after, after)).toEqual({});
  });

  it('an end that changes from absent to null is a change (open-ended series)', () => {
    expect(diffSnapshots({ '1': entry('e1', 'h') }, { '1': { ...entry('e1', 'h'), end: null } })).toEqual({ '1': { ...entry('e1', 'h'), end: null } });
  });

  it('later overlays win', () => {
    expect(applyOverlays(before, { '1': null }, { '1': entry('e1', 'again') })).toEqual({ ...before, '1': entry('e1', 'again') });
  });

  it('with actions left for later, only changes no planned action touches (by frNr or event id) are kept', () => {
    const overlay = diffSnapshots(before, after);
    const actions: CalendarAction[] = [
      { kind: 'google.update', frNr: 2, eventId: 'e2', event: {} as never },
      { kind: 'google.delete', frNr: null, eventId: 'e3' },
    ];
    expect(untouchedOverlay(overlay, before, actions)).toEqual({ '4': entry('e4', 'h4') });
  });

  it('limits the number of changes and says so', () => {
    const overlay = diffSnapshots({}, after);
    expect(limitOverlay(overlay, 5)).toEqual({ overlay, cut: false });
    const { overlay: first, cut } = limitOverlay(overlay, 2);
    expect(cut).toBe(true);
    expect(Object.keys(first)).toHaveLength(2);
  });
});
