/**
 * The search bench's generated library (bench/search-bench.ts): photos in sessions (a day, one
 * camera, often one place, some people) over ten years, with cameras, lenses, places, people,
 * events, subjects, titles and captions, written as an existing library of schema version 3
 * (before search) in one bulk transaction, then upgraded by opening it; and what the search
 * indexes cost, measured on a copy.
 */
import { copyFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import { loadavg } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { keywordKey } from '../common/description';
import { openLibraryDatabase } from '../main/core/library/database';
import { libraryLayout } from '../main/core/library/library-paths';
import { MIGRATIONS } from '../main/core/library/migrations';
import { KEYWORD_ROOTS_MIGRATION } from '../main/core/search/keyword-roots-schema';
import { mulberry32 } from './stats';

/** What building the search indexes costs, measured on a copy of a generated library. */
export interface IndexCosts {
  /**
   * Bytes of the VACUUMed database per 100k photos: at schema version 3, and upgraded (every
   * migration after 3: the search indexes, FTS tables, kept facet counts and keyword roots,
   * and the few columns and empty tables of the others).
   */
  withoutPer100k: number;
  withPer100k: number;
  /** Opening the library at schema version 3: the upgrade building every search index. */
  upgradeMs: number;
  /**
   * What migration 9 (each photo's top-level keywords, in photos_by_rating) adds of those:
   * bytes per 100k photos VACUUMed, and its own share of the upgrade. Measured with the other
   * costs; absent for the large library and for costs recorded before it existed.
   */
  keywordRoots?: { per100k: number; upgradeMs: number };
  /** The load average when these were measured. */
  load: string;
  /** False for the large library: its files as generated and upgraded, not VACUUMed copies. */
  vacuumed: boolean;
}

// Bump when the generated libraries change: cached ones of other versions are not reused.
export const CORPUS_VERSION = 'search-v2';
// The schema an existing library has before search: the generator writes it, the upgrade
// from it is measured.
export const BEFORE_SEARCH = 3;

const CAMERAS = [
  { make: 'FUJIFILM', model: 'X-T4', prefix: 'DSCF', ext: 'JPG', format: 'jpeg', share: 0.3 },
  {
    make: 'NIKON CORPORATION',
    model: 'NIKON D750',
    prefix: 'DSC_',
    ext: 'JPG',
    format: 'jpeg',
    share: 0.2,
  },
  {
    make: 'Canon',
    model: 'Canon EOS 5D Mark IV',
    prefix: 'IMG_',
    ext: 'JPG',
    format: 'jpeg',
    share: 0.15,
  },
  { make: 'SONY', model: 'ILCE-7M3', prefix: 'DSC0', ext: 'JPG', format: 'jpeg', share: 0.15 },
  {
    make: 'Apple',
    model: 'iPhone 12 Pro',
    prefix: 'IMG_',
    ext: 'HEIC',
    format: 'heic',
    share: 0.2,
  },
] as const;
// Each camera's lenses, with their focal length range and widest aperture.
const LENSES: Record<string, { name: string; mm: [number, number]; f: number }[]> = {
  'X-T4': [
    { name: 'XF16-55mmF2.8 R LM WR', mm: [16, 55], f: 2.8 },
    { name: 'XF35mmF1.4 R', mm: [35, 35], f: 1.4 },
    { name: 'XF100-400mmF4.5-5.6 R LM OIS WR', mm: [100, 400], f: 4.5 },
  ],
  'NIKON D750': [
    { name: 'AF-S NIKKOR 24-120mm f/4G ED VR', mm: [24, 120], f: 4 },
    { name: 'AF-S NIKKOR 50mm f/1.8G', mm: [50, 50], f: 1.8 },
  ],
  'Canon EOS 5D Mark IV': [
    { name: 'EF24-70mm f/2.8L II USM', mm: [24, 70], f: 2.8 },
    { name: 'EF70-200mm f/2.8L IS III USM', mm: [70, 200], f: 2.8 },
  ],
  'ILCE-7M3': [{ name: 'FE 24-105mm F4 G OSS', mm: [24, 105], f: 4 }],
  'iPhone 12 Pro': [
    { name: 'iPhone 12 Pro back triple camera 4.2mm f/1.6', mm: [4.2, 4.2], f: 1.6 },
  ],
};
const PLACES: Record<string, string[]> = {
  France: ['Paris', 'Lyon', 'Marseille', 'Nice', 'Bordeaux', 'Strasbourg', 'Toulouse', 'Annecy'],
  Switzerland: ['Zürich', 'Genève', 'Bern', 'Basel', 'Lausanne', 'Luzern', 'Zermatt'],
  Germany: ['Berlin', 'München', 'Hamburg', 'Köln', 'Frankfurt', 'Dresden', 'Leipzig'],
  Italy: ['Roma', 'Milano', 'Venezia', 'Firenze', 'Napoli', 'Torino', 'Bologna'],
  Spain: ['Madrid', 'Barcelona', 'Sevilla', 'València', 'Málaga', 'Granada'],
  Portugal: ['Lisboa', 'Porto', 'Faro', 'Coimbra'],
  Austria: ['Wien', 'Salzburg', 'Innsbruck', 'Graz'],
  'United Kingdom': ['London', 'Edinburgh', 'Manchester', 'Bristol', 'York'],
  Norway: ['Oslo', 'Bergen', 'Tromsø', 'Trondheim'],
  Japan: ['Tokyo', 'Kyoto', 'Osaka', 'Sapporo', 'Nara'],
  USA: ['New York', 'San Francisco', 'Chicago', 'Seattle', 'Boston'],
  Iceland: ['Reykjavík', 'Vík', 'Akureyri'],
};
// Cities by how often the photographer is there: home first (Zürich), the rarest last.
const CITIES = Object.entries(PLACES)
  .flatMap(([country, cities]) => cities.map((city) => ({ country, city })))
  .sort((a, b) => rank(a.city) - rank(b.city));
function rank(city: string): number {
  const first = ['Zürich', 'Paris', 'Berlin', 'Bern', 'Lyon', 'Roma', 'Wien', 'Basel'];
  const last = ['Akureyri', 'Vík'];
  if (first.includes(city)) return first.indexOf(city) - 100;
  if (last.includes(city)) return 100 + last.indexOf(city);
  return 0;
}
const FIRST_NAMES = [
  'Anna',
  'Ben',
  'Chloé',
  'David',
  'Élodie',
  'Felix',
  'Greta',
  'Hugo',
  'Inès',
  'Jonas',
  'Katrin',
  'Léa',
  'Marco',
  'Nina',
  'Oskar',
  'Paul',
  'Rosa',
  'Simon',
  'Theo',
  'Ursula',
  'Vera',
  'Walter',
  'Yara',
  'Zoé',
  'Amélie',
  'Bruno',
  'Clara',
  'Dario',
  'Emma',
  'Fabian',
  'Gabriel',
  'Hanna',
  'Ida',
  'Jakob',
  'Klara',
  'Lukas',
  'Mia',
  'Noah',
  'Olivia',
  'Pia',
  'Quentin',
  'Rafael',
  'Sofia',
  'Tobias',
  'Uma',
  'Valentin',
  'Wanda',
  'Xavier',
  'Yves',
  'Zora',
  'Andrés',
  'Björn',
  'Céline',
  'Dominik',
  'Eva',
  'François',
  'Gül',
  'Håkon',
  'Ingrid',
  'Jürg',
];
const PEOPLE = FIRST_NAMES.map(
  (name, index) => `People/${['Family', 'Friends', 'Friends', 'Colleagues'][index % 4]}/${name}`,
);
const EVENTS = [
  'Wedding',
  'Birthday',
  'Christmas',
  'New Year',
  'Easter',
  'Graduation',
  'Concert',
  'Festival',
  'Fête de la musique',
  'Carnival',
  'Marathon',
  'Football match',
  'Ski trip',
  'Hiking trip',
  'Summer holiday',
  'Winter holiday',
  'Road trip',
  'Conference',
  'Baptism',
  'Anniversary',
  'Picnic',
  'Barbecue',
  'Exhibition',
  'Theatre',
  'Opening night',
  'Reunion',
  'Farewell party',
  'Housewarming',
  'Harvest',
  'Market day',
].map((event) => `Events/${event}`);
const SUBJECTS = [
  'Nature/Birds',
  'Nature/Mountains',
  'Nature/Lakes',
  'Nature/Sea',
  'Nature/Forest',
  'Nature/Flowers',
  'Nature/Sunset',
  'Nature/Snow',
  'Nature/Animals/Dogs',
  'Nature/Animals/Cats',
  'Nature/Animals/Horses',
  'Themes/Architecture',
  'Themes/Food',
  'Themes/Street',
  'Themes/Portrait',
  'Themes/Night',
  'Themes/Cars',
  'Themes/Trains',
  'Themes/Bridges',
  'Themes/Churches',
  'Themes/Markets',
  'Themes/Cafés',
  'Themes/Museums',
  'Themes/Gardens',
  'Themes/Boats',
  'Themes/Kids',
  'Themes/Sports',
  'Themes/Music',
  'Themes/Black and white',
  'Themes/Reflections',
];
const TITLE_TEMPLATES = [
  (place: string) => `Été à ${place}`,
  (place: string) => `Sunset over ${place}`,
  (place: string) => `Morning in ${place}`,
  (place: string) => `Streets of ${place}`,
  () => 'Première neige',
  () => 'Café au lait',
  () => 'Self portrait',
  () => 'The old bridge',
];
const CAPTION_WORDS = [
  'walking',
  'along',
  'the',
  'lake',
  'with',
  'friends',
  'after',
  'dinner',
  'crème',
  'brûlée',
  'évening',
  'light',
  'über',
  'den',
  'Dächern',
  'rain',
  'again',
  'façade',
  'old',
  'town',
  'naïve',
  'mural',
  'harbour',
  'boats',
  'waiting',
  'for',
  'the',
  'train',
  'café',
  'terrace',
];
const YEARS = 10;
const FIRST_DAY = Date.UTC(2015, 0, 1);
const DAY_MS = 86_400_000;

/**
 * Generates the library under `root` as a library of schema version 3 filled in bulk, then
 * opens it, which upgrades it (timed, and sized before and after when `measureCosts`).
 */
export async function buildLibrary(
  root: string,
  count: number,
  measureCosts: boolean,
): Promise<IndexCosts> {
  // Built beside its place and moved in at the end, so an interrupted build is never reused.
  const partial = `${root}.partial`;
  await rm(partial, { recursive: true, force: true });
  await mkdir(partial, { recursive: true });
  const database = libraryLayout(partial).database;
  const db = new Database(database);
  try {
    // The generator's file is rebuilt from scratch when interrupted: nothing to journal, nothing
    // to sync until it is closed.
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    for (const migration of MIGRATIONS.slice(0, BEFORE_SEARCH)) db.exec(migration);
    db.pragma(`user_version = ${BEFORE_SEARCH}`);
    fill(db, count);
  } finally {
    db.close();
  }
  const sizeBefore = (await stat(database)).size;
  let costs: IndexCosts | null = null;
  if (measureCosts) {
    const beforeSearch = path.join(partial, `schema-${BEFORE_SEARCH}.db`);
    vacuumInto(database, beforeSearch);
    costs = await indexCosts(beforeSearch, path.join(partial, 'costs'), count);
  }
  const load = loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
  const started = performance.now();
  const upgraded = openLibraryDatabase(database);
  const upgradeMs = performance.now() - started;
  upgraded.pragma('wal_checkpoint(TRUNCATE)');
  upgraded.close();
  // VACUUMing copies of a large library would take minutes: its files as they are (built in
  // one pass each, so with little free space).
  costs ??= {
    withoutPer100k: (sizeBefore / count) * 100_000,
    withPer100k: ((await stat(database)).size / count) * 100_000,
    upgradeMs,
    load,
    vacuumed: false,
  };
  await rm(root, { recursive: true, force: true });
  await rename(partial, root);
  return costs;
}

/** A VACUUMed copy of a database file. */
function vacuumInto(file: string, copy: string): void {
  const db = new Database(file);
  try {
    db.prepare('VACUUM INTO ?').run(copy);
  } finally {
    db.close();
  }
}

/**
 * Inserts `count` photos in sessions (a day, one camera, often one place, some people), in
 * capture order over ten years, with their derivatives' rows and keywords, through prepared
 * statements in one transaction, into a library of schema version 3 (no search triggers: the
 * upgrade builds the search indexes from what is there, as it does for an existing library).
 */
function fill(db: Database.Database, count: number): void {
  const random = mulberry32(12);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!;
  const insertPhoto = db.prepare(
    `INSERT INTO photos (hash, original_name, stored_path, bytes, format, width, height,
       orientation, taken_at, taken_sort, taken_at_source, camera_make, camera_model, lens,
       gps_lat, gps_lon, exposure_time, f_number, iso, focal_length, imported_at,
       rating, flag, label, title, caption, description_rev, sidecar_rev)
     VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?, 'exif', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 1)`,
  );
  const insertDerivative = db.prepare(
    `INSERT INTO derivatives (photo_id, size, stored_path, width, height, bytes)
     VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const addKeyword = db.prepare(
    'INSERT OR IGNORE INTO photo_keywords (photo_id, keyword_key, path) VALUES (?, ?, ?)',
  );
  const counters = new Map<string, number>(CAMERAS.map((camera) => [camera.model, 1]));
  const spanMs = YEARS * 365 * DAY_MS;
  const sessions = Math.max(1, Math.round(count / 60));
  const labels = ['red', 'yellow', 'green', 'blue', 'purple'];
  db.transaction(() => {
    let inserted = 0;
    for (let session = 0; session < sessions && inserted < count; session += 1) {
      const remaining = count - inserted;
      const size =
        session === sessions - 1 ? remaining : Math.min(remaining, 5 + Math.floor(random() * 110));
      const start = FIRST_DAY + Math.floor((session / sessions) * spanMs) + 8 * 3_600_000;
      const cameraRoll = random();
      let share = 0;
      const camera =
        CAMERAS.find((candidate) => (share += candidate.share) >= cameraRoll) ?? CAMERAS[0];
      const lenses = LENSES[camera.model]!;
      // Zipf-like: a few cities most of the time.
      const place =
        random() < 0.65 ? CITIES[Math.floor(CITIES.length * random() ** 2.5)]! : undefined;
      const event = random() < 0.3 ? pick(EVENTS) : undefined;
      const people = Array.from(
        { length: Math.floor(random() * 4) },
        () => PEOPLE[Math.floor(PEOPLE.length * random() ** 2)]!,
      );
      const imported = new Date(start + (1 + Math.floor(random() * 20)) * DAY_MS).toISOString();
      const gps = place !== undefined && random() < 0.7;
      for (let shot = 0; shot < size; shot += 1) {
        inserted += 1;
        const id = inserted;
        const takenSort = start + shot * (10_000 + Math.floor(random() * 200_000));
        const takenAt = new Date(takenSort).toISOString().slice(0, 19);
        const number = counters.get(camera.model)!;
        counters.set(camera.model, number + 1);
        const name = `${camera.prefix}${String(number % 10_000).padStart(4, '0')}.${camera.ext}`;
        const hash = id.toString(16).padStart(64, '0');
        const lens = pick(lenses);
        const mm = Math.round(lens.mm[0] + (lens.mm[1] - lens.mm[0]) * random());
        const f =
          [lens.f, 2.8, 4, 5.6, 8, 11, 16].filter((value) => value >= lens.f)[
            Math.floor(random() * 5) % 5
          ] ?? lens.f;
        const iso = [100, 200, 400, 800, 1600, 3200, 6400, 12800][Math.floor(8 * random() ** 2)]!;
        const rating = random() < 0.3 ? 1 + Math.floor(5 * random() ** 1.5) : 0;
        const flagRoll = random();
        const flag = flagRoll < 0.08 ? 'pick' : flagRoll < 0.12 ? 'reject' : null;
        const label = random() < 0.06 ? pick(labels) : null;
        const city = place?.city ?? 'the garden';
        const title = random() < 0.2 ? pick(TITLE_TEMPLATES)(city) : null;
        const caption =
          random() < 0.15
            ? Array.from({ length: 3 + Math.floor(random() * 5) }, () => pick(CAPTION_WORDS))
                .join(' ')
                .replace(/^./, (first) => first.toUpperCase()) + (place ? ` in ${place.city}` : '')
            : null;
        const portrait = random() < 0.25;
        const result = insertPhoto.run(
          hash,
          name,
          `originals/${takenAt.slice(0, 4)}/${takenAt.slice(5, 7)}/${id}-${name}`,
          4_000_000 + Math.floor(random() * 20_000_000),
          camera.format,
          portrait ? 4000 : 6000,
          portrait ? 6000 : 4000,
          takenAt,
          takenSort,
          camera.make,
          camera.model,
          lens.name,
          gps ? 47 + random() : null,
          gps ? 8 + random() : null,
          1 / [30, 60, 125, 250, 500, 1000, 4000][Math.floor(random() * 7)]!,
          f,
          iso,
          mm,
          imported,
          rating,
          flag,
          label,
          title,
          caption,
        );
        const photoId = Number(result.lastInsertRowid);
        for (const [index, derivative] of (['thumb', 'medium', 'large'] as const).entries()) {
          insertDerivative.run(
            photoId,
            derivative,
            `derivatives/${hash.slice(0, 2)}/${hash}-${derivative}.webp`,
            [400, 1280, 2048][index]!,
            [267, 853, 1365][index]!,
            30_000 * (index + 1),
          );
        }
        // 0-4 keywords: the session's place (most of its photos), some of its people, its
        // event, and now and then a subject.
        const keywords = new Set<string>();
        if (place && random() < 0.8) keywords.add(`Places/${place.country}/${place.city}`);
        for (const person of people) if (random() < 0.4) keywords.add(person);
        if (event && random() < 0.6) keywords.add(event);
        if (random() < 0.3) keywords.add(pick(SUBJECTS));
        for (const keyword of [...keywords].slice(0, 4))
          addKeyword.run(photoId, keywordKey(keyword), keyword);
      }
    }
  }).immediate();
}

/**
 * Sizes the VACUUMed library of schema version 3 and, on a copy, times opening it (the upgrade
 * an existing library goes through, building every search index) and sizes it VACUUMed after.
 */
export async function indexCosts(
  beforeSearch: string,
  workDir: string,
  photos: number,
): Promise<IndexCosts> {
  await rm(workDir, { recursive: true, force: true });
  await mkdir(workDir, { recursive: true });
  const upgraded = path.join(workDir, 'upgraded.db');
  await copyFile(beforeSearch, upgraded);
  const load = loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
  const started = performance.now();
  const db = openLibraryDatabase(upgraded);
  const upgradeMs = performance.now() - started;
  const version = db.pragma('user_version', { simple: true });
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  if (version !== MIGRATIONS.length) throw new Error(`the upgrade stopped at ${String(version)}`);
  const vacuumed = path.join(workDir, 'vacuumed.db');
  vacuumInto(upgraded, vacuumed);
  const per100k = async (file: string): Promise<number> =>
    ((await stat(file)).size / photos) * 100_000;
  const costs = {
    withoutPer100k: await per100k(beforeSearch),
    withPer100k: await per100k(vacuumed),
    upgradeMs,
    keywordRoots: await keywordRootsCosts(vacuumed, workDir, photos),
    load,
    vacuumed: true,
  };
  await rm(workDir, { recursive: true, force: true });
  return costs;
}

// Migration 9 taken back on an upgraded library: its triggers, its column and photos_by_rating
// as migration 4 made it (later migrations stay applied).
const WITHOUT_KEYWORD_ROOTS = `
  DROP TRIGGER photo_keywords_insert_roots;
  DROP TRIGGER photo_keywords_delete_roots;
  DROP TRIGGER photo_keywords_update_roots;
  DROP INDEX photos_by_rating;
  ALTER TABLE photos DROP COLUMN keyword_roots;
  CREATE INDEX photos_by_rating ON photos (rating, taken_sort, id) WHERE trashed_at IS NULL;
`;

/**
 * Migration 9's share of the costs: on a copy of the VACUUMed upgraded library with it taken
 * back (VACUUMed again, so the size difference is its own), its SQL run as the upgrade runs it.
 */
async function keywordRootsCosts(
  upgraded: string,
  workDir: string,
  photos: number,
): Promise<{ per100k: number; upgradeMs: number }> {
  const takenBack = path.join(workDir, 'without-roots.db');
  await copyFile(upgraded, takenBack);
  const before = openLibraryDatabase(takenBack);
  before.exec(WITHOUT_KEYWORD_ROOTS);
  before.pragma('wal_checkpoint(TRUNCATE)');
  before.close();
  const without = path.join(workDir, 'without-roots-vacuumed.db');
  vacuumInto(takenBack, without);
  const withoutBytes = (await stat(without)).size;
  const db = openLibraryDatabase(without);
  const started = performance.now();
  db.transaction(() => db.exec(KEYWORD_ROOTS_MIGRATION))();
  const upgradeMs = performance.now() - started;
  db.close();
  return {
    per100k: (((await stat(upgraded)).size - withoutBytes) / photos) * 100_000,
    upgradeMs,
  };
}
