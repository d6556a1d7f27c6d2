import { createActor, SimulatedClock } from 'xstate';
import type { Policy } from 'kefu';
import { emailMachine, type Attachment } from 'kefu/machines/email';

/** Shanghai local time on a day of December 2026 (2026-12-01 is a Tuesday, 12-04 a Friday, 12-07 a Monday). */
export const T = (hhmm: string, day = '2026-12-01') => `${day}T${hhmm.length === 5 ? `${hhmm}:00` : hhmm}+08:00`;

export const HOUR = 3_600_000;

export const invoice: Attachment = { name: '发票.jpg', size: 245_760, type: 'image/jpeg' };
export const manual: Attachment = { name: '保养手册.pdf', size: 1_048_576, type: 'application/pdf' };

/** A customer's mail received Tuesday 2026-12-01 09:00 Shanghai, with a photo of the invoice. */
export const mail = {
  mailId: 'M-2026-0001',
  messageId: 'in-1',
  from: 'wang@example.com',
  subject: '保养发票抬头有误',
  body: '您好,上周保养的发票抬头写错了,请帮忙重开。',
  receivedAt: T('09:00'),
  attachments: [invoice],
};

/**
 * Start an email case on a SimulatedClock (a new one unless given), so no real timer is ever
 * set: the clock's 0 is the case's start, and tests move it with `clock.increment(ms)`.
 */
export function startEmail(options: { mail?: Partial<typeof mail> & { tier?: string }; policy?: Policy; at?: string; clock?: SimulatedClock; machine?: typeof emailMachine } = {}) {
  const { clock = new SimulatedClock(), machine = emailMachine, mail: overrides, ...rest } = options;
  return createActor(machine, { input: { mail: { ...mail, ...overrides }, ...rest }, clock }).start();
}
