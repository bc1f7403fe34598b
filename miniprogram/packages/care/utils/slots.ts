import { DAY_MS, chinaDate } from '../../../shared/time';

const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];
const HOURS = [10, 15, 19];

/** Times to offer for a visit: the next `days` days at 10:00, 15:00 and 19:00 China time (the cloud checks the time). */
export function visitSlots(now: number, days = 7): { value: string; label: string }[] {
  const slots: { value: string; label: string }[] = [];
  for (let day = 1; day <= days; day += 1) {
    const date = chinaDate(now + day * DAY_MS);
    const weekday = WEEKDAYS[new Date(`${date}T12:00:00+08:00`).getUTCDay()];
    for (const hour of HOURS) {
      const at = `${date}T${String(hour).padStart(2, '0')}:00:00+08:00`;
      slots.push({ value: at, label: `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日 周${weekday} ${hour}:00` });
    }
  }
  return slots;
}
