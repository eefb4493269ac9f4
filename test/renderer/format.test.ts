import { describe, expect, it } from 'vitest';
import { formatCamera } from '../../renderer/components/format';

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
