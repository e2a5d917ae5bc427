-- id: iam-access-key-for-other-user
-- title: Access key created for another user
-- severity: high
-- tactic: persistence
-- mitre: T1098.001
-- description: CreateAccessKey calls whose userName names someone other than the caller (an IAM user
--   creating a key for a different user, or a role or root creating a key for a user), successful or
--   permission-denied. A second long-term key on another, often more privileged, user survives the
--   rotation of the key the attacker stole. access_key_created shows the new key's ID.
-- references: https://attack.mitre.org/techniques/T1098/001/
--   https://stratus-red-team.cloud/attack-techniques/AWS/aws.persistence.iam-backdoor-user/
-- false-positives: Administrators or provisioning roles issuing keys to service users; check the
--   ticket and whether the key was handed over.
WITH keys AS (
  SELECT *, (request_parameters->>'$.userName') AS for_user,
         coalesce(user_name, regexp_extract(principal_arn, '/([^/]+)$', 1)) AS caller
  FROM events
  WHERE event_source = 'iam.amazonaws.com' AND event_name = 'CreateAccessKey'
    AND (error_code IS NULL OR error_code ILIKE '%AccessDenied%' OR error_code ILIKE '%Unauthorized%')
)
SELECT event_key, event_id, event_time, identity_type, principal_arn, caller, for_user, source_ip, error_code,
       (response_elements->>'$.accessKey.accessKeyId') AS access_key_created
FROM keys
WHERE for_user IS NOT NULL AND (identity_type IS DISTINCT FROM 'IAMUser' OR caller IS DISTINCT FROM for_user)
ORDER BY event_time, event_key
