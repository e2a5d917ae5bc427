-- id: iam-login-profile-created-or-reset
-- title: Console password created or reset
-- severity: high
-- tactic: persistence
-- mitre: T1098.001, T1078.004
-- description: CreateLoginProfile calls, and UpdateLoginProfile calls for a user other than the caller,
--   that do not force a password reset at next sign-in; successful or permission-denied. Giving a user a
--   console password the attacker knows (or taking over someone else's) opens console access that
--   outlives a revoked access key. Calls with passwordResetRequired true are the usual helpdesk flow and
--   are left out.
-- references: https://stratus-red-team.cloud/attack-techniques/AWS/aws.persistence.iam-create-user-login-profile/
--   https://stratus-red-team.cloud/attack-techniques/AWS/aws.privilege-escalation.iam-update-user-login-profile/
-- false-positives: Administrators setting an initial password for a new colleague without forcing a
--   change.
WITH profiles AS (
  SELECT *, (request_parameters->>'$.userName') AS for_user,
         coalesce(user_name, regexp_extract(principal_arn, '/([^/]+)$', 1)) AS caller
  FROM events
  WHERE event_source = 'iam.amazonaws.com' AND event_name IN ('CreateLoginProfile', 'UpdateLoginProfile')
    AND (error_code IS NULL OR error_code ILIKE '%AccessDenied%' OR error_code ILIKE '%Unauthorized%')
)
SELECT event_key, event_id, event_time, event_name, identity_type, principal_arn, caller, for_user, source_ip,
       error_code, (request_parameters->>'$.passwordResetRequired') AS reset_required
FROM profiles
WHERE coalesce(request_parameters->>'$.passwordResetRequired', 'false') <> 'true'
  AND (event_name = 'CreateLoginProfile' OR for_user IS DISTINCT FROM caller)
ORDER BY event_time, event_key
