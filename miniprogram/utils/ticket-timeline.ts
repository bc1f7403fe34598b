/**
 * A ticket step answers the ticket with only what the step added to its timeline and alerts
 * (`since`: the version the page showed when it sent the step). The page shows the whole: what it
 * held, continued by the step. A page that holds another version reloads instead.
 */
import type { TicketDetail } from '../../typings/tickets';

/** The whole ticket each page shows, kept out of the page's data (the template reads its view). */
const shown = new WeakMap<object, TicketDetail>();

/** The whole ticket after `held` and a step's answer; undefined when the answer does not continue it. */
export function continued(held: TicketDetail | undefined, answer: TicketDetail): TicketDetail | undefined {
  if (answer.since === undefined) return answer;
  if (!held || held.id !== answer.id || held.version !== answer.since) return undefined;
  const { since: _since, ...whole } = answer;
  return {
    ...whole,
    events: [...held.events, ...answer.events],
    ...(answer.alerts ? { alerts: [...(held.alerts ?? []), ...answer.alerts] } : {}),
  };
}

/** The whole ticket `page` shows now that `ticket` arrived (and remembers it); undefined: the page must reload. */
export function ticketToShow(page: object, ticket: TicketDetail): TicketDetail | undefined {
  const whole = continued(shown.get(page), ticket);
  if (whole) shown.set(page, whole);
  else shown.delete(page);
  return whole;
}
