/**
 * The limits the cloud function's input schemas enforce, as the pages check them before a round
 * trip. Text is counted the way zod (4.x) counts it: the trimmed value's Unicode code points, so an
 * emoji or a rare Han character outside the BMP counts once although it is two UTF-16 units.
 */
export type TextLimit = readonly [min: number, max: number];

export const LIMITS = {
  ticket: {
    category: [1, 40],
    description: [5, 500],
    commonArea: [2, 20],
    preferredTime: [1, 40],
    reply: [2, 500],
    workNote: [2, 500],
    resolveNote: [2, 500],
    visitNote: [2, 300],
    explanation: [10, 300],
    channel: [2, 100],
    departments: [2, 100],
    noticeNote: [2, 300],
    reopenReason: [2, 200],
    confirmationSaid: [2, 200],
    validityReason: [2, 200],
    answeredBy: [1, 20],
    unansweredAttempts: [10, 500],
    comment: [0, 200],
    phrase: [2, 100],
    handoverSummary: [0, 500],
    followUp: [2, 200],
  },
  desk: {
    callerName: [0, 20],
    unitLabel: [0, 40],
    topic: [2, 100],
    outcome: [2, 300],
    event: [2, 300],
    reportedTo: [0, 60],
  },
  report: {
    comment: [0, 500],
  },
  review: {
    analysis: [2, 500],
    progress: [0, 500],
    outcome: [2, 300],
  },
  incident: {
    title: [2, 60],
    description: [5, 1000],
    analysis: [2, 500],
    signOffNote: [0, 300],
  },
  renovation: {
    company: [2, 60],
    contactName: [2, 20],
    reviewReason: [2, 300],
    checkNote: [0, 200],
    fixNote: [2, 200],
    acceptNote: [2, 300],
  },
  binding: {
    rejectReason: [2, 200],
    revealReason: [4, 200],
  },
  disclosure: {
    title: [2, 60],
    period: [2, 30],
    correctionNote: [4, 300],
    question: [5, 500],
  },
  notice: {
    title: [2, 60],
    addressee: [2, 40],
    body: [10, 3000],
    issuer: [2, 40],
    withdrawReason: [4, 200],
  },
  bill: {
    waiveReason: [4, 200],
    refundReason: [4, 200],
  },
  community: {
    name: [2, 40],
    address: [4, 120],
  },
  personName: [2, 20],
} as const satisfies Record<string, Record<string, TextLimit> | TextLimit>;

/** How many of a thing one request may carry. */
export const COUNTS = {
  ticketPhotos: 9,
  workPhotos: 9,
  proofs: 3,
  renovationFiles: 9,
  inspectionPhotos: 9,
  phrases: 30,
  /** A disclosure's rows. */
  rows: 100,
  workers: 200,
  /** The buildings one notice is published to. */
  noticeBuildings: 50,
} as const;

/** The length zod checks: code points of the trimmed text (a lone surrogate counts as one, as there). */
export function textLength(value: string): number {
  return Array.from(value.trim()).length;
}

/** Whether the cloud accepts the text under this limit. */
export function fitsText(value: string, [min, max]: TextLimit): boolean {
  const length = textLength(value);
  return length >= min && length <= max;
}

/** The sentence telling the user what is wrong with `what` (`回复内容`), or undefined when it fits. */
export function checkText(value: string, limit: TextLimit | readonly number[], what: string): string | undefined {
  const length = textLength(value);
  const [min = 0, max = Infinity] = limit;
  if (length === 0 && min > 0) return `请填写${what}`;
  if (length < min) return `${what}至少 ${min} 个字`;
  if (length > max) return `${what}不能超过 ${max} 个字`;
  return undefined;
}
