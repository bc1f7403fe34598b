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
  patrol: {
    route: [2, 30],
    checkpoint: [2, 30],
    item: [2, 40],
    note: [0, 200],
    workOrder: [5, 300],
    doneNote: [2, 200],
  },
  key: {
    name: [2, 30],
    opens: [2, 60],
    keptAt: [2, 30],
    borrower: [2, 20],
    reason: [2, 100],
  },
  custody: {
    description: [2, 100],
    fromName: [2, 30],
    forName: [1, 20],
    toName: [1, 20],
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
  fileLoan: {
    recordsTitle: [2, 60],
    purpose: [4, 200],
    body: [4, 60],
    documentType: [2, 20],
    documentNumber: [4, 40],
    note: [0, 200],
    refusal: [2, 200],
  },
  keeperHandover: {
    itemTitle: [2, 60],
    itemNote: [0, 100],
    note: [0, 300],
  },
  contract: {
    party: [2, 60],
    subject: [2, 200],
    endNote: [2, 200],
  },
  shop: {
    name: [2, 40],
    tenant: [2, 40],
    business: [2, 60],
    licenceName: [2, 30],
    licenceNumber: [4, 40],
    followUp: [4, 300],
    note: [0, 300],
    closeNote: [2, 200],
  },
  personName: [2, 20],
  care: {
    address: [2, 60],
    relation: [1, 10],
    healthNotes: [0, 100],
    note: [0, 200],
  },
  visit: {
    topics: [2, 300],
    opinions: [0, 500],
    request: [2, 200],
  },
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
  patrolCheckpoints: 30,
  patrolItems: 12,
  patrolPhotos: 6,
  keyCopies: 20,
  /** The important files one keeper's handover lists. */
  handoverItems: 50,
  contractFiles: 9,
  licences: 10,
  /** The most days between a shop's fire checks, and the default. */
  fireCheckMaxDays: 365,
  fireCheckDefaultDays: 30,
  /** The most days a file may be lent for. */
  loanMaxDays: 90,
  /** The buildings one notice is published to. */
  noticeBuildings: 50,
  /** A care plan's intervals: contact at least weekly, visit at least monthly. */
  careContactMaxDays: 7,
  careVisitMaxDays: 31,
  /** The requests one visit's interview records. */
  visitRequests: 5,
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
