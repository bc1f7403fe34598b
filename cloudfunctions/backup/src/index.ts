import { runBackup, type BackupOutcome } from '../../api/src/backup/archive';
import { cloud } from '../../api/src/cloud';
import { now } from '../../api/src/clock';

/**
 * The weekly backup (Sundays 03:17 China time, `config.json`: between the api timer's five-minute ticks, so escalation work is not writing while the export reads): every collection and the files they
 * refer to, written to cloud storage under `backups/<time>/`, the last 8 kept. A separate function
 * so the `api` bundle stays as it is and the backup gets the cloud's longest timeout.
 */
interface TimerEvent {
  Type?: unknown;
  Time?: unknown;
}

export async function main(event: TimerEvent): Promise<BackupOutcome | { refused: string }> {
  const context = cloud.getWXContext();
  // Anyone using the mini-program can call any function of the env: only the timer may start a backup.
  if (context.OPENID || event.Type !== 'Timer') return { refused: 'only the weekly timer runs backups' };
  const scheduled = typeof event.Time === 'string' ? new Date(event.Time) : now();
  const env = typeof context.ENV === 'string' ? context.ENV : '';
  return runBackup(Number.isNaN(scheduled.getTime()) ? now() : scheduled, env);
}
