import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { AnswerInput, FreeTextAnswer, Question, QuestionResult, Survey, SurveyAction, SurveyFinding, SurveyResults, SurveyStatus } from '../../../../typings/events';
import { chinaDate } from '../../../../miniprogram/shared/time';
import { MAINTAINERS, RECORDS_DESK, anyone, inCommunity, onRecord } from '../access';
import { ALL_COMMUNITIES, asResident } from '../caller';
import { loadUnit } from '../communities/units';
import { naturalOrder } from '../chineseOrder';
import { assertSafeText } from '../contentCheck';
import { command, findById, findJoined } from '../db';
import { AppError, conflict, forbidden, notFound } from '../errors';
import { createOnce, requestOf } from '../idempotency';
import { earliestFirst, newestFirst } from '../paging';
import { allowedActions, enforce, type Viewer } from '../policy';
import type { Route } from '../router';
import { atomically } from '../transaction';
import { cursor, id, text, version } from '../validation';
import { ownerHomes, staffName } from './common';
import { surveyPolicy, type SurveyState } from './policy';

/**
 * Seed 002 §6: the customer-opinion survey (顾客意见调查), at least once a year. The company writes
 * the questionnaire, sends it to the community's verified owners, each answers once; the results
 * are analysed (charts, a per-building breakdown, the free text) and actions recorded against them.
 *
 * Anonymous by construction: who answered (a ballot, to refuse a second answer) and what was
 * answered (an answer with a random id, the building and the China day only) are stored apart,
 * with nothing linking one to the other; the results are totals kept on the survey.
 */

interface QuestionTally {
  counts: number[];
  ratingSum: number;
  answered: number;
}

interface BuildingTally {
  building: string;
  answers: number;
  ratingSum: number;
  ratingCount: number;
}

export interface SurveyDocument {
  _id: string;
  communityId: string;
  title: string;
  intro: string;
  questions: Question[];
  status: SurveyStatus;
  sentAt?: Date;
  closedAt?: Date;
  answers: number;
  tally: QuestionTally[];
  buildings: BuildingTally[];
  findings: { finding: string; action: string; byName: string; at: Date }[];
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

/** Who has answered: only so a second answer is refused. It names no answer. */
export interface BallotDocument {
  _id: string;
  surveyId: string;
  openid: string;
  at: Date;
}

interface AnswerDocument {
  _id: string;
  surveyId: string;
  building: string;
  /** The China day at 00:00: no finer time that could be matched with a ballot's. */
  day: Date;
  answers: AnswerInput[];
  hasText: boolean;
}

const RATINGS = 5;
export const ballotId = (surveyId: string, openid: string): string => `b${createHash('sha256').update(`${surveyId}\u0000${openid}`).digest('hex').slice(0, 31)}`;

type LoadedSurvey = SurveyDocument & Omit<SurveyState, 'status' | 'communityId'>;

const loadSurvey = async (surveyId: string): Promise<LoadedSurvey> => {
  const found = await findById<SurveyDocument>('surveys', surveyId);
  if (!found) throw notFound('问卷不存在');
  return { ...found, ownerOpenids: [], answered: false };
};

/** The survey as the viewer stands to it: a verified owner of its community, and whether they answered. */
async function asViewer(doc: SurveyDocument, viewer: Viewer): Promise<LoadedSurvey> {
  const homes = await ownerHomes(viewer.openid);
  if (!homes.some((home) => home.communityId === doc.communityId)) return { ...doc, ownerOpenids: [], answered: false };
  const ballot = await findById<BallotDocument>('surveyBallots', ballotId(doc._id, viewer.openid));
  return { ...doc, ownerOpenids: [viewer.openid], answered: Boolean(ballot) };
}

function toSurvey(doc: LoadedSurvey, viewer: Viewer, now: Date): Survey {
  return {
    id: doc._id,
    communityId: doc.communityId,
    title: doc.title,
    intro: doc.intro,
    questions: doc.questions,
    status: doc.status,
    ...(doc.sentAt ? { sentAt: new Date(doc.sentAt).toISOString() } : {}),
    answers: doc.answers,
    ...(doc.ownerOpenids.length ? { answered: doc.answered } : {}),
    version: doc.version,
    allowed: allowedActions(surveyPolicy, doc, viewer, now),
  };
}

const surveys = { policy: surveyPolicy, load: loadSurvey, versionOf: (doc: LoadedSurvey) => doc.version, stale: '问卷已被他人更新，请刷新后重试' };

const isStaffOf = (viewer: Viewer, communityId: string): boolean =>
  viewer.grants.some((grant) => (RECORDS_DESK as readonly string[]).includes(grant.role) && (grant.communityId === communityId || grant.communityId === ALL_COMMUNITIES));

const question = z.strictObject({
  id: z.string().regex(/^[a-z0-9]{1,8}$/),
  kind: z.enum(['single', 'multiple', 'rating', 'text']),
  title: text(2, 100),
  options: z.array(text(1, 40)).max(10, '每题最多 10 个选项'),
  required: z.boolean(),
});

/** Questions get their ids from their place; choices only where they belong. */
function checkQuestions(questions: Question[]): Question[] {
  return questions.map((item, index) => {
    const choice = item.kind === 'single' || item.kind === 'multiple';
    if (choice && item.options.length < 2) throw new AppError('VALIDATION', `第 ${index + 1} 题至少需要 2 个选项`);
    return { ...item, id: `q${index + 1}`, options: choice ? item.options : [] };
  });
}

const emptyTally = (questions: Question[]): QuestionTally[] =>
  questions.map((item) => ({ counts: new Array<number>(item.kind === 'rating' ? RATINGS : item.options.length).fill(0), ratingSum: 0, answered: 0 }));

export const saveSurvey: Route<'survey.save'> = {
  access: inCommunity(MAINTAINERS, (input) => input.communityId),
  input: z.strictObject({ communityId: id, id: id.optional(), version: version.optional(), title: text(2, 40), intro: text(0, 500), questions: z.array(question).min(1, '至少需要 1 道题').max(30, '最多 30 道题') }),
  idempotent: true,
  async handle(input, { caller, now, request }) {
    const questions = checkQuestions(input.questions);
    await assertSafeText(caller.openid, [input.title, input.intro, ...questions.flatMap((item) => [item.title, ...item.options])].join('\n'));
    const fields = { title: input.title, intro: input.intro, questions, tally: emptyTally(questions), updatedAt: now };
    const viewer = await caller.viewer();
    if (input.id) {
      const doc = await loadSurvey(input.id);
      if (doc.communityId !== input.communityId) throw notFound('问卷不存在');
      enforce(surveyPolicy, 'edit', doc, viewer, now);
      await atomically(['surveys'], async (transaction) => {
        const current = await transaction.get<SurveyDocument>('surveys', doc._id);
        if (!current || current.version !== input.version) throw conflict(surveys.stale);
        await transaction.update('surveys', doc._id, { ...fields, version: current.version + 1 });
      });
      return toSurvey(await loadSurvey(doc._id), viewer, now);
    }
    const doc: SurveyDocument = { _id: requestOf(request).idFor('q'), communityId: input.communityId, ...fields, status: 'draft', answers: 0, buildings: [], findings: [], createdAt: now, version: 1 };
    return createOnce(requestOf(request), 'surveys', { ...doc }, toSurvey({ ...doc, ownerOpenids: [], answered: false }, viewer, now));
  },
};

function stepRoute<Name extends 'survey.send' | 'survey.close'>(action: 'send' | 'close', status: SurveyStatus, stamp: 'sentAt' | 'closedAt'): Route<Name> {
  return onRecord<Name, LoadedSurvey, SurveyStatus, SurveyAction, 'owner'>(surveys, {
    actions: [action],
    input: z.strictObject({ id, version }),
    async handle(input, { caller, now, record: doc }) {
      await atomically(['surveys'], async (transaction) => {
        const current = await transaction.get<SurveyDocument>('surveys', doc._id);
        if (!current || current.version !== input.version) throw conflict(surveys.stale);
        await transaction.update('surveys', doc._id, { status, [stamp]: now, updatedAt: now, version: current.version + 1 });
      });
      return toSurvey(await loadSurvey(doc._id), await caller.viewer(), now);
    },
  });
}

export const sendSurvey = stepRoute<'survey.send'>('send', 'open', 'sentAt');
export const closeSurvey = stepRoute<'survey.close'>('close', 'closed', 'closedAt');

export const listSurveys: Route<'survey.list'> = {
  access: inCommunity(RECORDS_DESK, (input) => input.communityId),
  input: z.strictObject({ communityId: id, cursor }),
  async handle({ communityId, cursor: after }, { caller, now }) {
    const viewer = await caller.viewer();
    return newestFirst<SurveyDocument, Survey>('surveys', { communityId }, 'createdAt', after, 20, (doc) => toSurvey({ ...doc, ownerOpenids: [], answered: false }, viewer, now));
  },
};

export const getSurvey: Route<'survey.get'> = {
  access: anyone('本小区的员工，或本小区的已认证业主（调查中的问卷）'),
  input: z.strictObject({ id }),
  async handle({ id: surveyId }, { caller, now }) {
    const viewer = await caller.viewer();
    const doc = await asViewer(await loadSurvey(surveyId), viewer);
    if (!isStaffOf(viewer, doc.communityId) && !(doc.ownerOpenids.length && doc.status !== 'draft')) throw forbidden('您没有查看该问卷的权限');
    return toSurvey(doc, viewer, now);
  },
};

export const mySurveys: Route<'survey.mine'> = {
  access: anyone('已认证业主：其小区调查中的问卷'),
  input: z.strictObject({}),
  async handle(_input, { caller, now }) {
    const communityIds = [...new Set((await ownerHomes(caller.openid)).map((home) => home.communityId))];
    if (!communityIds.length) return [];
    // The open surveys of their communities, each with the caller's ballot joined to it (one request).
    const docs = await findJoined<SurveyDocument & { ballot: BallotDocument[] }>(
      'surveys',
      { communityId: command().in(communityIds), status: 'open' },
      10,
      [{ as: 'ballot', from: 'surveyBallots', on: { field: 'surveyId', localField: '_id' }, where: { openid: caller.openid }, orderBy: ['at', 'asc'], limit: 1 }],
      ['sentAt', 'desc'],
    );
    // Surveys sent to the caller as a verified owner: what they may do here is an owner's (answer), whatever roles they hold.
    const viewer = asResident(caller);
    return docs.map(({ ballot, ...doc }) => toSurvey({ ...doc, ownerOpenids: [caller.openid], answered: ballot.length > 0 }, viewer, now));
  },
};

/** Checks every answer against its question; answers the tally's increments. */
function checkAnswers(questions: Question[], answers: AnswerInput[]): AnswerInput[] {
  const byId = new Map(answers.map((answer) => [answer.questionId, answer]));
  if (byId.size !== answers.length) throw new AppError('VALIDATION', '每道题只能作答一次');
  for (const answer of answers) if (!questions.some((item) => item.id === answer.questionId)) throw new AppError('VALIDATION', '问卷中没有这道题，请刷新');
  return questions.flatMap((item, index): AnswerInput[] => {
    const answer = byId.get(item.id);
    const empty = !answer || (item.kind === 'text' ? !answer.text?.trim() : item.kind === 'rating' ? answer.rating === undefined : !answer.choices?.length);
    if (empty) {
      if (item.required) throw new AppError('VALIDATION', `请回答第 ${index + 1} 题`);
      return [];
    }
    const wrong = (): never => {
      throw new AppError('VALIDATION', `第 ${index + 1} 题的答案不正确`);
    };
    if (item.kind === 'text') return [{ questionId: item.id, text: answer.text?.trim() ?? '' }];
    if (item.kind === 'rating') return [{ questionId: item.id, rating: answer.rating ?? wrong() }];
    const choices = [...new Set(answer.choices)].sort((x, y) => x - y);
    if (choices.some((choice) => choice >= item.options.length) || (item.kind === 'single' && choices.length !== 1)) wrong();
    return [{ questionId: item.id, choices }];
  });
}

function tallied(doc: SurveyDocument, building: string, answers: AnswerInput[]): Pick<SurveyDocument, 'tally' | 'buildings'> {
  const tally = doc.tally.map((entry) => ({ ...entry, counts: [...entry.counts] }));
  let ratingSum = 0;
  let ratingCount = 0;
  for (const answer of answers) {
    const index = doc.questions.findIndex((item) => item.id === answer.questionId);
    const entry = tally[index];
    entry.answered += 1;
    for (const choice of answer.choices ?? []) entry.counts[choice] += 1;
    if (answer.rating !== undefined) {
      entry.counts[answer.rating - 1] += 1;
      entry.ratingSum += answer.rating;
      ratingSum += answer.rating;
      ratingCount += 1;
    }
  }
  const found = doc.buildings.find((entry) => entry.building === building);
  const buildings = found
    ? doc.buildings.map((entry) => (entry === found ? { ...entry, answers: entry.answers + 1, ratingSum: entry.ratingSum + ratingSum, ratingCount: entry.ratingCount + ratingCount } : entry))
    : [...doc.buildings, { building, answers: 1, ratingSum, ratingCount }];
  return { tally, buildings };
}

export const answerSurvey: Route<'survey.answer'> = {
  access: anyone('本小区的已认证业主，每份问卷一次'),
  input: z.strictObject({
    id,
    answers: z
      .array(
        z.strictObject({
          questionId: z.string().regex(/^q\d{1,2}$/),
          choices: z.array(z.number().int().min(0).max(9)).max(10).optional(),
          rating: z.number().int().min(1).max(RATINGS).optional(),
          text: text(0, 500).optional(),
        }),
      )
      .max(30),
  }),
  idempotent: true,
  async handle(input, { caller, now }) {
    const viewer = await caller.viewer();
    const doc = await asViewer(await loadSurvey(input.id), viewer);
    enforce(surveyPolicy, 'answer', doc, viewer, now);
    const answers = checkAnswers(doc.questions, input.answers);
    const texts = answers.flatMap((answer) => (answer.text ? [answer.text] : []));
    if (texts.length) await assertSafeText(caller.openid, texts.join('\n'));
    const home = (await ownerHomes(caller.openid)).find((binding) => binding.communityId === doc.communityId);
    const building = home ? (await loadUnit(home.unitId)).building || '未分楼栋' : '未分楼栋';
    const ballot = ballotId(doc._id, caller.openid);
    // Random, not derived from the request or the caller: nothing stored beside the request leads to it.
    const answerId = `a${randomBytes(16).toString('hex')}`;
    await atomically(['surveys', 'surveyBallots', 'surveyAnswers'], async (transaction) => {
      const current = await transaction.get<SurveyDocument>('surveys', doc._id);
      if (!current || current.status !== 'open') throw conflict(surveyPolicy.rules.answer.wrongStatus ?? '');
      if (await transaction.get<BallotDocument>('surveyBallots', ballot)) throw conflict(surveyPolicy.rules.answer.unless?.[0].refuse ?? '');
      await transaction.insert('surveyBallots', { _id: ballot, surveyId: doc._id, openid: caller.openid, at: now });
      const stored: AnswerDocument = { _id: answerId, surveyId: doc._id, building, day: new Date(`${chinaDate(now)}T00:00:00+08:00`), answers, hasText: texts.length > 0 };
      await transaction.insert('surveyAnswers', { ...stored });
      await transaction.update('surveys', doc._id, { ...tallied(current, building, answers), answers: current.answers + 1 });
    });
    return { id: doc._id, answered: true as const };
  },
};

const oneDecimal = (sum: number, count: number): number => (count ? Math.round((sum / count) * 10) / 10 : 0);

function toResults(doc: LoadedSurvey, viewer: Viewer, now: Date): SurveyResults {
  const questions: QuestionResult[] = doc.questions.map((item, index) => {
    const entry = doc.tally[index] ?? { counts: [], ratingSum: 0, answered: 0 };
    return {
      questionId: item.id,
      kind: item.kind,
      title: item.title,
      labels: item.kind === 'rating' ? Array.from({ length: RATINGS }, (_, score) => `${score + 1}分`) : item.options,
      counts: item.kind === 'text' ? [] : entry.counts,
      average: item.kind === 'rating' ? oneDecimal(entry.ratingSum, entry.answered) : 0,
      answered: entry.answered,
    };
  });
  const buildings = [...doc.buildings]
    .sort((x, y) => naturalOrder(x.building, y.building))
    .map((entry) => ({ building: entry.building, answers: entry.answers, averageRating: oneDecimal(entry.ratingSum, entry.ratingCount) }));
  const findings: SurveyFinding[] = doc.findings.map((entry) => ({ ...entry, at: new Date(entry.at).toISOString() }));
  return { survey: toSurvey(doc, viewer, now), questions, buildings, findings };
}

export const surveyResults: Route<'survey.results'> = {
  access: inCommunity(RECORDS_DESK, async (input) => (await loadSurvey(input.id)).communityId),
  input: z.strictObject({ id }),
  async handle({ id: surveyId }, { caller, now }) {
    return toResults(await loadSurvey(surveyId), await caller.viewer(), now);
  },
};

export const surveyTexts: Route<'survey.texts'> = {
  access: inCommunity(RECORDS_DESK, async (input) => (await loadSurvey(input.id)).communityId),
  input: z.strictObject({ id, cursor }),
  async handle({ id: surveyId, cursor: after }) {
    const doc = await loadSurvey(surveyId);
    const titles = new Map(doc.questions.map((item) => [item.id, item.title]));
    const page = await earliestFirst<AnswerDocument, FreeTextAnswer[]>('surveyAnswers', { surveyId, hasText: true }, 'day', after, 20, (answer) =>
      answer.answers.flatMap((item) => (item.text ? [{ questionTitle: titles.get(item.questionId) ?? '', text: item.text }] : [])),
    );
    return { ...page, items: page.items.flat() };
  },
};

export const actOnSurvey: Route<'survey.act'> = onRecord(surveys, {
  actions: ['act'],
  input: z.strictObject({ id, version, finding: text(2, 200), action: text(2, 500) }),
  async handle(input, { caller, now, record: doc }) {
    await assertSafeText(caller.openid, `${input.finding}\n${input.action}`);
    const byName = await staffName(caller);
    await atomically(['surveys'], async (transaction) => {
      const current = await transaction.get<SurveyDocument>('surveys', doc._id);
      if (!current || current.version !== input.version) throw conflict(surveys.stale);
      if (current.findings.length >= 50) throw conflict('一份问卷最多登记 50 条改进措施');
      await transaction.update('surveys', doc._id, { findings: [...current.findings, { finding: input.finding, action: input.action, byName, at: now }], updatedAt: now, version: current.version + 1 });
    });
    return toResults(await loadSurvey(doc._id), await caller.viewer(), now);
  },
});
