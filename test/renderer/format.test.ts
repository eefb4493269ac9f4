import { describe, expect, it } from 'vitest';
import { formatCamera, formatDateTime } from '../../renderer/components/format';

describe('formatCamera', () => {
  it.each([
    ['NIKON CORPORATION', 'NIKON D3', 'NIKON D3'],
    ['Canon', 'Canon EOS R5', 'Canon EOS R5'],
    ['SONY', 'ILCE-6000', 'SONY ILCE-6000'],
    ['OLYMPUS OPTICAL CO.,LTD', 'C2500L', 'OLYMPUS C2500L'],
    ['OLYMPUS IMAGING CORP.', 'E-M5', 'OLYMPUS E-M5'],
    ['EASTMAN KODAK COMPANY', 'KODAK Z990 DIGITAL CAMERA', 'KODAK Z990 DIGITAL CAMERA'],
    ['Leica Camera AG', 'M10', 'Leica M10'],
    ['OM Digital Solutions', 'OM-1', 'OM-1'],
    ['Apple', 'iPhone 12', 'Apple iPhone 12'],
    // A word of the make that only begins the model's first word is no repeat.
    ['LG Electronics', 'LGM-V300K', 'LG LGM-V300K'],
  ])('shows %s + %s as %s', (make, model, shown) => {
    expect(formatCamera(make, model)).toBe(shown);
  });

  it('shows what there is when the make or the model is missing', () => {
    expect(formatCamera('NIKON CORPORATION', null)).toBe('NIKON');
    expect(formatCamera(null, 'NIKON D3')).toBe('NIKON D3');
    expect(formatCamera(null, null)).toBeNull();
  });
});

describe('formatDateTime', () => {
  it('shows a capture time at the camera’s clock, with its offset, wherever the viewer is', () => {
    const atTen = formatDateTime('2024-05-01T10:00:00+02:00');
    expect(atTen).toMatch(/10:00/);
    expect(atTen).toMatch(/2024/);
    expect(atTen).toMatch(/\(UTC\+02:00\)$/);
    // Late in the evening west of Greenwich stays on its own day.
    expect(formatDateTime('2023-12-31T23:30:00-05:00')).toMatch(
      /December 31, 2023.*11:30\s?PM|31.*23:30/,
    );
    // A camera without a time zone: the clock alone.
    expect(formatDateTime('2019-07-14T08:05:09')).toMatch(/8:05|08:05/);
    expect(formatDateTime('2019-07-14T08:05:09')).not.toMatch(/UTC/);
    expect(formatDateTime('not a time')).toBe('not a time');
  });
});
