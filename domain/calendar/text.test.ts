import { describe, expect, it } from 'vitest';
import { normaliseNote, normaliseText } from './text';

describe('normaliseText', () => {
  it('ignores line endings, trailing blanks and Unicode composition', () => {
    expect(normaliseText(' Besprechung \r\nZeile 2  \r\n')).toBe('Besprechung\nZeile 2');
    expect(normaliseText('Mu\u0308ller')).toBe(normaliseText('Müller'));
    expect(normaliseText(null)).toBe('');
  });
});

describe('normaliseNote', () => {
  it('reads the HTML Google puts into descriptions as plain text', () => {
    expect(normaliseNote('Zeile 1<br>Zeile 2 &amp; mehr')).toBe('Zeile 1\nZeile 2 & mehr');
    expect(normaliseNote('<p>Absatz</p><b>fett</b>')).toBe('Absatz\nfett');
  });

  it('keeps angle-bracket text that is not editor HTML', () => {
    expect(normaliseNote('Termin mit <Mandant> & Co')).toBe('Termin mit <Mandant> & Co');
  });
});
