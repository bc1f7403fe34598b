import type { RouteTable } from './router';
import { ping } from './actions/system';
import { getProfile, phoneFromCode } from './accounts/profile';
import { createInvite, redeemInvite } from './accounts/invites';
import { listRoleChanges, listStaff, listTechnicians, setStaffRoles } from './accounts/staff';
import { createCommunity, getCommunity, listCommunities, listDirectory, updateCommunity } from './communities/communities';
import { getUnitListing, listUnits } from './communities/units';
import { importRoster } from './communities/rosterImport';
import { bindingQueue, requestBinding, revealBinding, reviewBinding } from './residents/bindings';
import { deletePersonalData, exportPersonalData } from './privacy/personalData';
import { listAccessLog } from './privacy/accessLog';
import { calendarOverview, saveHolidayYear } from './time/schedules';
import { downloadBackup, listBackups } from './backup/records';
import { currentShift, listDesk, logCall, logDuty } from './desk/records';
import { unitFile } from './communities/unitFile';
import { analyseIncident, getIncident, listIncidents, recordIncident, signOffIncident } from './quality/incidents';
import { checkPoint, getRound, listMissed, listRoutes, saveRoute } from './site/patrols';
import { printCodes } from './site/patrolCodes';
import { completeWorkOrder, listWorkOrders } from './site/workOrders';
import { authoriseKey, lendKey, listKeyLoans, listKeys, myKeys, returnKey, saveKey } from './site/keys';
import { confirmCustody, handOverCustody, listCustody, myCustody, recordCustody } from './site/custody';
import { approveLoan, consentToQuery, getLoan, lendFile, listLoans, readLentFile, refuseLoan, requestLoan, returnFile } from './records/fileLoans';
import { acknowledgeKeeperHandover, createKeeperHandover, listKeeperHandovers, listKeepers } from './records/keeperHandovers';
import { createContract, endContract, getContract, listContracts, updateContract } from './records/contracts';
import { closeShop, createShop, getShop, listShops, recordFireCheck, updateShop } from './records/shops';
import { getCatalog } from './tickets/catalog';
import { registerTicket, submitTicket } from './tickets/intake';
import { recordConsent } from './tickets/notify';
import { acknowledgeAlert, listUnreached } from './alerts/alerts';
import { getConsent } from './alerts/consent';
import { getRobots, saveRobot } from './alerts/robot';
import { getWorkload } from './alerts/workload';
import { boardTickets, getBoard } from './quality/board';
import { exportBoard } from './quality/boardExport';
import { boardTrend, commentReport, listReports, openReport } from './quality/reports';
import { completeReview, getReview, listReviews, openReview, reviewCandidates, updateReview } from './quality/reviews';
import { findByNumber, getTicket, inbox, myTickets, search } from './tickets/queries';
import {
  acceptTicket,
  assignTicket,
  reassignTicket,
  closeTicket,
  confirmTicket,
  recordConfirmation,
  judgeValidity,
  closeUnanswered,
  gradeComplaint,
  proposeCharge,
  rateTicket,
  reopenTicket,
  replyToTicket,
  resolveTicket,
  respondToCharge,
  returnVisit,
  scheduleVisit,
  checkIn,
  recordWork,
  closeOutOfScope,
  notifyDepartments,
  revealContact,
} from './tickets/workflow';
import { getPromises, savePhrases, savePromises } from './tickets/settings';
import { acknowledgeHandover, createHandover, listHandovers, openForHandover } from './tickets/handover';
import { board, diff, history, inquire, listDrafts, publish, saveDraft } from './disclosure/disclosures';
import { generateBills, listBills, markPaid, myBills, publishBills, remindBill, waiveBill } from './disclosure/bills';
import { listArrears } from './disclosure/arrears';
import { getNotice, listNotices, noticeBoard, noticeHistory, printNotice, publishNotice, readNotice, saveDraft as saveNoticeDraft, withdrawNotice } from './notices/notices';
import { openReceipt } from './disclosure/receipts';
import { exportReconciliation, reconcileBills } from './disclosure/reconciliation';
import { paymentStatus, refundPayment, startPayment } from './payments/orders';
import {
  acceptCompletion,
  apply,
  fixViolation,
  getRenovation,
  inspect,
  myRenovations,
  renovationQueue,
  renovationTerms,
  resubmit,
  reviewRenovation,
} from './renovation/applications';
import { getCare, listCare, recordCare, saveCare } from './care/care';
import { acceptVisitTime, answerVisit, getVisit, listVisits, myVisits, planVisit, proposeVisit, recordVisit, ticketFromVisit } from './visits/visits';
import { exportVisits } from './visits/visitArchive';
import { listAgreements, publishAgreement, signAgreement, unitAgreement } from './movein/agreements';
import { getMoveIn, listMoveIns, myMoveIns, printMoveIn, saveMoveIn, signMoveIn } from './movein/moveIns';
import { revealPreferences, savePreferences } from './movein/preferences';
import { activityBoard, cancelSignup, getActivity, listActivities, listSignups, publishActivity, reportActivity, saveActivity, signUp } from './events/activities';
import { getMeeting, listMeetings, recordMinutes, saveMeeting, suggestAtMeeting } from './events/meetings';
import { actOnSurvey, answerSurvey, closeSurvey, getSurvey, listSurveys, mySurveys, saveSurvey, sendSurvey, surveyResults, surveyTexts } from './events/surveys';

/** Every action of the `api` function. Adding an action to `typings/api.ts` without a row here fails type checking. */
export const routes: RouteTable = {
  'system.ping': ping,

  'me.profile': getProfile,
  'me.phoneFromCode': phoneFromCode,
  'me.export': exportPersonalData,
  'me.delete': deletePersonalData,

  'directory.communities': listDirectory,
  'directory.units': listUnits,
  'directory.unit': getUnitListing,

  'community.list': listCommunities,
  'community.get': getCommunity,
  'community.create': createCommunity,
  'community.update': updateCommunity,
  'roster.import': importRoster,

  'invite.create': createInvite,
  'invite.redeem': redeemInvite,
  'staff.list': listStaff,
  'staff.setRoles': setStaffRoles,
  'staff.roleChanges': listRoleChanges,
  'staff.technicians': listTechnicians,

  'binding.request': requestBinding,
  'binding.queue': bindingQueue,
  'binding.review': reviewBinding,
  'binding.reveal': revealBinding,

  'accessLog.list': listAccessLog,

  'me.subscribe': recordConsent,
  'me.subscriptions': getConsent,
  'staff.workload': getWorkload,
  'alert.unreached': listUnreached,
  'alert.acknowledge': acknowledgeAlert,
  'robots.get': getRobots,
  'robots.save': saveRobot,
  'board.get': getBoard,
  'board.tickets': boardTickets,
  'board.export': exportBoard,
  'report.list': listReports,
  'report.open': openReport,
  'report.comment': commentReport,
  'board.trend': boardTrend,
  'review.candidates': reviewCandidates,
  'review.open': openReview,
  'review.update': updateReview,
  'review.complete': completeReview,
  'review.list': listReviews,
  'review.get': getReview,
  'ticket.catalog': getCatalog,
  'ticket.create': submitTicket,
  'ticket.register': registerTicket,
  'ticket.mine': myTickets,
  'ticket.get': getTicket,
  'ticket.find': findByNumber,
  'ticket.inbox': inbox,
  'ticket.search': search,
  'ticket.accept': acceptTicket,
  'ticket.grade': gradeComplaint,
  'ticket.assign': assignTicket,
  'ticket.reassign': reassignTicket,
  'ticket.reply': replyToTicket,
  'ticket.proposeCharge': proposeCharge,
  'ticket.respondCharge': respondToCharge,
  'ticket.resolve': resolveTicket,
  'ticket.confirm': confirmTicket,
  'ticket.recordConfirmation': recordConfirmation,
  'ticket.judgeValidity': judgeValidity,
  'ticket.closeUnanswered': closeUnanswered,
  'ticket.reopen': reopenTicket,
  'ticket.rate': rateTicket,
  'ticket.returnVisit': returnVisit,
  'ticket.close': closeTicket,
  'ticket.notifyDepartments': notifyDepartments,
  'ticket.closeOutOfScope': closeOutOfScope,
  'ticket.schedule': scheduleVisit,
  'ticket.checkIn': checkIn,
  'ticket.recordWork': recordWork,
  'ticket.contact': revealContact,

  'phrases.save': savePhrases,
  'repairPromises.get': getPromises,
  'repairPromises.save': savePromises,

  'handover.open': openForHandover,
  'handover.create': createHandover,
  'handover.list': listHandovers,
  'handover.acknowledge': acknowledgeHandover,

  'unit.file': unitFile,

  'incident.record': recordIncident,
  'incident.analyse': analyseIncident,
  'incident.signOff': signOffIncident,
  'incident.list': listIncidents,
  'incident.get': getIncident,
  'patrol.routes': listRoutes,
  'patrol.round': getRound,
  'patrol.saveRoute': saveRoute,
  'patrol.check': checkPoint,
  'patrol.missed': listMissed,
  'patrol.codes': printCodes,
  'workOrder.list': listWorkOrders,
  'workOrder.complete': completeWorkOrder,
  'key.list': listKeys,
  'key.save': saveKey,
  'key.lend': lendKey,
  'key.return': returnKey,
  'key.loans': listKeyLoans,
  'key.mine': myKeys,
  'key.authorise': authoriseKey,
  'custody.list': listCustody,
  'custody.record': recordCustody,
  'custody.handOver': handOverCustody,
  'custody.mine': myCustody,
  'custody.confirm': confirmCustody,

  'fileLoan.request': requestLoan,
  'fileLoan.approve': approveLoan,
  'fileLoan.consent': consentToQuery,
  'fileLoan.refuse': refuseLoan,
  'fileLoan.lend': lendFile,
  'fileLoan.return': returnFile,
  'fileLoan.list': listLoans,
  'fileLoan.get': getLoan,
  'fileLoan.read': readLentFile,
  'keeperHandover.create': createKeeperHandover,
  'keeperHandover.acknowledge': acknowledgeKeeperHandover,
  'keeperHandover.list': listKeeperHandovers,
  'keeperHandover.keepers': listKeepers,

  'contract.create': createContract,
  'contract.update': updateContract,
  'contract.end': endContract,
  'contract.list': listContracts,
  'contract.get': getContract,
  'shop.create': createShop,
  'shop.update': updateShop,
  'shop.recordCheck': recordFireCheck,
  'shop.close': closeShop,
  'shop.list': listShops,
  'shop.get': getShop,

  'desk.logCall': logCall,
  'desk.logDuty': logDuty,
  'desk.list': listDesk,
  'desk.shift': currentShift,

  'calendar.overview': calendarOverview,
  'calendar.saveYear': saveHolidayYear,
  'backup.list': listBackups,
  'backup.download': downloadBackup,

  'disclosure.saveDraft': saveDraft,
  'disclosure.drafts': listDrafts,
  'disclosure.publish': publish,
  'disclosure.board': board,
  'disclosure.history': history,
  'disclosure.diff': diff,
  'disclosure.inquire': inquire,

  'notice.saveDraft': saveNoticeDraft,
  'notice.publish': publishNotice,
  'notice.withdraw': withdrawNotice,
  'notice.list': listNotices,
  'notice.board': noticeBoard,
  'notice.history': noticeHistory,
  'notice.get': getNotice,
  'notice.read': readNotice,
  'notice.pdf': printNotice,

  'bill.generate': generateBills,
  'bill.publish': publishBills,
  'bill.list': listBills,
  'bill.mine': myBills,
  'bill.markPaid': markPaid,
  'bill.remind': remindBill,
  'bill.waive': waiveBill,
  'bill.arrears': listArrears,
  'bill.receipt': openReceipt,
  'bill.reconcile': reconcileBills,
  'bill.reconcileExport': exportReconciliation,
  'pay.start': startPayment,
  'pay.status': paymentStatus,
  'pay.refund': refundPayment,

  'renovation.terms': renovationTerms,
  'renovation.apply': apply,
  'renovation.resubmit': resubmit,
  'renovation.mine': myRenovations,
  'renovation.get': getRenovation,
  'renovation.queue': renovationQueue,
  'renovation.review': reviewRenovation,
  'renovation.inspect': inspect,
  'renovation.fixViolation': fixViolation,
  'renovation.accept': acceptCompletion,

  'care.list': listCare,
  'care.get': getCare,
  'care.save': saveCare,
  'care.record': recordCare,
  'visit.plan': listVisits,
  'visit.get': getVisit,
  'visit.create': planVisit,
  'visit.propose': proposeVisit,
  'visit.answer': answerVisit,
  'visit.accept': acceptVisitTime,
  'visit.record': recordVisit,
  'visit.ticket': ticketFromVisit,
  'visit.mine': myVisits,
  'visit.archive': exportVisits,
  'agreement.publish': publishAgreement,
  'agreement.versions': listAgreements,
  'agreement.forUnit': unitAgreement,
  'agreement.sign': signAgreement,
  'movein.save': saveMoveIn,
  'movein.list': listMoveIns,
  'movein.get': getMoveIn,
  'movein.mine': myMoveIns,
  'movein.sign': signMoveIn,
  'movein.pdf': printMoveIn,
  'unit.preferences.save': savePreferences,
  'unit.preferences.reveal': revealPreferences,
  'activity.save': saveActivity,
  'activity.publish': publishActivity,
  'activity.list': listActivities,
  'activity.get': getActivity,
  'activity.signups': listSignups,
  'activity.report': reportActivity,
  'activity.board': activityBoard,
  'activity.signUp': signUp,
  'activity.cancel': cancelSignup,
  'meeting.save': saveMeeting,
  'meeting.list': listMeetings,
  'meeting.get': getMeeting,
  'meeting.minutes': recordMinutes,
  'meeting.suggest': suggestAtMeeting,
  'survey.save': saveSurvey,
  'survey.send': sendSurvey,
  'survey.close': closeSurvey,
  'survey.list': listSurveys,
  'survey.get': getSurvey,
  'survey.mine': mySurveys,
  'survey.answer': answerSurvey,
  'survey.results': surveyResults,
  'survey.texts': surveyTexts,
  'survey.act': actOnSurvey,
};
