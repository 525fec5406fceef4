/**
 * OPD slots: a doctor's weekly sessions cut into slots for one IST calendar
 * day, minus leave and hospital holidays. Pure: the service loads the rows.
 */
import { istDayBounds, isoWeekday, minutesOfDay } from '../../time.js';

export interface Session {
  id: number;
  weekday: number;
  startTime: string;
  endTime: string;
  slotMinutes: number;
  maxPatients: number | null;
  isActive: boolean;
}

export interface Slot {
  start: Date;
  end: Date;
  sessionId: number;
}

export interface DayClosures {
  onLeave: boolean;
  holiday: string | null;
}

/** Every slot of the day's active sessions (empty on leave or a holiday). A slot must end by the session's end. */
export function slotsForDay(sessions: Session[], day: string, closures: DayClosures): Slot[] {
  if (closures.onLeave || closures.holiday) return [];
  const midnight = istDayBounds(day).start.getTime();
  const weekday = isoWeekday(day);
  const slots: Slot[] = [];
  for (const session of sessions.filter((s) => s.isActive && s.weekday === weekday)) {
    const end = minutesOfDay(session.endTime);
    for (let at = minutesOfDay(session.startTime); at + session.slotMinutes <= end; at += session.slotMinutes) {
      slots.push({
        start: new Date(midnight + at * 60_000),
        end: new Date(midnight + (at + session.slotMinutes) * 60_000),
        sessionId: session.id,
      });
    }
  }
  return slots.sort((a, b) => a.start.getTime() - b.start.getTime());
}
