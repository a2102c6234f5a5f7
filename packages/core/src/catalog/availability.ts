import { Field, InputType, Int, ObjectType } from '@nestjs/graphql';
import { DomainError } from '@parley/plugin-sdk';

/** A time of day when a menu section is offered, in the store's time zone: breakfast 07:00-11:00 on weekdays. */
export interface AvailabilityWindow {
  /** ISO weekdays, 1 = Monday ... 7 = Sunday. Empty or missing: every day. */
  days?: number[];
  from: string;
  to: string;
}

@ObjectType('AvailabilityWindow')
export class AvailabilityWindowType {
  @Field(() => [Int], { description: 'ISO weekdays, 1 = Monday ... 7 = Sunday; empty means every day.' })
  days: number[];

  @Field({ description: 'HH:MM in the store time zone.' })
  from: string;

  @Field({ description: 'HH:MM in the store time zone; before `from` means the window ends the next day.' })
  to: string;
}

@InputType()
export class AvailabilityWindowInput {
  @Field(() => [Int], { nullable: true })
  days?: number[] | null;

  @Field()
  from: string;

  @Field()
  to: string;
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

export class InvalidAvailabilityWindowError extends DomainError {
  constructor(reason: string) {
    super('INVALID_AVAILABILITY_WINDOW', `Availability window: ${reason}`);
  }
}

export function toWindows(input: AvailabilityWindowInput[] | null | undefined): AvailabilityWindow[] | null {
  if (!input || input.length === 0) return null;
  return input.map((window) => {
    if (!TIME.test(window.from) || !TIME.test(window.to)) throw new InvalidAvailabilityWindowError('times are HH:MM, 00:00 to 23:59');
    if (window.from === window.to) throw new InvalidAvailabilityWindowError('from and to must differ');
    const days = [...new Set(window.days ?? [])].sort();
    if (days.some((day) => !Number.isInteger(day) || day < 1 || day > 7)) {
      throw new InvalidAvailabilityWindowError('days are 1 (Monday) to 7 (Sunday)');
    }
    return { days, from: window.from, to: window.to };
  });
}

const WEEKDAY: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

// Building a DateTimeFormat costs far more than using one, and menus ask for the local time on every request.
const formats = new Map<string, Intl.DateTimeFormat>();

/** Weekday (1-7) and minutes since midnight of an instant, in a time zone. */
export function localTime(at: Date, timeZone: string): { day: number; minutes: number } {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formats.set(timeZone, format);
  }
  const parts = format.formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '0';
  return { day: WEEKDAY[part('weekday')], minutes: Number(part('hour')) * 60 + Number(part('minute')) };
}

function minutesOf(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/** Whether any window is open at the given local time. No windows at all: always open. */
export function isWithinWindows(windows: AvailabilityWindow[] | null, now: { day: number; minutes: number }): boolean {
  if (!windows || windows.length === 0) return true;
  return windows.some((window) => {
    const from = minutesOf(window.from);
    const to = minutesOf(window.to);
    const days = window.days ?? [];
    const onDay = (day: number) => days.length === 0 || days.includes(day);
    if (from < to) return onDay(now.day) && now.minutes >= from && now.minutes < to;
    // Past midnight (22:00-02:00): the evening part belongs to the day it starts, the early hours to the next day.
    const yesterday = now.day === 1 ? 7 : now.day - 1;
    return (onDay(now.day) && now.minutes >= from) || (onDay(yesterday) && now.minutes < to);
  });
}
