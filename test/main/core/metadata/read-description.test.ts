import { describe, expect, it } from 'vitest';
import { mergeDescription } from '../../../../main/core/metadata/merge-description';
import { describeSource, readDescription } from '../../../../main/core/metadata/read-description';

const EMPTY = { rating: 0, flag: null, label: null, title: null, caption: null, keywords: [] };

describe('readDescription: what other apps wrote, as exifr gives it', () => {
  it('reads nothing from nothing', () => {
    expect(readDescription([])).toEqual(EMPTY);
    expect(readDescription([{}, { xmp: {} }])).toEqual(EMPTY);
  });

  it('reads stars from xmp:Rating, clamped to 0-5 and whole', () => {
    expect(readDescription([{ xmp: { Rating: 4 } }]).rating).toBe(4);
    expect(readDescription([{ xmp: { Rating: 9 } }]).rating).toBe(5);
    expect(readDescription([{ xmp: { Rating: 2.6 } }]).rating).toBe(3);
    expect(readDescription([{ xmp: { Rating: '3' } }]).rating).toBe(3);
    expect(readDescription([{ xmp: { Rating: 'many' } }]).rating).toBe(0);
  });

  it('reads xmp:Rating -1 as rejected with no stars', () => {
    expect(readDescription([{ xmp: { Rating: -1 } }])).toMatchObject({ rating: 0, flag: 'reject' });
  });

  it("reads the flag from digiKam's PickLabel: 1 rejected, 3 accepted, 0 and 2 (pending) none", () => {
    const flag = (PickLabel: unknown) => readDescription([{ digiKam: { PickLabel } }]).flag;
    expect(flag(1)).toBe('reject');
    expect(flag(3)).toBe('pick');
    expect(flag(2)).toBeNull();
    expect(flag(0)).toBeNull();
    expect(flag(7)).toBeNull();
    // A rating of -1 is a reject whatever the pick label says.
    expect(readDescription([{ xmp: { Rating: -1 }, digiKam: { PickLabel: 3 } }]).flag).toBe(
      'reject',
    );
  });

  it('reads the label from xmp:Label in any case, then digiKam, then darktable', () => {
    const label = (tags: Record<string, Record<string, unknown>>) => readDescription([tags]).label;
    expect(label({ xmp: { Label: 'Red' } })).toBe('red');
    expect(label({ xmp: { Label: 'PURPLE' } })).toBe('purple');
    expect(label({ xmp: { Label: ' green ' } })).toBe('green');
    // Bridge's custom label sets ("Approved") are no colour: the next field is read.
    expect(label({ xmp: { Label: 'Approved' }, digiKam: { ColorLabel: 5 } })).toBe('blue');
    expect(label({ xmp: { Label: 'Yellow' }, digiKam: { ColorLabel: 5 } })).toBe('yellow');
    expect(label({ digiKam: { ColorLabel: 1 } })).toBe('red');
    expect(label({ digiKam: { ColorLabel: 3 } })).toBe('yellow');
    expect(label({ digiKam: { ColorLabel: 4 } })).toBe('green');
    expect(label({ digiKam: { ColorLabel: 6 } })).toBe('purple');
    // Orange and the greys have no Lightroom label.
    expect(label({ digiKam: { ColorLabel: 2 } })).toBeNull();
    expect(label({ digiKam: { ColorLabel: 0 }, darktable: { colorlabels: 3 } })).toBe('blue');
    expect(label({ darktable: { colorlabels: [4, 0] } })).toBe('purple');
    expect(label({ darktable: { colorlabels: 0 } })).toBe('red');
    expect(label({ darktable: { colorlabels: 9 } })).toBeNull();
  });

  it("reads keywords as the union of every app's hierarchical field", () => {
    expect(
      readDescription([
        {
          lr: { hierarchicalSubject: ['Places|France|Paris', 'People|Anna'] },
          digiKam: { TagsList: ['Places/France/Paris', 'Events/Wedding'] },
          mediapro: { CatalogSets: 'Projects|Book' },
          MicrosoftPhoto: { LastKeywordXMP: 'Family/Kids' },
        },
      ]).keywords,
    ).toEqual([
      'Places/France/Paris',
      'People/Anna',
      'Events/Wedding',
      'Projects/Book',
      'Family/Kids',
    ]);
  });

  it('wraps the single item exifr gives as a plain value', () => {
    expect(
      readDescription([{ lr: { hierarchicalSubject: 'A|B' }, dc: { subject: 'solo' } }]).keywords,
    ).toEqual(['A/B', 'solo']);
    expect(readDescription([{ iptc: { Keywords: 'one' } }]).keywords).toEqual(['one']);
    // exifr makes numbers of numeric keywords.
    expect(readDescription([{ dc: { subject: [2023, 'Trip'] } }]).keywords).toEqual([
      '2023',
      'Trip',
    ]);
  });

  it('adds a flat keyword only when it names no level of a known path', () => {
    expect(
      readDescription([
        {
          lr: { hierarchicalSubject: ['Places|France|Paris'] },
          // Lightroom writes the leaf and its parents into dc:subject.
          dc: { subject: ['Paris', 'france', 'Places', 'Sunset'] },
          iptc: { Keywords: ['PARIS', 'Holiday', 'sunset'] },
        },
      ]).keywords,
    ).toEqual(['Places/France/Paris', 'Sunset', 'Holiday']);
  });

  it('keeps one spelling of a keyword whatever its case, normalised, and drops what cannot be one', () => {
    expect(
      readDescription([
        {
          lr: {
            hierarchicalSubject: [
              ' Places | Paris ',
              'places|paris',
              '||',
              'Bad\u0007Tag',
              'x'.repeat(501),
            ],
          },
          digiKam: { TagsList: ['Cafe\u0301/Crème'] },
        },
      ]).keywords,
    ).toEqual(['Places/Paris', 'Café/Crème']);
  });

  it('reads title and caption from dc (x-default first), then IPTC', () => {
    const tower = readDescription([
      {
        dc: {
          title: [
            { lang: 'fr', value: 'Tour' },
            { lang: 'x-default', value: 'Eiffel été' },
          ],
          description: { lang: 'x-default', value: 'A tower' },
        },
        iptc: { ObjectName: 'Ignored', Caption: 'Ignored too' },
      },
    ]);
    expect(tower).toMatchObject({ title: 'Eiffel été', caption: 'A tower' });
    expect(
      readDescription([{ dc: { title: [{ lang: 'de', value: 'Turm' }], description: 'plain' } }]),
    ).toMatchObject({ title: 'Turm', caption: 'plain' });
    expect(
      readDescription([
        {
          dc: { title: { lang: 'x-default', value: '  ' } },
          iptc: { ObjectName: 'Plage', Caption: 'Sable' },
        },
      ]),
    ).toMatchObject({ title: 'Plage', caption: 'Sable' });
  });

  it('reads IPTC text written as UTF-8 (which exifr decodes as Latin-1), and keeps real Latin-1', () => {
    const utf8AsLatin1 = Buffer.from('Sable fin été', 'utf8').toString('latin1');
    expect(
      readDescription([
        {
          iptc: {
            Caption: utf8AsLatin1,
            Keywords: [Buffer.from('Côte', 'utf8').toString('latin1')],
          },
        },
      ]),
    ).toMatchObject({ caption: 'Sable fin été', keywords: ['Côte'] });
    expect(readDescription([{ iptc: { Caption: 'Caf\u00e9' } }]).caption).toBe('Café');
  });

  it('cuts a title and a caption to the longest the library keeps', () => {
    const found = readDescription([
      { dc: { title: 't'.repeat(3000), description: 'c'.repeat(30000) } },
    ]);
    expect(found.title).toHaveLength(2000);
    expect(found.caption).toHaveLength(20000);
  });

  it('lets a later source (a sidecar, the newer sidecar) win field by field', () => {
    const embedded = {
      xmp: { Rating: 2, Label: 'Red' },
      dc: { title: 'Embedded title', subject: ['Old'] },
    };
    const sidecar = { xmp: { Rating: 5 }, dc: { subject: ['New'] } };
    expect(readDescription([embedded, sidecar])).toEqual({
      ...EMPTY,
      rating: 5,
      label: 'red',
      title: 'Embedded title',
      keywords: ['New'],
    });
    // Stars in the sidecar say the photo is not rejected any more.
    expect(readDescription([{ xmp: { Rating: -1 } }, { xmp: { Rating: 3 } }])).toMatchObject({
      rating: 3,
      flag: null,
    });
    // A sidecar without a rating leaves the embedded reject.
    expect(readDescription([{ xmp: { Rating: -1 } }, { dc: { title: 'T' } }]).flag).toBe('reject');
  });

  it('says per source which fields it has', () => {
    expect(describeSource({ dc: { title: 'T' } })).toEqual({ title: 'T', keywords: [] });
  });
});

describe('mergeDescription: a duplicate arriving with a description', () => {
  it("fills what is empty, adds keywords, and never overwrites the user's values", () => {
    expect(
      mergeDescription(
        { ...EMPTY, rating: 3, title: 'Mine', keywords: ['Places/Paris'] },
        {
          rating: 5,
          flag: 'pick',
          label: 'red',
          title: 'Theirs',
          caption: 'Their caption',
          keywords: ['places/paris', 'Sunset'],
        },
      ),
    ).toEqual({
      rating: 3,
      flag: 'pick',
      label: 'red',
      title: 'Mine',
      caption: 'Their caption',
      keywords: ['Places/Paris', 'Sunset'],
    });
    expect(mergeDescription(EMPTY, { ...EMPTY, rating: 4 }).rating).toBe(4);
  });
});
