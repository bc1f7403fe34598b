import type { MessagePurpose } from '../../../../typings/alerts';
import type { StaffRole } from '../../../../typings/roles';

/**
 * Subscribe-message templates are deployment configuration: each purpose is its own template,
 * chosen in the mini-program's admin console and named by a function environment variable.
 * Every template has the same four fields (README, deploy): 编号 character_string1, 内容 thing2,
 * 状态 phrase3, 时间 time4.
 */
const VARIABLES: Record<MessagePurpose, string> = {
  progress: 'TICKET_STATUS_TEMPLATE_ID',
  dispatch: 'STAFF_DISPATCH_TEMPLATE_ID',
  escalation: 'STAFF_ESCALATION_TEMPLATE_ID',
  major: 'STAFF_MAJOR_TEMPLATE_ID',
  renovationReview: 'STAFF_RENOVATION_TEMPLATE_ID',
  bindingReview: 'STAFF_BINDING_TEMPLATE_ID',
  contractExpiry: 'STAFF_CONTRACT_TEMPLATE_ID',
};

export const PURPOSES = Object.keys(VARIABLES) as MessagePurpose[];

/** The purpose's template id, or '' when the deployment has not configured it (nothing is sent). */
export const templateIdOf = (purpose: MessagePurpose): string => process.env[VARIABLES[purpose]] ?? '';

/** Every configured template id (a user's consents and messages are forgotten across all of them). */
export const configuredTemplateIds = (): string[] => PURPOSES.map(templateIdOf).filter(Boolean);

export const purposeOfTemplate = (templateId: string): MessagePurpose | undefined => PURPOSES.find((purpose) => templateIdOf(purpose) === templateId);

/** What each staff role is alerted to, so what it is asked to consent to. */
export const ROLE_PURPOSES: Record<StaffRole, MessagePurpose[]> = {
  tech: ['dispatch'],
  cs: ['dispatch', 'bindingReview', 'renovationReview'],
  manager: ['escalation', 'major', 'renovationReview', 'bindingReview', 'contractExpiry'],
  admin: ['escalation', 'major'],
  infokeeper: [],
};

/**
 * Below this many messages left, a template is asked for again. Staff are asked sooner: an alert
 * they miss is work nobody starts; an owner misses a courtesy (the timeline has it all).
 */
export const LOW_QUOTA: Record<'staff' | 'owner', number> = { staff: 3, owner: 1 };
