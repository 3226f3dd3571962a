-- Issue 17: a démarche share-locks the aidant's membership of the structure (as it locks
-- the aidant), so that a removal from the structure committed while the démarche waited
-- is seen, and one in progress waits for it. PostgreSQL lets a role lock a row FOR SHARE
-- only with an UPDATE privilege on at least one of its columns: the runtime role gets it
-- on the membership's start date only, which no code updates.
GRANT UPDATE (since) ON membership TO ${app_role};
