import type { RenovationForm } from '../../typings/renovation';

/** What each test's application has to name itself: the home, the dates and the agreement version signed. */
type Essentials = Pick<RenovationForm, 'unitId' | 'startDate' | 'endDate' | 'agreementVersion'>;

/**
 * An owner's complete application for ordinary works (floors and walls, 101 m², no structural
 * item, terms acknowledged), as the form sends it; `form` names the essentials and overrides the rest.
 */
export function renovationForm(form: Essentials & Partial<RenovationForm>): RenovationForm {
  return {
    contractor: { company: '成都安居装饰工程有限公司', licenceNo: '91510100MA6C8X7B1Q', contactName: '周工', contactPhone: '13912345678', workers: 4 },
    areaCenti: 10100,
    workItems: ['floor-wall'],
    attachments: [],
    approvalDocs: [],
    existingBuilding: false,
    safetyCommitmentSigned: false,
    acknowledgedTerms: true,
    ...form,
  };
}
