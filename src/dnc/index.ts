/**
 * The department's do-not-call list (免打扰名单), shared by return visits, return-visit cycles and
 * telemarketing campaigns. Exported from the root entry `kefu`.
 */
export {
  DoNotCallEntrySchema,
  DoNotCallListSchema,
  addToDoNotCall,
  doNotCallUntil,
  isOnDoNotCall,
  activeDoNotCall,
  pruneDoNotCall,
} from './dnc.js';
export type { DoNotCallEntry, DoNotCallList } from './dnc.js';
