import type { IncidentAction } from './actions';

/** Seed 002 §3 ¶11–13: a service-quality incident (质量事故), analysed and signed off by the manager. */
export type IncidentStatus = 'open' | 'signed';

export interface IncidentAnalysis {
  cause: string;
  responsibility: string;
  corrective: string;
  preventive: string;
}

export interface Incident extends IncidentAnalysis {
  id: string;
  communityId: string;
  number: string;
  title: string;
  occurredOn: string;
  description: string;
  tickets: { id: string; number: string }[];
  status: IncidentStatus;
  recordedByName: string;
  recordedAt: string;
  signedByName?: string;
  signedAt?: string;
  signOffNote?: string;
  version: number;
  allowed: IncidentAction[];
}
