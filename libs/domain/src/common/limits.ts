// How much a person may type into a command: one list for the write side's payload rules and the
// web app's forms, which check the same limits before sending (in the reader's language).
export const LIMITS = {
  /** Reasons, notes, justifications, comments, and each language of a multilingual text. */
  text: 10_000,
  /** An implementation report's summary. */
  summary: 20_000,
  /** A person's or an organisation's name, an agenda item's speaker, a file's name. */
  name: 300,
  /** Where a meeting takes place. */
  place: 500,
  /** A recommendation's number within its meeting. */
  recommendationNumber: 50,
} as const;

/** A meeting's number: its sequence and year, e.g. 1/2026. */
export const MEETING_NUMBER = /^\d{1,4}\/\d{4}$/;
