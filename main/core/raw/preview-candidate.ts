/** What every RAW walker reports: the byte ranges that may hold an embedded JPEG. */

/** A byte range a RAW's structure names as an embedded image, not yet checked to be a JPEG. */
export interface PreviewCandidate {
  /** File offset of the first byte. */
  offset: number;
  length: number;
  /** Where the structure named it ("IFD0 strip", "SubIFD1", "CR3 PRVW"…), for diagnostics. */
  origin: string;
}
