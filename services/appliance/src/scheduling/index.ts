// Scheduled work: the wake-up timers, the book of what is scheduled, and the scheduler that fires them.
export { WakeScheduler, type WakeHandlers, type WakeSchedulerOptions } from './wake-scheduler';
export { ScheduleBook, wakeKey, type Wake } from './schedule-book';
export { WakeTimers, systemTimers, MAX_TIMER_MS, type TimerPort } from './wake-timers';
