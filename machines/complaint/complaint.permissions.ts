import { AX, C, S, type PermissionTable } from '../../src/policy/permissions.js';

/**
 * The complaint machine's default permissions (ROLE-PERMIT): event type → the roles that may send it.
 * The machine carries them (`withRolePermit`); a host overrides entries with
 * `definePolicy({ roles: { permissions: { complaint: { … } } } })`. Who takes which step, and why:
 * src/policy/permissions.ts.
 */
export const complaintPermissions = {
  'FORM.UPDATE': AX,
  'COMPLAINT.REGISTER': AX,
  'ASSESS.VALID': AX,
  'ASSESS.INVALID': AX,
  'EXPLANATION.GIVE': AX,
  'CUSTOMER.ACKNOWLEDGE': C,
  'CUSTOMER.DISPUTE': C,
  'INVESTIGATION.RECORD': AX,
  'PROPOSAL.ADD': AX,
  'PROPOSAL.SUBMIT': AX,
  // 主管领导应对投诉处理方案一一过目: the verdict on each proposal is the supervisor's.
  'PROPOSAL.REVIEW': S,
  // 请顾客参与共同选择: the customer chooses on their own channel, or the agent records the choice
  // the customer makes with them (on the phone, at the counter).
  'CUSTOMER.CHOOSE': ['customer', 'agent', 'supervisor', 'afterSales'],
  'SUPERVISOR.APPROVE': S,
  'SUPERVISOR.SEND_BACK': S,
  'CUSTOMER.NOTIFY': AX,
  // The customer signs; an agent may record a signature only with evidence (CP-SIGNOFF).
  'CUSTOMER.ACCEPT': ['customer', 'agent', 'supervisor', 'afterSales'],
  'CUSTOMER.REJECT': C,
  'ACCOUNTABILITY.RECORD': AX,
  'FEEDBACK.RECORD': AX,
  'IMPLEMENTATION.COMPLETE': AX,
  'FOLLOWUP.RECORD': AX,
  'FOLLOWUP.COMPLETE': AX,
  'COMPLAINT.REOPEN': AX,
  'REVIEW.FILE': S,
  'REPLY.SEND': AX,
} as const satisfies PermissionTable;
